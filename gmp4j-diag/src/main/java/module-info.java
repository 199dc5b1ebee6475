/**
 * gmp4j diagnostics: goroutine snapshots in Go's formats, parsers for Go and JDK dumps, and the
 * leak detector (proven leaks through the GC, suspected leaks by age and growth).
 *
 * <p>It reads the goroutine records through gmp4j-core's runtime SPI, and provides the SPI's
 * {@link io.gmp4j.spi.LeakSink}: gmp4j's runtime finds it with {@link java.util.ServiceLoader}
 * and hands it every proven leak.
 */
@SuppressWarnings("requires-automatic") // protobuf-java has no module descriptor, only an Automatic-Module-Name
module io.gmp4j.diag {
    requires transitive io.gmp4j.core;
    requires com.fasterxml.jackson.databind;
    requires com.google.protobuf;
    requires static transitive org.jspecify; // nullness annotations in the API (JSpecify): compile time only

    exports io.gmp4j.diag;

    provides io.gmp4j.spi.LeakSink with io.gmp4j.diag.LeakDetectorSink;
}
