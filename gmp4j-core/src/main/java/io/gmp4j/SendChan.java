package io.gmp4j;

/**
 * The send side of a channel (Go's {@code chan<- T}). See {@link Chan}.
 *
 * <p>It is {@link AutoCloseable}, so the goroutine that owns the sending side can close it the way
 * Go's {@code defer close(ch)} does, also when its body throws:
 *
 * <pre>{@code
 * Go.go(() -> {
 *     try (SendChan<Integer> out = results) {   // Go's: defer close(results)
 *         for (int i = 0; i < 10; i++) out.send(i);
 *     }
 * });
 * }</pre>
 *
 * A channel is closed once: closing it again throws {@link ChannelClosedException} (Go panics),
 * so either close it explicitly or let try-with-resources close it, not both.
 *
 * @param <T> element type; null elements are not allowed
 */
public sealed interface SendChan<T> extends AutoCloseable permits Chan {
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
     * Closes the channel (Go's {@code close(ch)}): blocked receivers get null, blocked senders get
     * {@link ChannelClosedException}; buffered values can still be received. Declares no checked
     * exception, so try-with-resources needs no {@code catch}.
     *
     * @throws ChannelClosedException if it was already closed (Go's "close of closed channel"
     *                                panic), for instance by an explicit {@code close()} inside
     *                                the try-with-resources block that then closes it again
     */
    @Override
    void close();

    /** {@return the number of values buffered now} */
    int len();

    /** {@return the buffer's capacity (0 for unbuffered)} */
    int cap();

    /** {@return whether the channel has been closed} */
    boolean isClosed();
}
