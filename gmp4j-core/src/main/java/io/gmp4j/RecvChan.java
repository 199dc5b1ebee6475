package io.gmp4j;

/**
 * The receive side of a channel (Go's {@code <-chan T}). See {@link Chan}. Iterating receives
 * until the channel is closed and drained (Go's {@code for v := range ch}).
 *
 * @param <T> element type
 */
public sealed interface RecvChan<T> extends Iterable<T> permits Chan {
    /**
     * Receives the next value, blocking until one is available; returns null once the channel is
     * closed and drained (Go's {@code ok == false}).
     *
     * @throws GoroutineInterruptedException if interrupted while blocked (nothing was received)
     */
    T recv();

    /** Receives without blocking: the next value, or null when none is ready (or closed and drained). */
    T tryRecv();

    int len();

    int cap();

    boolean isClosed();
}
