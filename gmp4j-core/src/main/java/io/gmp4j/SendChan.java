package io.gmp4j;

/**
 * The send side of a channel (Go's {@code chan<- T}). See {@link Chan}.
 *
 * @param <T> element type; null elements are not allowed
 */
public sealed interface SendChan<T> permits Chan {
    /**
     * Sends {@code value}, blocking until a receiver takes it (unbuffered) or it is buffered.
     *
     * @throws ChannelClosedException        if the channel is or becomes closed (the value was not sent)
     * @throws NullPointerException          if value is null
     * @throws GoroutineInterruptedException if interrupted while blocked (the value was not sent)
     */
    void send(T value);

    /** Sends without blocking; returns false (and sends nothing) when it would block. */
    boolean trySend(T value);

    /**
     * Closes the channel: blocked receivers get null, blocked senders get
     * {@link ChannelClosedException}; buffered values can still be received.
     *
     * @throws ChannelClosedException if it was already closed
     */
    void close();

    /** Values buffered now. */
    int len();

    /** Buffer capacity (0 for unbuffered). */
    int cap();

    boolean isClosed();
}
