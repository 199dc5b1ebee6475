/**
 * gmp4j core: goroutines on a GMP scheduler. Only the API package is exported.
 *
 * <p>At full strength it needs {@code --add-opens java.base/java.lang=io.gmp4j.core} on the
 * module path ({@code =ALL-UNNAMED} on the class path); without it goroutines run on the JDK's
 * default scheduler.
 */
module io.gmp4j.core {
    // Sysmon reads carriers' CPU time to tell a goroutine in a system call from a busy one.
    requires java.management;

    exports io.gmp4j;
    exports io.gmp4j.time;
    exports io.gmp4j.context;
    exports io.gmp4j.sync;
}
