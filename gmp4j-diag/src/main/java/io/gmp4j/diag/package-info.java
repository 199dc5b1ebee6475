/**
 * Goroutine snapshots in Go's own formats.
 *
 * <p>{@link io.gmp4j.diag.Snapshot#capture()} reads every live goroutine's record through gmp4j's
 * runtime SPI and its stack from its virtual thread, without stopping the program (see
 * {@code Capture}'s notes; {@code docs/diag-design.md} has the measurements behind the design), and
 * {@link io.gmp4j.diag.Snapshot#write} renders it as Go's {@code debug=2} dump, Go's {@code debug=1}
 * profile, a pprof goroutine profile ({@code go tool pprof} opens it; schema in
 * {@code src/main/proto/profile.proto}), folded stacks or JSON. {@link io.gmp4j.diag.Snapshot#parse}
 * reads Go's debug=2 and debug=1 text, pprof goroutine profiles and JDK JSON thread dumps. {@link io.gmp4j.diag.SnapshotRecorder}
 * keeps a ring of snapshots and saves dumps when thresholds are crossed.
 * {@link io.gmp4j.diag.LeakDetector} reports proven leaks (goroutines the GC collected while they
 * were blocked) and suspected ones (long waits, grouped, with their growth).
 *
 * <p>The goroutine records come from gmp4j-core's runtime SPI ({@code io.gmp4j.spi}), which core
 * exports to gmp4j's own modules only; this module provides the SPI's {@code LeakSink}.
 */
@NullMarked
package io.gmp4j.diag;

import org.jspecify.annotations.NullMarked;
