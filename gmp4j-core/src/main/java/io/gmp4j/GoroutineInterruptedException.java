package io.gmp4j;

/**
 * Thrown, unchecked, when a thread blocked in a gmp4j operation is interrupted. The thread's
 * interrupt status is set again before this is thrown, so the interruption is not lost.
 */
public final class GoroutineInterruptedException extends RuntimeException {
    /** An exception for an interrupt the gmp4j operation itself noticed. */
    public GoroutineInterruptedException() {
        super("interrupted while blocked in a gmp4j operation");
    }

    /**
     * An exception for an interrupt that a JDK call reported.
     *
     * @param cause the JDK's exception
     */
    public GoroutineInterruptedException(InterruptedException cause) {
        super("interrupted while blocked in a gmp4j operation", cause);
    }
}
