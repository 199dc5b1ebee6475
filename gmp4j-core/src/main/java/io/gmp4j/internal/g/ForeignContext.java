package io.gmp4j.internal.g;

import io.gmp4j.spi.ContextDescription;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * A context of another implementation than gmp4j's, as a goroutine's record describes it: by its
 * class name only (Go's {@code context.Context.String()} of a context without a {@code String}
 * method). Nothing else is read: the context is user code and is not held.
 *
 * @param kind the context's class name
 */
record ForeignContext(String kind) implements ContextDescription {
    @Override
    public String describe() {
        return kind;
    }

    @Override
    public @Nullable Instant deadline() {
        return null;
    }

    @Override
    public @Nullable Duration timeout() {
        return null;
    }

    @Override
    public @Nullable StackTraceElement site() {
        return null;
    }

    @Override
    public @Nullable String err() {
        return null;
    }

    @Override
    public @Nullable Throwable cause() {
        return null;
    }
}
