package io.gmp4j;

/**
 * Thrown, unchecked, by a send on a closed channel (Go's "send on closed channel" panic) and by a
 * second {@code close()} (Go's "close of closed channel"). A sender that gets it knows its value
 * was not sent.
 */
public final class ChannelClosedException extends RuntimeException {
    public ChannelClosedException(String message) {
        super(message);
    }
}
