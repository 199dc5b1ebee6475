/**
 * Goroutine records (internal): {@link io.gmp4j.internal.g.G} (identity, ancestry, labels, wait
 * state, completion; a weak reference to its thread), the {@link io.gmp4j.internal.g.Registry}
 * of live goroutines, and the replaceable {@link io.gmp4j.internal.g.Uncaught} handler. The
 * primitives (channels, select, sync, sleep) block through {@link io.gmp4j.internal.park.Park},
 * which publishes their waits with {@link io.gmp4j.internal.g.G#beginWait} /
 * {@link io.gmp4j.internal.g.G#endWait}.
 */
@NullMarked
package io.gmp4j.internal.g;

import org.jspecify.annotations.NullMarked;
