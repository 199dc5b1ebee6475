package io.gmp4j.context;

import io.gmp4j.RecvChan;
import io.gmp4j.internal.g.DescribedContext;
import io.gmp4j.spi.ContextDescription;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Optional;

/**
 * A context that never ends: {@link Context#background()} and {@link Context#todo()} (no values),
 * and {@link Context#withoutCancel} (the values of the context it detaches from).
 */
final class EmptyContext implements Context, DescribedContext {
    /** Its description: {@code context.Background}, {@code context.TODO}, or {@code <parent>.WithoutCancel}. */
    final ContextTrace trace;
    /** Where values come from; null for background and todo. */
    private final @Nullable Context values;

    EmptyContext(ContextTrace trace, @Nullable Context values) {
        this.trace = trace;
        this.values = values;
    }

    /**
     * A fresh channel that is never closed. Not a shared one: a goroutine blocked on it forever is
     * then unreachable, which lets the GC prove it leaked. It is owned by this context's
     * description ({@link DoneChannel}), so that such a goroutine is described as waiting on it.
     */
    @Override
    public RecvChan<Void> done() {
        return DoneChannel.make(trace);
    }

    @Override
    public @Nullable ContextException err() {
        return null;
    }

    @Override
    public @Nullable Throwable cause() {
        return null;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public <T> @Nullable T value(Key<T> key) {
        return values == null ? null : values.value(key);
    }

    /** Its description, for dumps and leak reports (it does not refer to this context). */
    @Override
    public ContextDescription description() {
        return trace;
    }

    @Override
    public String toString() {
        return trace.describe();
    }
}
