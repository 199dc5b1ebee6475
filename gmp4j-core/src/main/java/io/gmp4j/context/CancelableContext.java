package io.gmp4j.context;

import org.jspecify.annotations.Nullable;

/**
 * A context its creator can cancel (Go's {@code ctx, cancel := context.WithCancel(parent)}).
 * Cancel it when the work it governs is done, or it stays registered with its parent until the
 * parent ends (Go's "lost cancel" leak).
 *
 * <pre>{@code
 * try (CancelableContext ctx = Context.withTimeout(parent, Duration.ofSeconds(2))) {
 *     fetch(ctx);
 * } // cancelled here
 * }</pre>
 */
public interface CancelableContext extends Context, AutoCloseable {
    /** Cancels this context and its descendants with {@link Context#CANCELED}; later calls do nothing. */
    void cancel();

    /**
     * Cancels with {@link Context#CANCELED} and records {@code cause} (Go's {@code WithCancelCause}).
     *
     * @param cause what {@link #cause()} gives once cancelled; null for {@link Context#CANCELED}
     */
    void cancel(@Nullable Throwable cause);

    /** Same as {@link #cancel()}, so a context can be used in try-with-resources. */
    @Override
    default void close() {
        cancel();
    }
}
