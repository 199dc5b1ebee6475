package io.gmp4j;

/**
 * Receives exceptions that escape a goroutine's body (Go's panics). Install one with
 * {@link Go#setUncaughtHandler(UncaughtGoroutineHandler)}.
 *
 * <pre>{@code
 * Go.setUncaughtHandler((g, e) -> log.error("goroutine {} ({}) failed", g.id(), g.name(), e));
 * }</pre>
 *
 * <p>It runs on the failing goroutine just before it ends. An exception thrown by the handler
 * itself is printed to {@code System.err} and otherwise ignored; the scheduler is never disturbed.
 */
@FunctionalInterface
public interface UncaughtGoroutineHandler {
    /**
     * Handles what escaped a goroutine's body.
     *
     * @param goroutine the goroutine, still running (it ends when this returns)
     * @param error     what its body threw
     */
    void uncaught(Goroutine goroutine, Throwable error);
}
