package io.gmp4j.context;

/**
 * The error of a context that has ended: {@link Context#CANCELED} or
 * {@link Context#DEADLINE_EXCEEDED}, Go's sentinel errors, compared by identity. Unchecked and
 * without a stack trace (it is a shared constant, like Go's {@code context.Canceled}).
 *
 * <p>Its {@link #toString()} is Go's text, so that {@code "stopped: " + ctx.err()} reads
 * {@code stopped: context canceled} as in Go. Like Go's {@code ctx.Err()}, it carries no cause:
 * the cause given to {@code cancel(cause)} is {@link Context#cause()}.
 */
public final class ContextException extends RuntimeException {
    private final String text;

    ContextException(String message) {
        super(message, null, false, false);
        this.text = message;
    }

    /**
     * {@return Go's text of this error, {@code context canceled} or {@code context deadline
     * exceeded}, without a class name (so also a goroutine's panic report reads
     * {@code panic: context canceled}, as Go's does)}
     */
    @Override
    @SuppressWarnings("OverrideThrowableToString") // on purpose: Go's text is the message without the class name
    public String toString() {
        return text;
    }
}
