package io.gmp4j.context;

import io.gmp4j.RecvChan;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Optional;

/** {@link Context#withValue}: one key and value over a parent; everything else is the parent's. */
final class ValueContext implements Context {
    final Context parent;
    private final Key<?> key;
    private final @Nullable Object val;

    ValueContext(Context parent, Key<?> key, @Nullable Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public RecvChan<Void> done() {
        return parent.done();
    }

    @Override
    public @Nullable ContextException err() {
        return parent.err();
    }

    @Override
    public @Nullable Throwable cause() {
        return parent.cause();
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T value(Key<T> k) {
        // Iterative, so that long chains of values cannot overflow the stack.
        Context c = this;
        while (c instanceof ValueContext v) {
            if (v.key == k) {
                return (T) v.val;
            }
            c = v.parent;
        }
        return c.value(k);
    }

    @Override
    public String toString() {
        return parent + ".WithValue(" + key.name() + ", " + val + ")";
    }
}
