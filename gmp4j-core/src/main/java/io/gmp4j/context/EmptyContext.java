package io.gmp4j.context;

import io.gmp4j.Chan;
import io.gmp4j.RecvChan;

import java.time.Instant;
import java.util.Optional;

/** {@link Context#background()} and {@link Context#todo()}: never cancelled, no deadline, no values. */
final class EmptyContext implements Context {
    private final String name;

    EmptyContext(String name) {
        this.name = name;
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
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
