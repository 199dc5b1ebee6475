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
     * {@link #poll()} tells those two apart.
     *
     * @return the value, or null when none is ready or the channel is closed and drained
     */
    @Nullable T tryRecv();

    /**
     * Receives without blocking and says which of three things it found: a {@link Polled.Value},
     * {@link Polled.NotReady} (open, nothing buffered, no sender waiting) or {@link Polled.Closed}
     * (closed and drained). A closed channel still gives its buffered values, one {@code Value} per
     * call, before {@code Closed}. Go's {@code select} with {@code case v, ok := <-ch} and a
     * {@code default}; unlike {@link #tryRecv()}, it tells "nothing ready" from "closed".
     *
     * <pre>{@code
     * switch (ch.poll()) {
     *     case Polled.Value(var v) -> use(v);
     *     case Polled.NotReady() -> later();
     *     case Polled.Closed() -> done();
     * }
     * }</pre>
     *
     * @return what was found; the outcomes without a value are shared instances (no allocation)
     */
    Polled<T> poll();

    /**
     * Receives the next value, blocking until one is available or the channel is closed and
     * drained (Go's {@code v, ok := <-ch}): {@link Polled.Value} or {@link Polled.Closed}, never
     * null. The same receive as {@link #recv()}, with Go's {@code ok} as a type.
     *
     * <pre>{@code
     * while (ch.recvOk() instanceof Polled.Value(var v)) use(v);
     * }</pre>
     *
     * @return the value received, or {@code Closed} (a shared instance) once the channel is closed
     *         and drained
     * @throws GoroutineInterruptedException if interrupted while blocked (nothing was received)
     */
    Polled.Received<T> recvOk();

    /** {@return the number of values buffered now} */
    int len();

    /** {@return the buffer's capacity (0 for unbuffered)} */
    int cap();

    /** {@return whether the channel has been closed} */
    boolean isClosed();
}
