package io.gmp4j.context;

import io.gmp4j.Chan;
import io.gmp4j.RecvChan;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Optional;

/**
 * A context that never ends: {@link Context#background()} and {@link Context#todo()} (no values),
 * and {@link Context#withoutCancel} (the values of the context it detaches from).
 */
final class EmptyContext implements Context {
    private final String name;
    /** Where values come from; null for background and todo. */
    private final @Nullable Context values;

    EmptyContext(String name, @Nullable Context values) {
        this.name = name;
        this.values = values;
    }

    /**
     * A fresh channel that is never closed. Not a shared one: a goroutine blocked on it forever is
     * then unreachable, which lets the GC prove it leaked.
     */
    @Override
    public RecvChan<Void> done() {
        return Chan.make();
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

    @Override
    public String toString() {
        return name;
    }
}
