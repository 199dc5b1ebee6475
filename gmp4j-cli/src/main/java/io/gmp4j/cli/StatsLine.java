package io.gmp4j.cli;

import io.gmp4j.GoroutineState;
import io.gmp4j.ProcessorStats;
import io.gmp4j.Scheduler;

import java.util.List;
import java.util.Map;

/** Formats one line of scheduler stats, with per-second rates computed against the previous line. */
final class StatsLine {
    private List<ProcessorStats> prev = Scheduler.processors();

    String next(int second, DemoWorkload w) {
        List<ProcessorStats> now = Scheduler.processors();
        Map<GoroutineState, Long> st = Scheduler.goroutinesByState();
        StringBuilder b = new StringBuilder();
        b.append(String.format("t=%2ds G=%d (run %d, runnable %d, wait %d) M=%d globalq=%d",
                second, st.values().stream().mapToLong(Long::longValue).sum() - st.getOrDefault(GoroutineState.DEAD, 0L),
                st.get(GoroutineState.RUNNING), st.get(GoroutineState.RUNNABLE), st.get(GoroutineState.WAITING),
                Scheduler.threads(), Scheduler.globalQueueLength()));
        for (int i = 0; i < now.size(); i++) {
            ProcessorStats p = now.get(i);
            ProcessorStats q = i < prev.size() ? prev.get(i) : p;
            b.append(String.format(" | P%d %,d/s (next %d%% steal %d handoff %d) q=%d", p.id(),
                    p.dispatches() - q.dispatches(),
                    pct(p.runnextHits() - q.runnextHits(), p.dispatches() - q.dispatches()),
                    p.steals() - q.steals(), p.handoffs() - q.handoffs(), p.queueLength()));
        }
        b.append(" | ").append(w.progress()).append(" leaks proven ")
                .append(io.gmp4j.diag.LeakDetector.global().provenLeakCount());
        prev = now;
        return b.toString();
    }

    private static long pct(long part, long whole) {
        return whole == 0 ? 0 : part * 100 / whole;
    }
}
