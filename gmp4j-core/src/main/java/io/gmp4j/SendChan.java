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
     * @param value the value to send
     * @throws ChannelClosedException        if the channel is or becomes closed (the value was not sent)
     * @throws NullPointerException          if value is null
     * @throws GoroutineInterruptedException if interrupted while blocked (the value was not sent)
     */
    void send(T value);

    /**
     * Sends without blocking; returns false (and sends nothing) when it would block.
     *
     * @param value the value to send
     * @return true if a receiver took the value or it was buffered, false if nothing was sent
     * @throws ChannelClosedException if the channel is closed (as Go's non-blocking send on a closed
     *                                channel panics; nothing was sent)
     * @throws NullPointerException   if value is null
     */
    boolean trySend(T value);

    /**
     * Closes the channel: blocked receivers get null, blocked senders get
     * {@link ChannelClosedException}; buffered values can still be received.
     *
     * @throws ChannelClosedException if it was already closed
     */
    void close();

    /** {@return the number of values buffered now} */
    int len();

    /** {@return the buffer's capacity (0 for unbuffered)} */
    int cap();

    /** {@return whether the channel has been closed} */
    boolean isClosed();
}
