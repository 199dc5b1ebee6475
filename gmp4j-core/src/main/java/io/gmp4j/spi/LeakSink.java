package io.gmp4j.spi;

/**
 * Receives proven goroutine leaks, and chooses which waits record their stacks: a service that
 * gmp4j's runtime finds with {@link java.util.ServiceLoader} (module path: {@code provides
 * io.gmp4j.spi.LeakSink with ...}; class path: {@code META-INF/services}), the first time a leak
 * is found or a wait stack may be wanted ({@code -Dgmp4j.leakStacks=true}). gmp4j-diag's leak
 * detector provides it. With no provider on the path, leaks are still collected and unregistered,
 * and only counted ({@link Goroutines#unreportedLeaks()}).
 */
public interface LeakSink {
    /**
     * A goroutine the GC collected while it was blocked, claimed exactly once and already
     * unregistered. Called on the leak reaper's thread, or on a thread sweeping after a GC
     * ({@link Goroutines#sweepCollected()}); may take its time or throw (it is logged).
     *
     * @param g the leaked goroutine's record
     */
    void collected(GoroutineRecord g);

    /**
     * Whether {@code g}, about to block in a gmp4j primitive, records where it blocks (a stack
     * capture, microseconds): a proven leak can show its stack only from this, since its thread is
     * gone by then. Called on the goroutine itself, on every blocking wait: it must be cheap.
     *
     * @param g the goroutine about to block
     * @return whether to capture its stack
     */
    boolean captureWaitStack(GoroutineRecord g);
}
