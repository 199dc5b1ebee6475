package io.gmp4j.context;

import io.gmp4j.Chan;
import io.gmp4j.RecvChan;

import java.time.Instant;
import java.util.Optional;

/** {@link Context#withoutCancel}: the parent's values, never cancelled, no deadline. */
final class WithoutCancelContext implements Context {
    final Context parent;

    WithoutCancelContext(Context parent) {
        this.parent = parent;
    }

    @Override
    public RecvChan<Void> done() {
        return Chan.make(); // never closed (see EmptyContext.done)
    }

    @Override
    public ContextException err() {
        return null;
    }

    @Override
    public Throwable cause() {
        return null;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public <T> T value(Key<T> key) {
        return parent.value(key);
    }

    @Override
    public String toString() {
        return parent + ".WithoutCancel";
    }
}
