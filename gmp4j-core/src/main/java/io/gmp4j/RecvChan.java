package io.gmp4j;

import org.jspecify.annotations.Nullable;

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
     * @return the value, or null once the channel is closed and drained
     * @throws GoroutineInterruptedException if interrupted while blocked (nothing was received)
     */
    @Nullable T recv();

    /**
     * Receives without blocking: the next value, or null when none is ready (or closed and drained).
     *
     * @return the value, or null when none is ready or the channel is closed and drained
     */
    @Nullable T tryRecv();

    /** {@return the number of values buffered now} */
    int len();

    /** {@return the buffer's capacity (0 for unbuffered)} */
    int cap();

    /** {@return whether the channel has been closed} */
    boolean isClosed();
}
