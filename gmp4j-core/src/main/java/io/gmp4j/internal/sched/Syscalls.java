package io.gmp4j.internal.sched;

import io.gmp4j.internal.g.G;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sysmon's view of goroutines stuck in a blocking system call (Go's {@code _Gsyscall}).
 *
 * <p>A virtual thread that calls into blocking native code (file I/O, a JNI call that waits)
 * keeps its carrier, so to the scheduler it looks like any long-running task. Go's runtime knows
 * a goroutine entered a system call; gmp4j infers it once a task has run for a hand-off threshold:
 * its carrier used less than a quarter of the wall time on the CPU over the second half of that
 * time (and, while the run lasts, over each threshold since), and the goroutine's top frame is a
 * native method that may block (not a clock, a hash or an array copy). Such a goroutine reports
 * {@code Goroutine.inSyscall()} until its run ends, and the hand-off of its P says so.
 */
final class Syscalls {
    /*
     * Implementation notes. Both signals are needed: a CPU-bound loop's top frame may be native
     * for a moment (System.nanoTime when interpreted: those quick natives are excluded by name),
     * and a carrier may be off the CPU without a system call (a pinned park, which the thread's
     * own state already shows as WAITING; a loaded machine that deschedules a busy carrier, which
     * is why the bar is a quarter, where a blocked call uses next to nothing). Seen before the
     * bar was set so: a hog in an interpreted System.nanoTime loop on a busy machine, taken for
     * a system call. The
     * CPU time is read at half the threshold and then once per threshold while the task runs, the
     * stack only when the carrier was off the CPU; the ThreadMXBean is looked up only when a task
     * first runs that long.
     *
     * A mark names the goroutine, its M and the M's dispatch number at the time: it holds only
     * while the M is still in that dispatch of that goroutine, so a stale mark (the call
     * returned, the goroutine parked and ran elsewhere) is never believed, and sysmon prunes the
     * invalid ones every period. Fields of P named cpu* and syscall* are sysmon's alone; they name
     * a dispatch by its M and that M's dispatch number (after a hand-off another M owns the P).
     */
    private record Mark(M m, long seq) {
    }

    private final ConcurrentHashMap<G, Mark> marks = new ConcurrentHashMap<>();
    private ThreadMXBean cpu;
    private boolean cpuUnavailable;

    /** Sysmon, once a task has run half the threshold: remember its carrier's CPU time. */
    void observe(P p, M m, long seq, long now) {
        if (p.cpuSeq != seq || p.cpuM != m) {
            p.cpuM = m;
            p.cpuSeq = seq;
            p.cpuAt = now;
            p.cpuNanos = cpuTime(m);
        }
    }

    /**
     * Sysmon, once a task has run the threshold: whether it is in a system call. Decided over the
     * time since the last CPU reading of this dispatch, and decided again every {@code recheckNanos}
     * while the dispatch lasts (a call may start, or end, in the middle of a long run).
     */
    boolean classify(P p, M m, GTask cur, long seq, long now, long recheckNanos) {
        if (p.syscallSeq == seq && p.syscallM == m && now - p.syscallAt < recheckNanos) {
            return p.syscallVerdict;
        }
        if (p.cpuSeq != seq || p.cpuM != m) { // no reading yet for this dispatch (sysmon came late): next time
            observe(p, m, seq, now);
            return false;
        }
        long cpuNow = cpuTime(m);
        boolean offCpu = p.cpuNanos >= 0 && cpuNow >= 0 && 4 * (cpuNow - p.cpuNanos) < now - p.cpuAt;
        boolean verdict = false;
        if (offCpu) {
            Thread t = cur.g.get();
            StackTraceElement[] stack = t == null ? new StackTraceElement[0] : t.getStackTrace();
            verdict = stack.length > 0 && blockingNative(stack[0]) && m.dispatchSeq() == seq;
        }
        p.syscallM = m;
        p.syscallSeq = seq;
        p.syscallAt = now;
        p.syscallVerdict = verdict;
        p.cpuAt = now; // the next decision looks at the time from here
        p.cpuNanos = cpuNow;
        if (verdict) {
            marks.put(cur.g, new Mark(m, seq));
        } else {
            marks.remove(cur.g);
        }
        return verdict;
    }

    /**
     * A native method that may block: any native method except the JDK's quick ones that CPU-bound
     * code calls in loops (clocks, hashes, array copies, math, Unsafe's memory access), which an
     * interpreted loop shows on top of its stack for a moment.
     */
    static boolean blockingNative(StackTraceElement top) {
        if (!top.isNativeMethod()) {
            return false;
        }
        return switch (top.getClassName()) {
            case "java.lang.System", "java.lang.Object", "java.lang.Thread", "java.lang.Class", "java.lang.Math",
                 "java.lang.StrictMath", "java.lang.Float", "java.lang.Double", "java.lang.Runtime", "java.lang.String",
                 "java.lang.StringUTF16", "java.lang.ref.Reference", "java.lang.reflect.Array",
                 "java.lang.invoke.MethodHandle", "jdk.internal.misc.Unsafe", "jdk.internal.misc.CDS" -> false;
            default -> true;
        };
    }

    /** Any thread: whether sysmon found {@code g} in a system call that has not returned yet. */
    boolean inSyscall(G g) {
        if (marks.isEmpty()) {
            return false;
        }
        Mark k = marks.get(g);
        return k != null && holds(g, k);
    }

    /** Sysmon, every period: drops marks whose call has returned. */
    void prune() {
        if (!marks.isEmpty()) {
            marks.entrySet().removeIf(e -> !holds(e.getKey(), e.getValue()));
        }
    }

    private static boolean holds(G g, Mark k) {
        GTask t = k.m().curTask();
        return k.m().dispatchSeq() == k.seq() && t != null && t.g == g;
    }

    private long cpuTime(M m) {
        if (cpuUnavailable) {
            return -1;
        }
        try {
            if (cpu == null) {
                cpu = ManagementFactory.getThreadMXBean();
            }
            return cpu.getThreadCpuTime(m.threadId());
        } catch (RuntimeException | LinkageError e) {
            cpuUnavailable = true; // no java.management, or no thread CPU clock: no syscall state
            return -1;
        }
    }
}
