package io.gmp4j.spi;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * A context as gmp4j's tools see it: its kind, deadline, timeout, where it was made and how it
 * ended, readable after the context itself has been collected. It refers to no context and no
 * channel (only to the descriptions of the context's ancestors), so a goroutine's record may hold
 * it strongly without keeping a leaked goroutine reachable. Text is built on each call, never
 * stored.
 *
 * <pre>{@code
 * ContextDescription c = record.contextDescription();
 * c.describe();  // context.Background.WithDeadline(2026-12-02 17:00:00 +0000 UTC [1.5s])
 * c.kind();      // WithTimeout
 * c.details();   // timeout 2s, made at com.example.Api.handle(Api.java:40)
 * }</pre>
 */
public interface ContextDescription {
    /**
     * Go's {@code context.Context.String()} of the context, as of now: its ancestors' names then
     * its own, e.g. {@code context.Background.WithValue(user, alice).WithCancel}, or
     * {@code context.Background.WithDeadline(2026-12-02 17:00:00 +0000 UTC [1.5s])} (the deadline
     * in UTC, then the time left). A context of another implementation is named by its class.
     *
     * @return the description
     */
    String describe();

    /**
     * {@return what made it}: {@code Background}, {@code TODO}, {@code WithCancel},
     * {@code WithTimeout}, {@code WithDeadline}, {@code WithoutCancel}, {@code WithValue}, or the
     * class name of a context of another implementation
     */
    String kind();

    /** {@return when it ends by itself (its own deadline or an ancestor's), or null} */
    @Nullable Instant deadline();

    /** {@return the timeout it was made with ({@code Context.withTimeout}), or null} */
    @Nullable Duration timeout();

    /** {@return where it was made, when creation sites are captured ({@code -Dgmp4j.creationSite=stack}); else null} */
    @Nullable StackTraceElement site();

    /** {@return Go's {@code ctx.Err()} text once it has ended ({@code context canceled}, {@code context deadline exceeded}); null while live} */
    @Nullable String err();

    /** {@return why it ended, when that is more than {@link #err()}: the cause given to {@code cancel(cause)}; else null} */
    @Nullable Throwable cause();

    /**
     * {@return its timeout, where it was made and how it ended, as far as known, e.g.
     * {@code timeout 2s, made at Api.handle(Api.java:40), err: context canceled, cause: java.io.IOException: gone};
     * empty when nothing is known}
     */
    default String details() {
        StackTraceElement site = site();
        Throwable cause = cause();
        return GoText.contextDetails(timeout(), site == null ? null : site.toString(), err(),
                cause == null ? null : cause.toString());
    }

    /** {@return {@link #describe()} followed by {@link #details()} in parentheses when there are any} */
    default String summary() {
        String d = details();
        return d.isEmpty() ? describe() : describe() + " (" + d + ")";
    }
}
