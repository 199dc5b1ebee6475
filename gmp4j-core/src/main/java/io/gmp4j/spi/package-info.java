/**
 * The runtime SPI: the one documented way gmp4j's own modules (diagnostics, the JUnit check, the
 * command line, and the operations tools to come) read the goroutine records and the scheduler.
 * Exported only to those modules ({@code exports io.gmp4j.spi to ...}); not an API for users.
 *
 * <ul>
 *   <li>{@link io.gmp4j.spi.Goroutines}: the live records ({@code all}, {@code byId},
 *       {@code system}), proven-leak sweeps, and the per-test origin tags;</li>
 *   <li>{@link io.gmp4j.spi.GoroutineRecord}: a read-only view of one record (state, wait reason,
 *       wait target, wait epoch, times, the stack on demand, origin, flags);</li>
 *   <li>{@link io.gmp4j.spi.WaitDescription}: what a goroutine waits on, as it outlives the
 *       primitive (with the contexts whose done channels it waits on);</li>
 *   <li>{@link io.gmp4j.spi.ContextDescription}: a context (the one a goroutine waits on, or was
 *       started with) as it outlives the context;</li>
 *   <li>{@link io.gmp4j.spi.LeakSink}: the service (found with {@link java.util.ServiceLoader})
 *       that receives proven leaks and decides which waits record their stacks;</li>
 *   <li>the scheduler's per-P counters and hand-offs are public API already
 *       ({@link io.gmp4j.Scheduler}).</li>
 * </ul>
 *
 * <p>Everything here reads racily and never stops goroutines, like the public
 * {@link io.gmp4j.Goroutine} accessors.
 */
@NullMarked
package io.gmp4j.spi;

import org.jspecify.annotations.NullMarked;
