package io.gmp4j.context;

import io.gmp4j.RecvChan;
import io.gmp4j.internal.g.DescribedContext;
import io.gmp4j.internal.runtime.PrimitiveSite;
import io.gmp4j.spi.ContextDescription;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/** {@link Context#withValue}: one key and value over a parent; everything else is the parent's. */
final class ValueContext implements Context, DescribedContext {
    final Context parent;
    private final Key<?> key;
    private final @Nullable Object val;
    private final @Nullable StackTraceElement site;
    /**
     * Its description, made when first asked for (a context or goroutine below it is described):
     * most value contexts never are. Racy creation is harmless (equal, immutable descriptions).
     */
    private volatile ContextTrace.@Nullable Value trace;

    ValueContext(Context parent, Key<?> key, @Nullable Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
        this.site = PrimitiveSite.capture();
    }

    /**
     * Its description, made now if need be, with those of the value contexts above it that have
     * none yet: iteratively, so that a long chain of values cannot overflow the stack.
     */
    ContextTrace trace() {
        ContextTrace.Value t = trace;
        if (t != null) {
            return t;
        }
        ArrayDeque<ValueContext> untraced = new ArrayDeque<>();
        ContextTrace base;
        Context c = this;
        while (true) {
            if (c instanceof ValueContext v) {
                ContextTrace.Value vt = v.trace;
                if (vt != null) {
                    base = vt;
                    break;
                }
                untraced.push(v);
                c = v.parent;
            } else {
                base = ContextTrace.of(c);
                break;
            }
        }
        while (!untraced.isEmpty()) {
            ValueContext v = untraced.pop();
            ContextTrace.Value made = new ContextTrace.Value(base, v.key, v.val, v.site);
            v.trace = made;
            base = made;
        }
        return base;
    }

    /** Its description, for dumps (it does not refer to this context or its value, see ContextTrace). */
    @Override
    public ContextDescription description() {
        return trace();
    }

    @Override
    public RecvChan<Void> done() {
        return parent.done();
    }

    @Override
    public @Nullable ContextException err() {
        return parent.err();
    }

    @Override
    public @Nullable Throwable cause() {
        return parent.cause();
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T value(Key<T> k) {
        // Iterative, so that long chains of values cannot overflow the stack.
        Context c = this;
        while (c instanceof ValueContext v) {
            if (v.key == k) {
                return (T) v.val;
            }
            c = v.parent;
        }
        return c.value(k);
    }

    @Override
    public String toString() {
        return parent + ".WithValue(" + key.name() + ", " + val + ")";
    }
}
