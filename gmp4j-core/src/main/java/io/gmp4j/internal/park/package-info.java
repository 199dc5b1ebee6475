/**
 * The one park path (internal): {@link io.gmp4j.internal.park.Park} blocks a goroutine in a gmp4j
 * primitive (Go's {@code gopark}) on a {@link io.gmp4j.internal.park.Parked} node, queued in the
 * primitive's {@link io.gmp4j.internal.park.WaitList}, and settles the race between a
 * counterpart's wake-up and the goroutine's own timeout or interrupt through the node's claim.
 */
@NullMarked
package io.gmp4j.internal.park;

import org.jspecify.annotations.NullMarked;
