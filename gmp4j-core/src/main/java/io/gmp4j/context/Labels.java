package io.gmp4j.context;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Profiler labels carried by a context (Go's {@code pprof.Labels} and {@code pprof.Do}):
 * goroutines started with {@link io.gmp4j.Go#go(Context, java.util.function.Consumer)} carry the
 * labels of their context into dumps and profiles.
 *
 * <pre>{@code
 * Context ctx = Labels.with(parent, "route", "/api/orders", "tenant", "acme");
 * Go.go(ctx, c -> serve(c));        // the goroutine shows {route=/api/orders, tenant=acme}
 * }</pre>
 */
public final class Labels {
    /** The key of the labels' map (an immutable map of strings, which context descriptions may hold: see ContextTrace). */
    static final Context.Key<Map<String, String>> KEY = Context.Key.named("gmp4j.labels");

    private Labels() {
    }

    /**
     * {@return a child of {@code ctx} whose labels are the parent's plus these key/value pairs (which win)}
     *
     * @param ctx       the parent
     * @param keyValues label keys and values, alternating
     * @throws IllegalArgumentException if an odd number of strings is given
     */
    public static Context with(Context ctx, String... keyValues) {
        Objects.requireNonNull(ctx, "ctx");
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key/value pairs, got " + keyValues.length + " strings");
        }
        Map<String, String> merged = new HashMap<>(of(ctx));
        for (int i = 0; i < keyValues.length; i += 2) {
            merged.put(Objects.requireNonNull(keyValues[i], "label key"), Objects.requireNonNull(keyValues[i + 1], "label value"));
        }
        return Context.withValue(ctx, KEY, Map.copyOf(merged));
    }

    /**
     * {@return a child of {@code ctx} whose labels are the parent's plus {@code labels} (which win)}
     *
     * <pre>{@code
     * Context ctx = Labels.with(parent, Map.of("route", "/api/orders"));
     * }</pre>
     *
     * @param ctx    the parent
     * @param labels label keys to values
     * @throws NullPointerException if a key or value is null
     */
    public static Context with(Context ctx, Map<String, String> labels) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(labels, "labels");
        Map<String, String> merged = new HashMap<>(of(ctx));
        labels.forEach((k, v) -> merged.put(Objects.requireNonNull(k, "label key"), Objects.requireNonNull(v, "label value")));
        return Context.withValue(ctx, KEY, Map.copyOf(merged));
    }

    /**
     * {@return the labels carried by {@code ctx} (empty if none)}
     *
     * @param ctx a context
     */
    public static Map<String, String> of(Context ctx) {
        Map<String, String> m = ctx.value(KEY);
        return m == null ? Map.of() : m;
    }
}
