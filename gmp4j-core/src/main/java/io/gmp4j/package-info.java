/**
 * gmp4j's public API: goroutines ({@link io.gmp4j.Go}, {@link io.gmp4j.Goroutine}) and a
 * read-only view of the GMP scheduler that runs them ({@link io.gmp4j.Scheduler}).
 *
 * <p>Design (see docs/architecture.md): a goroutine is a JDK virtual thread whose scheduler is
 * gmp4j's own. Each goroutine's thread is created with its own {@code GTask} as its
 * {@link java.util.concurrent.Executor}; the JDK calls it whenever the thread becomes runnable,
 * and the task goes into a P's run queue (runnext, a 256-slot lock-free ring) or the global queue.
 * M's (carrier platform threads) holding P's run tasks; idle P's steal; sysmon hands P's away from
 * stuck M's. Records of goroutines ({@code G}) refer to their threads weakly.
 *
 * <p>Packages: {@code io.gmp4j} (API, exported); {@code io.gmp4j.internal.g} (goroutine records and
 * registry); {@code io.gmp4j.internal.park} (the one park path every blocking primitive uses);
 * {@code io.gmp4j.internal.sched} (P, M, run queues, sysmon); {@code io.gmp4j.internal.runtime}
 * (mode selection, starting goroutines, creation sites). Internal packages are not exported;
 * {@code io.gmp4j.spi} is exported to gmp4j's own modules only.
 */
@NullMarked
package io.gmp4j;

import org.jspecify.annotations.NullMarked;
