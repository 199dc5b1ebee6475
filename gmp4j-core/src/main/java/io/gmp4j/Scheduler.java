package io.gmp4j;

import io.gmp4j.internal.runtime.GoRuntime;
import io.gmp4j.internal.sched.GmpScheduler;

import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;

/**
 * A read-only view of the scheduler that runs goroutines.
 *
 * <pre>{@code
 * System.out.println(Scheduler.mode() + " procs=" + Scheduler.procs());
 * for (ProcessorStats p : Scheduler.processors()) System.out.println(p);
 * System.out.println(Scheduler.summary());
 * }</pre>
 *
 * <p>Every method reads racily and never blocks goroutines. In {@link SchedulerMode#JDK_DEFAULT}
 * mode there are no P's: {@link #processors()} and {@link #handoffs()} are empty.
 */
public final class Scheduler {
    private Scheduler() {
    }

    /** {@return which scheduler runs goroutines in this JVM (chosen once, on first use)} */
    public static SchedulerMode mode() {
        return GoRuntime.get().mode();
    }

    /** {@return the number of P's (Go's GOMAXPROCS), from {@code -Dgmp4j.procs}; in JDK mode the JDK's parallelism} */
    public static int procs() {
        GmpScheduler s = GoRuntime.get().scheduler();
        if (s != null) {
            return s.procs();
        }
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        return p != null ? Integer.parseInt(p.trim()) : Runtime.getRuntime().availableProcessors();
    }

    /** {@return the number of carrier threads (M's) created so far; 0 in JDK mode} */
    public static int threads() {
        GmpScheduler s = GoRuntime.get().scheduler();
        return s == null ? 0 : s.threads();
    }

    /** {@return the number of goroutines in the global run queue now} */
    public static int globalQueueLength() {
        GmpScheduler s = GoRuntime.get().scheduler();
        return s == null ? 0 : s.globalQueueLength();
    }

    /** {@return the number of live goroutines in each state (a racy scan over all of them)} */
    public static Map<GoroutineState, Long> goroutinesByState() {
        return GoRuntime.get().countByState();
    }

    /** {@return the per-P counters, one entry per P} */
    public static List<ProcessorStats> processors() {
        GmpScheduler s = GoRuntime.get().scheduler();
        if (s == null) {
            return List.of();
        }
        return s.procStats().stream()
                .map(p -> new ProcessorStats(p.id(), p.ticks(), p.runnextHits(), p.localDispatches(), p.globalDispatches(),
                        p.stolenDispatches(), p.steals(), p.handoffs(), p.parks(), p.queueLength(), p.idle()))
                .toList();
    }

    /** {@return the most recent hand-offs (up to 256), oldest first} */
    public static List<Handoff> handoffs() {
        GmpScheduler s = GoRuntime.get().scheduler();
        if (s == null) {
            return List.of();
        }
        return s.handoffLog().stream()
                .map(h -> new Handoff(h.goroutineId(), h.goroutineName(), h.proc(), Duration.ofNanos(h.runningNanos()),
                        Instant.ofEpochMilli(h.atEpochMillis()), h.syscall()))
                .toList();
    }

    /** {@return one line: mode, procs, threads, goroutines by state, global queue, and per-P dispatch counts} */
    public static String summary() {
        Map<GoroutineState, Long> st = goroutinesByState();
        StringBuilder b = new StringBuilder();
        b.append("mode=").append(mode()).append(" procs=").append(procs()).append(" threads=").append(threads())
                .append(" goroutines=").append(GoRuntime.get().numGoroutine())
                .append(" (runnable=").append(st.get(GoroutineState.RUNNABLE))
                .append(" running=").append(st.get(GoroutineState.RUNNING))
                .append(" waiting=").append(st.get(GoroutineState.WAITING)).append(')')
                .append(" globalq=").append(globalQueueLength());
        for (ProcessorStats p : processors()) {
            b.append(" | P").append(p.id()).append(" ticks=").append(p.ticks()).append(" next=").append(p.runnextHits())
                    .append(" local=").append(p.localDispatches()).append(" global=").append(p.globalDispatches())
                    .append(" stolen=").append(p.stolenDispatches()).append(" handoffs=").append(p.handoffs())
                    .append(" parks=").append(p.parks()).append(" q=").append(p.queueLength());
        }
        return b.toString();
    }
}
