/**
 * Go's {@code time} package on gmp4j channels: {@link io.gmp4j.time.Time#sleep},
 * {@link io.gmp4j.time.Time#after}, {@link io.gmp4j.time.Timer}, {@link io.gmp4j.time.Ticker} and
 * {@link io.gmp4j.time.Time#afterFunc}, with Go 1.23's semantics: no stale value after
 * stop/reset, and unreferenced timers are garbage-collected.
 */
@NullMarked
package io.gmp4j.time;

import org.jspecify.annotations.NullMarked;
