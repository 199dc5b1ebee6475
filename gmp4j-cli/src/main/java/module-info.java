/**
 * The gmp4j command line ({@code bin/gmp4j}): the demo service, and the tools to come. picocli
 * reads the commands' annotations reflectively, so the package is opened to it.
 */
module io.gmp4j.cli {
    requires io.gmp4j.core;
    requires io.gmp4j.diag;
    requires info.picocli;
    requires static org.jspecify; // nullness annotations (JSpecify): compile time only

    opens io.gmp4j.cli to info.picocli;
}
