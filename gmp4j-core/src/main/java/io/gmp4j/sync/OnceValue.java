package io.gmp4j.sync;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed once, on first use (Go 1.21's {@code sync.OnceValue}).
 *
 * <pre>{@code
 * private static final OnceValue<Config> CONFIG = OnceValue.of(() -> Config.load("app.toml"));
 *
 * Config c = CONFIG.get();   // loads on the first call; every later call returns the same object
 * }</pre>
 *
 * <p>Contract (Go's): the supplier is called at most once, by the first caller of {@link #get()};
 * concurrent callers block until it has returned (as with {@link Once}), and its return
 * happens-before every {@code get()} returns. The value may be null. <b>If the supplier
 * throws</b>, every call of {@code get()}, the first included, throws that same exception object
 * (as Go re-panics with the same value), and the supplier is never called again. The exception
 * is rethrown as is, so all callers share one stack trace, the first caller's. The supplier is
 * dropped once it has run, so what it captured can be garbage-collected. A caller interrupted
 * while waiting throws {@link io.gmp4j.GoroutineInterruptedException}.
 *
 * @param <T> the value's type
 */
public final class OnceValue<T extends @Nullable Object> implements Supplier<T> {
    /*
     * Implementation notes. A Once guards the computation; `value` and `failure` are plain fields
     * written inside the Once's function and read only after Once.run returned, which
     * happens-after the function (Once's volatile DONE state or its lock), so plain access is enough. The
     * function never throws (it stores the failure), so the Once is done even when the supplier
     * failed, and the stored failure is rethrown to everyone.
     */
    private final Once once = new Once();
    private @Nullable Supplier<? extends T> supplier; // cleared by the computation
    @SuppressWarnings("NullAway.Init") // set by the computation before get() returns it
    private T value;
    private @Nullable Throwable failure;

    private OnceValue(Supplier<? extends T> supplier) {
        this.supplier = supplier;
    }

    /**
     * {@return a value that {@code supplier} computes on the first {@link #get()}}
     *
     * @param <T>      the value's type
     * @param supplier computes the value, at most once
     */
    public static <T extends @Nullable Object> OnceValue<T> of(Supplier<? extends T> supplier) {
        return new OnceValue<>(Objects.requireNonNull(supplier, "supplier"));
    }

    /**
     * The value, computed by the first call.
     *
     * @throws RuntimeException or Error: whatever the supplier threw, on every call
     */
    @Override
    public T get() {
        once.run(this::compute);
        Throwable t = failure;
        if (t != null) {
            throw OnceValue.<RuntimeException>sneaky(t);
        }
        return value;
    }

    private void compute() {
        Supplier<? extends T> s = Objects.requireNonNull(supplier, "supplier"); // the Once runs this once
        supplier = null;
        try {
            value = s.get();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Rethrows any Throwable unchanged (a supplier may throw a checked exception sneakily). */
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // E is inferred unchecked: that is the point
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public String toString() {
        return "OnceValue[" + once + "]";
    }
}
