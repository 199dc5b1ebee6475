package io.gmp4j;

/**
 * The one value of a signal channel: Go's {@code struct{}{}}, sent on a {@code chan struct{}}.
 *
 * <pre>{@code
 * import static io.gmp4j.Signal.SIGNAL;
 *
 * Chan<Signal> ready = Chan.signals();      // Go's: ready := make(chan struct{})
 * Go.go(() -> { setUp(); ready.send(SIGNAL); });
 * ready.recv();                             // Go's: <-ready
 *
 * Chan<Signal> quit = Chan.signals();
 * // ... many goroutines select on quit ...
 * quit.close();                             // every receiver wakes (Go's close as a broadcast)
 * }</pre>
 *
 * <p>A {@code Chan<Signal>} is an ordinary {@link Chan}: it works in {@link Select}, in a
 * for-each loop (Go's {@code range}), in try-with-resources and wherever a {@link RecvChan} or
 * {@link SendChan} is taken. A receive gives {@link #SIGNAL} for a send and null once the channel
 * is closed and drained, so a receiver can tell a signal from the close; to tell them apart
 * without null, use {@link RecvChan#recvOk()} or {@link RecvChan#poll()}.
 */
public enum Signal {
    /** The signal: the only value a {@code Chan<Signal>} carries. */
    SIGNAL
}
