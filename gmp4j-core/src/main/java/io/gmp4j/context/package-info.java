/**
 * Go's {@code context} package: cancellation, deadlines and request-scoped values for trees of
 * goroutines ({@link io.gmp4j.context.Context}), and profiler labels carried by contexts
 * ({@link io.gmp4j.context.Labels}).
 */
@NullMarked
package io.gmp4j.context;

import org.jspecify.annotations.NullMarked;
