/**
 * A small application of its own, as a user's modular service would be: it uses gmp4j's API,
 * diagnostics and JUnit check on the module path only, with the options that
 * {@code bin/gmp4j jvm-opts --module-path} prints ({@code ModulePathTest} runs it).
 */
module io.gmp4j.example.modular {
    requires io.gmp4j.core;
    requires io.gmp4j.diag;
    requires io.gmp4j.junit;
    requires org.junit.platform.launcher;
    requires static org.jspecify; // nullness annotations (JSpecify): compile time only

    // The JUnit Platform reflects on the application's own leak-checked tests.
    opens io.gmp4j.example.modular to org.junit.platform.commons;
}
