package io.gmp4j.internal.g;

import io.gmp4j.spi.GoroutineRecord;
import io.gmp4j.spi.LeakSink;
import org.jspecify.annotations.Nullable;

import java.util.ServiceLoader;

/**
 * The {@link LeakSink} of this JVM, found with {@link ServiceLoader} the first time it is needed:
 * when the first proven leak is handed on, or at start when {@code -Dgmp4j.leakStacks=true} asks
 * for wait stacks from the first wait. gmp4j-diag provides one; with none on the path, leaks are
 * counted and dropped.
 */
public final class LeakSinks {
    /*
     * Implementation notes. `sink` is read on every blocking wait (captureWaitStack), so it is a
     * volatile field that stays null until a look-up found a provider: a program that never
     * leaks, and does not ask for wait stacks, never loads gmp4j-diag's detector. The look-up runs
     * at most once (guarded by the class's monitor); ServiceLoader instantiates the provider on
     * the looking thread.
     */
    private static volatile @Nullable LeakSink sink;
    private static boolean lookedUp; // guarded by LeakSinks.class

    private LeakSinks() {
    }

    /** {@return the sink, looked up on first use; null when no provider is on the path} */
    public static @Nullable LeakSink get() {
        LeakSink s = sink;
        if (s != null) {
            return s;
        }
        synchronized (LeakSinks.class) {
            if (!lookedUp) {
                lookedUp = true;
                sink = ServiceLoader.load(LeakSink.class, LeakSinks.class.getClassLoader()).findFirst().orElse(null);
            }
            return sink;
        }
    }

    /** Whether the goroutine about to block records its stack: asks the sink once there is one. */
    static boolean captureWaitStack(GoroutineRecord g) {
        LeakSink s = sink;
        return s != null && s.captureWaitStack(g);
    }
}
