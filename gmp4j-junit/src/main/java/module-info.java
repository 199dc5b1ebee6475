/**
 * gmp4j's JUnit 5 leak check: {@link io.gmp4j.junit.CheckGoroutineLeaks} fails a test that leaves
 * goroutines behind (the uber-go/goleak equivalent). It attributes goroutines to tests through
 * gmp4j-core's runtime SPI (origin tags) and describes leftovers with gmp4j-diag.
 */
module io.gmp4j.junit {
    requires transitive io.gmp4j.core;
    requires io.gmp4j.diag;
    requires transitive org.junit.jupiter.api;
    requires static transitive org.jspecify; // nullness annotations in the API (JSpecify): compile time only

    exports io.gmp4j.junit;
}
