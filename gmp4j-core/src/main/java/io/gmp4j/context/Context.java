package io.gmp4j.context;

import io.gmp4j.RecvChan;
import org.jspecify.annotations.Nullable;

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
     *
     * @return the channel that is closed when this context ends
     */
    RecvChan<Void> done();

    /** {@return null while the context is live; {@link #CANCELED} or {@link #DEADLINE_EXCEEDED} once it ended} */
    @Nullable ContextException err();

    /** {@return why it ended: the cause given to {@code cancel(cause)}, else {@link #err()}; null while live} */
    @Nullable Throwable cause();

    /** {@return when it will end by itself, if it has a deadline} */
    Optional<Instant> deadline();

    /**
     * {@return the value bound to {@code key} by this context or its nearest ancestor, or null}
     *
     * @param <T> the value's type
     * @param key the key
     */
    <T> @Nullable T value(Key<T> key);

    // ---------------------------------------------------------------------------------------------
    // Factories

    /** {@return the root of every context tree: never cancelled, no deadline, no values} */
    static Context background() {
        return Contexts.BACKGROUND;
    }

    /** {@return a context like {@link #background()}, for code that does not yet know which context to use} */
    static Context todo() {
        return Contexts.TODO;
    }

    /**
     * {@return a child that ends when its parent ends or when it is cancelled}
     *
     * @param parent the parent
     */
    static CancelableContext withCancel(Context parent) {
        return Contexts.withCancel(parent);
    }

    /**
     * {@return a child that also ends {@code timeout} from now, with {@link #DEADLINE_EXCEEDED}}
     *
     * @param parent  the parent
     * @param timeout how long from now it ends at the latest
     */
    static CancelableContext withTimeout(Context parent, Duration timeout) {
        return Contexts.withTimeout(parent, timeout);
    }

    /**
     * {@return a child that also ends at {@code deadline}, with {@link #DEADLINE_EXCEEDED}}
     *
     * @param parent   the parent
     * @param deadline when it ends at the latest
     */
    static CancelableContext withDeadline(Context parent, Instant deadline) {
        return Contexts.withDeadline(parent, deadline);
    }

    /**
     * {@return a child that carries {@code key → value} (shadowing the same key higher up)}
     *
     * @param <T>    the value's type
     * @param parent the parent
     * @param key    the key
     * @param value  the value (may be null)
     */
    static <T> Context withValue(Context parent, Key<T> key, @Nullable T value) {
        return new ValueContext(Objects.requireNonNull(parent, "parent"), Objects.requireNonNull(key, "key"), value);
    }

    /**
     * {@return a child that keeps the parent's values but is never cancelled and has no deadline}
     *
     * @param parent the parent
     */
    static Context withoutCancel(Context parent) {
        return Contexts.withoutCancel(parent);
    }

    /**
     * Runs {@code f} in its own goroutine once {@code ctx} ends (at once if it already has). The
     * handle's {@link AfterFunc#stop()} prevents that if it has not happened yet.
     *
     * @param ctx the context to wait for
     * @param f   what to run once it ends
     * @return the registration, to stop it
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
    @SuppressWarnings("UnusedTypeParameter") // it ties a key to its value's type (withValue, value)
    final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        /**
         * {@return a new key}
         *
         * @param <T>  the value type
         * @param name its name, for toString (two keys with one name are still different keys)
         */
        public static <T> Key<T> named(String name) {
            return new Key<>(Objects.requireNonNull(name, "name"));
        }

        /** {@return the key's name} */
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "Key(" + name + ")";
        }
    }
}
