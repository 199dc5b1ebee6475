package io.gmp4j.spi;

import org.jspecify.annotations.Nullable;

/**
 * What a goroutine waits on, as its record keeps it: a description that outlives the primitive
 * ({@code chan#12 (cap 0, made at Foo.java:10)}, {@code sync.WaitGroup@1b2c}, a select's channels).
 */
public interface WaitDescription {
    /** {@return the description, readable after the primitive itself has been collected} */
    String describe();

    /** {@return where the primitive was made, when creation sites were captured; else null} */
    @Nullable StackTraceElement site();
}
