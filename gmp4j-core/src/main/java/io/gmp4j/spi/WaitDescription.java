package io.gmp4j.spi;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What a goroutine waits on, as its record keeps it: a description that outlives the primitive
 * ({@code chan#12 (cap 0, made at Foo.java:10)}, {@code sync.WaitGroup@1b2c}, a select's channels,
 * {@code ctx.Done() of context.Background.WithCancel (chan#3)}).
 */
public interface WaitDescription {
    /** {@return the description, readable after the primitive itself has been collected} */
    String describe();

    /** {@return where the primitive was made, when creation sites were captured; else null} */
    @Nullable StackTraceElement site();

    /**
     * The contexts whose done channels this wait is on: the context of a {@code ctx.done()}
     * receive, those among a select's cases; empty for every other wait.
     *
     * @return the contexts, in the order the description names them
     */
    default List<ContextDescription> contexts() {
        return List.of();
    }
}
