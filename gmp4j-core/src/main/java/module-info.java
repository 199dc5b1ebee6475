/**
 * gmp4j core: goroutines on a GMP scheduler, channels, select, context, sync and time.
 *
 * <p>The API packages are exported to everyone; the runtime SPI ({@code io.gmp4j.spi}: the
 * goroutine records, leak sweeps, origin tags) only to gmp4j's own modules. gmp4j-diag provides
 * the {@link io.gmp4j.spi.LeakSink} that proven leaks go to.
 *
 * <p>At full strength it needs {@code --add-opens java.base/java.lang=io.gmp4j.core} on the
 * module path ({@code =ALL-UNNAMED} on the class path; the README's "Use gmp4j in your project"
 * shows them for Maven and Gradle, and {@code bin/gmp4j jvm-opts [--module-path]} prints them);
 * without it goroutines run on the JDK's default scheduler, without proven-leak detection, and
 * gmp4j says so in one line.
 */
@SuppressWarnings("module") // the qualified export names modules built after this one
module io.gmp4j.core {
    // Sysmon reads carriers' CPU time to tell a goroutine in a system call from a busy one.
    requires java.management;
    requires static transitive org.jspecify; // nullness annotations in the API (JSpecify): compile time only

    exports io.gmp4j;
    exports io.gmp4j.time;
    exports io.gmp4j.context;
    exports io.gmp4j.sync;
    exports io.gmp4j.spi to io.gmp4j.diag, io.gmp4j.junit, io.gmp4j.cli;

    uses io.gmp4j.spi.LeakSink;
}
