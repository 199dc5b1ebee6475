/**
 * Goroutine records (internal): {@link io.gmp4j.internal.g.G} (identity, ancestry, labels, wait
 * state, completion; a weak reference to its thread), the {@link io.gmp4j.internal.g.Registry}
 * of live goroutines, and the replaceable {@link io.gmp4j.internal.g.Uncaught} handler. Later
 * primitives (channels, select, sync) report their wait reasons through
 * {@link io.gmp4j.internal.g.G#beginWait} / {@link io.gmp4j.internal.g.G#endWait}.
 */
package io.gmp4j.internal.g;
