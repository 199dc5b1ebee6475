package io.gmp4j.diag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trims gmp4j's own machinery and the JDK's virtual-thread and park frames from a captured stack,
 * the way Go's dumps start at the blocking call a program made ({@code runtime.gopark} aside).
 *
 * <p>Innermost first: frames of the JDK's park path and of {@code io.gmp4j.internal} are dropped;
 * of a run of gmp4j API frames ({@code io.gmp4j.Chan.awaitOrCancel} under
 * {@code io.gmp4j.Chan.recv}) only the outermost is kept, the call the program made. Outermost
 * frames that only start a goroutine (the scheduler's task, the virtual thread's run, a scoped
 * value binding) are dropped too.
 */
final class StackTrimmer {
    private StackTrimmer() {
    }

    static List<Frame> frames(StackTraceElement[] raw, boolean keepMachinery) {
        return frames(raw, keepMachinery, new HashMap<>());
    }

    /** As above, sharing one {@link Frame} per distinct element through {@code interned}. */
    static List<Frame> frames(StackTraceElement[] raw, boolean keepMachinery, Map<StackTraceElement, Frame> interned) {
        List<Frame> out = new ArrayList<>(raw.length);
        if (keepMachinery) {
            for (StackTraceElement e : raw) {
                out.add(interned.computeIfAbsent(e, Frame::of));
            }
            return List.copyOf(out);
        }
        int from = 0;
        while (from < raw.length && isParkMachinery(raw[from].getClassName())) {
            from++;
        }
        while (from + 1 < raw.length && isApi(raw[from].getClassName()) && isApi(raw[from + 1].getClassName())) {
            from++;
        }
        int to = raw.length;
        while (to > from && isStartMachinery(raw[to - 1].getClassName())) {
            to--;
        }
        for (int i = from; i < to; i++) {
            out.add(interned.computeIfAbsent(raw[i], Frame::of));
        }
        return List.copyOf(out);
    }

    private static boolean isParkMachinery(String cls) {
        return cls.startsWith("java.lang.VirtualThread") || cls.startsWith("jdk.internal.")
                || cls.startsWith("java.lang.System$") || cls.equals("java.util.concurrent.locks.LockSupport")
                || cls.startsWith("io.gmp4j.internal.");
    }

    /** gmp4j's API packages exactly (io.gmp4j, .time, .context, .sync), not tools such as io.gmp4j.junit. */
    private static boolean isApi(String cls) {
        int dot = cls.lastIndexOf('.');
        String pkg = dot < 0 ? "" : cls.substring(0, dot);
        return pkg.equals("io.gmp4j") || pkg.equals("io.gmp4j.time") || pkg.equals("io.gmp4j.context") || pkg.equals("io.gmp4j.sync");
    }

    private static boolean isStartMachinery(String cls) {
        return cls.startsWith("io.gmp4j.internal.") || cls.startsWith("java.lang.VirtualThread")
                || cls.startsWith("jdk.internal.") || cls.startsWith("java.lang.ScopedValue")
                || cls.equals("java.lang.Thread");
    }
}
