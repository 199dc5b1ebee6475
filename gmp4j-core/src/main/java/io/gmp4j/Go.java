package io.gmp4j;

import io.gmp4j.context.Context;
import io.gmp4j.context.Labels;
import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.Uncaught;
import io.gmp4j.internal.runtime.ArgumentBody;
import io.gmp4j.internal.runtime.GoRuntime;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Go's {@code go} statement and runtime functions.
 *
 * <pre>{@code
 * Goroutine g = Go.go(() -> System.out.println("hello from goroutine " + Go.current().orElseThrow().id()));
 * g.join();
 * System.out.println(Go.numGoroutine());   // 0 again
 * }</pre>
 *
 * <p>A goroutine is a JDK virtual thread run by gmp4j's GMP scheduler (see {@link Scheduler}).
 * Like every virtual thread it cannot be pre-empted: a goroutine that computes for a long time
 * without blocking holds its carrier; sysmon then hands the P to another carrier so that queued
 * goroutines keep running, and records it ({@link Scheduler#handoffs()}).
 */
public final class Go {
    private Go() {
    }

    /**
     * Starts {@code body} in a new goroutine (Go's {@code go body()}).
     *
     * @param body what the goroutine runs
     * @return the goroutine
     */
    public static Goroutine go(Runnable body) {
        return GoRuntime.get().start(null, null, body);
    }

    /**
     * Starts {@code body} in a new goroutine with a name shown in dumps and thread dumps.
     *
     * @param name the goroutine's name
     * @param body what the goroutine runs
     * @return the goroutine
     */
    public static Goroutine go(String name, Runnable body) {
        return GoRuntime.get().start(Objects.requireNonNull(name, "name"), null, body);
    }

    /**
     * Starts {@code body} in a new goroutine whose labels are its parent's plus {@code labels}
     * (which win on a clash); its own children inherit them.
     *
     * @param name   the goroutine's name
     * @param labels labels added to the parent's
     * @param body   what the goroutine runs
     * @return the goroutine
     */
    public static Goroutine go(String name, Map<String, String> labels, Runnable body) {
        return GoRuntime.get().start(Objects.requireNonNull(name, "name"), Map.copyOf(labels), body);
    }

    /**
     * Starts {@code body} in a goroutine that owns a platform thread for its whole life, for code
     * that needs a thread of its own: thread-affine native libraries, long blocking calls that
     * should not occupy a carrier (Go's {@code runtime.LockOSThread} for the goroutine's life).
     * Dumps show it as {@code locked to thread}.
     *
     * @param name the goroutine's name (and its thread's)
     * @param body what the goroutine runs
     * @return the goroutine
     */
    public static Goroutine goLocked(String name, Runnable body) {
        return GoRuntime.get().start(Objects.requireNonNull(name, "name"), null, body, true);
    }

    /**
     * Starts {@code body} in a goroutine tied to {@code ctx} (the body receives it; Go's
     * {@code go f(ctx)}). The goroutine's labels are its parent's plus the context's
     * ({@link Labels}), and its record keeps a description of the context: dumps and leak reports
     * show what it was started with (kind, deadline, timeout, where the context was made, and the
     * error and cause once it ended), as a line Go's dump readers skip in {@code debug=2} dumps and
     * a field in JSON ones. The context itself is held only weakly.
     *
     * <pre>{@code
     * Go.go(Labels.with(ctx, "worker", "3"), c -> {
     *     while (c.err() == null) work();
     * });
     * }</pre>
     *
     * @param ctx  the context the goroutine works for
     * @param body what the goroutine runs, given {@code ctx}
     * @return the goroutine
     */
    public static Goroutine go(Context ctx, Consumer<Context> body) {
        return startWith(null, ctx, body);
    }

    /**
     * As {@link #go(Context, Consumer)}, with a name shown in dumps and thread dumps.
     *
     * <pre>{@code
     * Go.go("fetcher", ctx, c -> fetch(c, url));
     * }</pre>
     *
     * @param name the goroutine's name
     * @param ctx  the context the goroutine works for
     * @param body what the goroutine runs, given {@code ctx}
     * @return the goroutine
     */
    public static Goroutine go(String name, Context ctx, Consumer<Context> body) {
        return startWith(Objects.requireNonNull(name, "name"), ctx, body);
    }

    /**
     * As {@link #go(String, Context, Consumer)}, with {@code labels} added to the context's (Go's
     * {@code go pprof.Do(ctx, pprof.Labels(...), f)}): the body receives
     * {@code Labels.with(ctx, labels)}, so the goroutines it starts with that context carry them
     * too, and the goroutine's labels are its parent's plus the context's plus these (which win).
     *
     * <pre>{@code
     * Go.go("handler", ctx, Map.of("route", "/api/orders"), c -> serve(c));
     * }</pre>
     *
     * @param name   the goroutine's name
     * @param ctx    the context the goroutine works for
     * @param labels labels added to the context's
     * @param body   what the goroutine runs, given the labelled context
     * @return the goroutine
     */
    public static Goroutine go(String name, Context ctx, Map<String, String> labels, Consumer<Context> body) {
        Objects.requireNonNull(name, "name");
        return startWith(name, Labels.with(Objects.requireNonNull(ctx, "ctx"), labels), body);
    }

    private static Goroutine startWith(@Nullable String name, Context ctx, Consumer<Context> body) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(body, "body");
        // Not a lambda here: its creation site must be keyed by the user's body (see ArgumentBody).
        G g = GoRuntime.get().start(name, Labels.of(ctx), new ArgumentBody<>(body, ctx));
        g.bindContext(ctx);
        return g;
    }

    /** {@return the number of goroutines that exist now (Go's {@code runtime.NumGoroutine})} */
    public static int numGoroutine() {
        return (int) Math.min(Integer.MAX_VALUE, GoRuntime.get().numGoroutine());
    }

    /** Yields the processor so other goroutines run (Go's {@code runtime.Gosched}). */
    @SuppressWarnings({"NamedLikeContextualKeyword", "ThreadPriorityCheck"}) // Go's name; Gosched is a yield
    public static void yield() {
        Thread.yield();
    }

    /** {@return the goroutine calling this, if it is one} */
    public static Optional<Goroutine> current() {
        return Optional.ofNullable(GoRuntime.get().current());
    }

    /**
     * {@return the live goroutine with this id, if any}
     *
     * @param id the goroutine's id ({@link Goroutine#id()})
     */
    public static Optional<Goroutine> byId(long id) {
        G g = io.gmp4j.internal.g.Registry.global().byId(id);
        return Optional.ofNullable(g);
    }

    /**
     * {@return every live goroutine, in id order}: a weakly consistent list (goroutines that start or end
     * meanwhile may or may not be in it), taken without stopping any of them.
     */
    public static java.util.List<Goroutine> all() {
        java.util.List<Goroutine> out = new java.util.ArrayList<>(io.gmp4j.internal.g.Registry.global().all());
        out.sort(java.util.Comparator.comparingLong(Goroutine::id));
        return out;
    }

    /**
     * Replaces the handler for exceptions that escape goroutines; returns the previous one.
     *
     * @param handler the new handler
     * @return the handler it replaces
     */
    public static UncaughtGoroutineHandler setUncaughtHandler(UncaughtGoroutineHandler handler) {
        return Uncaught.set(handler);
    }

    /** {@return the default handler: prints Go's panic shape (error, goroutine, stack) to System.err} */
    public static UncaughtGoroutineHandler defaultUncaughtHandler() {
        return Uncaught.DEFAULT;
    }
}
