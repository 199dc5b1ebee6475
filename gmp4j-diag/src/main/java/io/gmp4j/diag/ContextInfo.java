package io.gmp4j.diag;

import io.gmp4j.spi.GoText;

import io.gmp4j.spi.ContextDescription;
import io.gmp4j.spi.WaitDescription;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A context as a dump shows it: one whose {@code ctx.Done()} channel a goroutine waits on (alone
 * or among a select's cases), or the one it was started with ({@code Go.go(ctx, body)}). Taken
 * when the dump was: the description's time left, the error and the cause are those of that
 * moment.
 *
 * <pre>{@code
 * for (GoroutineInfo g : Snapshot.capture().goroutines()) {
 *     g.waitContexts().forEach(c -> System.out.println(g.id() + " waits on " + c.summary()));
 * }
 * }</pre>
 *
 * @param description Go's {@code context.Context.String()}:
 *                    {@code context.Background.WithDeadline(2026-12-02 17:00:00 +0000 UTC [1.5s])}
 * @param kind        {@code Background}, {@code TODO}, {@code WithCancel}, {@code WithTimeout},
 *                    {@code WithDeadline}, {@code WithoutCancel}, {@code WithValue}, or the class
 *                    name of a context of another implementation
 * @param deadline    when it ends by itself (its own deadline or an ancestor's), or null
 * @param timeout     the timeout it was made with ({@code Context.withTimeout}), or null
 * @param createdAt   where it was made, when creation sites were captured
 *                    ({@code -Dgmp4j.creationSite=stack}); else null
 * @param err         Go's {@code ctx.Err()} text once it has ended ({@code context canceled},
 *                    {@code context deadline exceeded}); null while live
 * @param cause       why it ended when that is more than {@code err} (the cause given to
 *                    {@code cancel(cause)}, as its {@code toString()}); else null
 */
public record ContextInfo(String description, String kind, @Nullable Instant deadline, @Nullable Duration timeout,
                          @Nullable Frame createdAt, @Nullable String err, @Nullable String cause) {
    /**
     * A context as a dump shows it.
     *
     * @param description Go's {@code context.Context.String()}
     * @param kind        what made it
     * @param deadline    when it ends by itself, or null
     * @param timeout     the timeout it was made with, or null
     * @param createdAt   where it was made, or null
     * @param err         Go's {@code ctx.Err()} text once it has ended, or null
     * @param cause       why it ended when that is more than {@code err}, or null
     */
    public ContextInfo {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
    }

    /** A context as the runtime describes it now. */
    static ContextInfo of(ContextDescription d) {
        StackTraceElement site = d.site();
        Throwable cause = d.cause();
        return new ContextInfo(d.describe(), d.kind(), d.deadline(), d.timeout(), site == null ? null : Frame.of(site),
                d.err(), cause == null ? null : cause.toString());
    }

    /** The contexts whose done channels a wait is on (none when {@code w} is null). */
    static List<ContextInfo> waitedOn(@Nullable WaitDescription w) {
        if (w == null) {
            return List.of();
        }
        List<ContextDescription> cs = w.contexts();
        if (cs.isEmpty()) {
            return List.of();
        }
        List<ContextInfo> out = new ArrayList<>(cs.size());
        for (ContextDescription c : cs) {
            out.add(of(c));
        }
        return out;
    }

    /** {@return null for null, else {@link #of(ContextDescription)}} */
    static @Nullable ContextInfo ofNullable(@Nullable ContextDescription d) {
        return d == null ? null : of(d);
    }

    /**
     * {@return the description, then its timeout, where it was made and how it ended in
     * parentheses, e.g. {@code context.Background.WithCancel (made at Api.handle(Api.java:40), err: context canceled)}}
     */
    public String summary() {
        String details = GoText.contextDetails(timeout,
                createdAt == null ? null : createdAt.function() + "(" + createdAt.location() + ")", err, cause);
        return details.isEmpty() ? description : description + " (" + details + ")";
    }
}
