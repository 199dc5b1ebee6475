package io.gmp4j.context;

import io.gmp4j.RecvChan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's {@code context.Context}: a cancellation signal, a deadline and request-scoped values that
 * travel down a tree of goroutines.
 *
 * <pre>{@code
 * CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
 * Go.go(ctx, c -> {
 *     Select.create()
 *         .recv(jobs, job -> handle(job))
 *         .recv(c.done(), x -> System.out.println("stopped: " + c.err()))
 *         .select();
 * });
 * ctx.cancel();
 * }</pre>
 *
 * <p>Contract (Go's): cancelling a context cancels every context derived from it, at once and
 * before {@code cancel()} returns; {@link #done()} is closed and {@link #err()} is set (first
 * {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}, never changing afterwards); {@link #cause()}
 * gives the cause given to {@code cancel(cause)}, or the error. A child whose deadline is later
 * than its parent's ends with the parent. A cancelled child is dropped by its parent. Contexts that
 * can never be cancelled ({@link #background()}, {@link #todo()}, {@link #withoutCancel}) keep no
 * reference to the contexts derived from them, so a forgotten child is collectable. All methods
 * are safe to call from any thread.
 */
public interface Context {
    /** The error of a cancelled context (Go's {@code context.Canceled}). */
    ContextException CANCELED = new ContextException("context canceled");

    /** The error of a context whose deadline passed (Go's {@code context.DeadlineExceeded}). */
    ContextException DEADLINE_EXCEEDED = new ContextException("context deadline exceeded");

    /**
     * A channel that is closed when this context ends; for a context that can never end, a channel
     * that is never closed. Use it in {@link io.gmp4j.Select}.
     */
    RecvChan<Void> done();

    /** Null while the context is live; {@link #CANCELED} or {@link #DEADLINE_EXCEEDED} once it ended. */
    ContextException err();

    /** Why it ended: the cause given to {@code cancel(cause)}, else {@link #err()}; null while live. */
    Throwable cause();

    /** When it will end by itself, if it has a deadline. */
    Optional<Instant> deadline();

    /** The value bound to {@code key} by this context or its nearest ancestor, or null. */
    <T> T value(Key<T> key);

    // ---------------------------------------------------------------------------------------------
    // Factories

    /** The root of every context tree: never cancelled, no deadline, no values. */
    static Context background() {
        return Contexts.BACKGROUND;
    }

    /** Like {@link #background()}, for code that does not yet know which context to use. */
    static Context todo() {
        return Contexts.TODO;
    }

    /** A child that ends when its parent ends or when it is cancelled. */
    static CancelableContext withCancel(Context parent) {
        return Contexts.withCancel(parent);
    }

    /** A child that also ends {@code timeout} from now, with {@link #DEADLINE_EXCEEDED}. */
    static CancelableContext withTimeout(Context parent, Duration timeout) {
        return Contexts.withDeadline(parent, Instant.now().plus(Objects.requireNonNull(timeout, "timeout")));
    }

    /** A child that also ends at {@code deadline}, with {@link #DEADLINE_EXCEEDED}. */
    static CancelableContext withDeadline(Context parent, Instant deadline) {
        return Contexts.withDeadline(parent, deadline);
    }

    /** A child that carries {@code key → value} (shadowing the same key higher up). */
    static <T> Context withValue(Context parent, Key<T> key, T value) {
        return new ValueContext(Objects.requireNonNull(parent, "parent"), Objects.requireNonNull(key, "key"), value);
    }

    /** A child that keeps the parent's values but is never cancelled and has no deadline. */
    static Context withoutCancel(Context parent) {
        return new EmptyContext(Objects.requireNonNull(parent, "parent") + ".WithoutCancel", parent);
    }

    /**
     * Runs {@code f} in its own goroutine once {@code ctx} ends (at once if it already has). The
     * handle's {@link AfterFunc#stop()} prevents that if it has not happened yet.
     */
    static AfterFunc afterFunc(Context ctx, Runnable f) {
        return Contexts.afterFunc(ctx, f);
    }

    /**
     * A key for {@link #withValue}: compared by identity, so two keys with the same name are
     * different keys (as Go recommends unexported key types).
     *
     * @param <T> the value type
     */
    final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        public static <T> Key<T> named(String name) {
            return new Key<>(Objects.requireNonNull(name, "name"));
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "Key(" + name + ")";
        }
    }
}
