/**
 * Goroutine snapshots in Go's own formats.
 *
 * <p>{@link io.gmp4j.diag.Snapshot#capture()} reads every live goroutine's record from gmp4j's
 * registry and its stack from its virtual thread, without stopping the program (see
 * {@code Capture}'s notes; {@code docs/diag-design.md} has the measurements behind the design), and
 * {@link io.gmp4j.diag.Snapshot#write} renders it as Go's {@code debug=2} dump, Go's {@code debug=1}
 * profile, a pprof goroutine profile ({@code go tool pprof} opens it; schema in
 * {@code src/main/proto/profile.proto}), folded stacks or JSON. {@link io.gmp4j.diag.Snapshot#parse}
 * reads Go's debug=2 and debug=1 text, pprof goroutine profiles and JDK JSON thread dumps. {@link io.gmp4j.diag.SnapshotRecorder}
 * keeps a ring of snapshots and saves dumps when thresholds are crossed. The leak detector comes next.
 *
 * <p>On the module path, {@code io.gmp4j.core} will need to export {@code io.gmp4j.internal.g} to
 * this module (qualified export) once it has a module descriptor of its own; today it runs on the
 * class path, like the other non-core modules.
 */
package io.gmp4j.diag;
