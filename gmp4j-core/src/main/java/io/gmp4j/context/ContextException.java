package io.gmp4j.context;

/**
 * The error of a context that has ended: {@link Context#CANCELED} or
 * {@link Context#DEADLINE_EXCEEDED}, Go's sentinel errors, compared by identity. Unchecked and
 * without a stack trace (it is a shared constant, like Go's {@code context.Canceled}).
 */
public final class ContextException extends RuntimeException {
    ContextException(String message) {
        super(message, null, false, false);
    }
}
