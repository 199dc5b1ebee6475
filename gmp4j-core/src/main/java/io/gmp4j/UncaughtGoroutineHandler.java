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
    void uncaught(Goroutine goroutine, Throwable error);
}
