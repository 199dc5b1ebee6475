package io.gmp4j;

/**
 * Thrown, unchecked, by a send on a closed channel (Go's "send on closed channel" panic) and by a
 * second {@code close()} (Go's "close of closed channel"). A sender that gets it knows its value
 * was not sent.
 */
public final class ChannelClosedException extends RuntimeException {
    /**
     * An exception with Go's panic message.
     *
     * @param message what happened, e.g. {@code send on closed channel chan#12 (cap 0)}
     */
    public ChannelClosedException(String message) {
        super(message);
    }
}
