package io.gmp4j.context;

import io.gmp4j.spi.GoText;

import io.gmp4j.internal.runtime.PrimitiveSite;
import io.gmp4j.spi.ContextDescription;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a context leaves for gmp4j's tools: its description ({@link ContextDescription}), which
 * the target of a goroutine waiting on {@code ctx.done()} and the record of a goroutine started
 * with {@code Go.go(ctx, body)} hold, and which outlives the context.
 *
 * <p>One trace per context, made with it (a value context's when first asked for), linked to its
 * parent's trace; Go's {@code String()} is built from the links when a dump asks, never stored
 * (the time left before a deadline to the millisecond).
 */
abstract sealed class ContextTrace implements ContextDescription
        permits ContextTrace.Root, ContextTrace.Value, ContextTrace.Ending, ContextTrace.Detached {
    /*
     * Implementation notes.
     *
     * Reachability (the leak detector's contract). The registry holds goroutine records strongly,
     * a record holds the trace of the context it was started with, and the wait target of a
     * context's done channel holds its trace (the channel's owner, see DoneChannel). A trace must
     * therefore never reach a context, a channel or a user's value:
     * a context reaches its done channel, whose waiters reach their threads, so a trace that held
     * one would keep goroutines blocked on it reachable and the GC could never prove them leaked.
     * Traces hold only other traces (their ancestors'), strings, times, a stack frame, JDK value
     * types a value context is shown with (String, boxed primitives, enum constants, the labels'
     * immutable map of strings; any other value is shown by its class name), and the error and
     * cause a context ended with. The cause is the one user object held: a Throwable given to
     * cancel(cause), which the context holds anyway; an exception whose fields reach the primitive
     * a goroutine bound to that context blocks on would keep that goroutine from being proven
     * leaked (it is still found as a suspected one). Traces must outlive their contexts: a leaked
     * goroutine and the context only it could reach are collected in the same GC, and the leak's
     * report is written afterwards from the record.
     *
     * Memory: one trace per cancelable context (~40 bytes; the context's error and cause live
     * here rather than in the context), one per withoutCancel, one per value context only once a
     * trace below it is made, none per wait: a goroutine blocking on ctx.done() allocates nothing
     * more than on any channel (the done channel's wait target is made once per channel).
     *
     * Concurrency: every field but an Ending's error and cause is final. ended() runs under the
     * context's lock, once; it writes the cause before the error (both volatile), and readers
     * read the error first, so a non-null error implies the cause is visible.
     *
     * Deep chains: describe() walks at most SHOWN links and marks the cut with "…"; deadline(),
     * err() and cause() walk iteratively (a chain of 100,000 contexts must not overflow a stack).
     */
    /** How many links describe() shows, innermost first. */
    static final int SHOWN = 32;

    final @Nullable ContextTrace parent;

    private ContextTrace(@Nullable ContextTrace parent) {
        this.parent = parent;
    }

    /** {@return the trace of {@code c}}: its own for gmp4j's contexts, a root named by its class for others */
    static ContextTrace of(Context c) {
        if (c instanceof CancelContext cc) {
            return cc.trace;
        }
        if (c instanceof EmptyContext e) {
            return e.trace;
        }
        if (c instanceof ValueContext v) {
            return v.trace();
        }
        return new Root(c.getClass().getName(), c.getClass().getName(), c.deadline().orElse(null));
    }

    /** A cancelable context's trace ({@code WithCancel}, {@code WithTimeout}, {@code WithDeadline}), captured where it is made. */
    static Ending ending(String kind, Context parent, @Nullable Instant deadline, @Nullable Duration timeout) {
        return new Ending(of(parent), kind, deadline, timeout, PrimitiveSite.capture());
    }

    /** Appends this link's part of Go's {@code String()}: a root's name, or {@code .WithCancel} and the like. */
    abstract void segment(StringBuilder b, Instant now);

    /** {@return this link's own deadline, or null (then its parent's applies, unless it detaches)} */
    @Nullable Instant ownDeadline() {
        return null;
    }

    @Override
    public final String describe() {
        ContextTrace[] links = new ContextTrace[SHOWN];
        int n = 0;
        ContextTrace t = this;
        while (t != null && n < SHOWN) {
            links[n++] = t;
            t = t.parent;
        }
        StringBuilder b = new StringBuilder(64);
        if (t != null) {
            b.append('…');
        }
        Instant now = Instant.now();
        for (int i = n - 1; i >= 0; i--) {
            links[i].segment(b, now);
        }
        return b.toString();
    }

    @Override
    public final @Nullable Instant deadline() {
        for (ContextTrace t = this; t != null; t = t.parent) {
            Instant own = t.ownDeadline();
            if (own != null) {
                return own;
            }
            if (t instanceof Detached) {
                return null;
            }
        }
        return null;
    }

    @Override
    public @Nullable Duration timeout() {
        return null;
    }

    @Override
    public @Nullable StackTraceElement site() {
        return null;
    }

    /** The cancelable context whose end is this one's: itself, or the nearest below value contexts; null if it never ends. */
    private @Nullable Ending ender() {
        ContextTrace t = this;
        while (t instanceof Value) {
            t = t.parent;
        }
        return t instanceof Ending e ? e : null;
    }

    @Override
    public final @Nullable String err() {
        Ending e = ender();
        ContextException x = e == null ? null : e.endErr();
        return x == null ? null : x.getMessage();
    }

    @Override
    public final @Nullable Throwable cause() {
        Ending e = ender();
        ContextException x = e == null ? null : e.endErr();
        Throwable why = e == null ? null : e.endCause();
        return why == null || why == x ? null : why;
    }

    @Override
    public String toString() {
        return summary();
    }

    /** {@code context.Background}, {@code context.TODO}, or a context of another implementation (its class name). */
    static final class Root extends ContextTrace {
        private final String kind;
        private final String name;
        /** A context of another implementation: its deadline when a child was made (Go's deadlines never change). */
        private final @Nullable Instant deadline;

        Root(String kind, String name, @Nullable Instant deadline) {
            super(null);
            this.kind = kind;
            this.name = name;
            this.deadline = deadline;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        void segment(StringBuilder b, Instant now) {
            b.append(name);
        }

        @Override
        @Nullable Instant ownDeadline() {
            return deadline;
        }
    }

    /** {@code WithValue(key, value)}: the key's name, and the value when it is a JDK value type, else its class name. */
    static final class Value extends ContextTrace {
        private final String key;
        private final Object shown;
        private final @Nullable StackTraceElement site;

        Value(ContextTrace parent, Context.Key<?> key, @Nullable Object val, @Nullable StackTraceElement site) {
            super(parent);
            this.key = key.name();
            this.shown = shown(key, val);
            this.site = site;
        }

        /** What a trace may hold of a value: see the reachability notes. */
        private static Object shown(Context.Key<?> key, @Nullable Object val) {
            if (val == null) {
                return "<nil>";
            }
            boolean plain = val instanceof String || val instanceof Boolean || val instanceof Character
                    || val instanceof Integer || val instanceof Long || val instanceof Short || val instanceof Byte
                    || val instanceof Double || val instanceof Float || val instanceof Enum<?>;
            return plain || key == Labels.KEY ? val : val.getClass().getName();
        }

        @Override
        public String kind() {
            return "WithValue";
        }

        @Override
        public @Nullable StackTraceElement site() {
            return site;
        }

        @Override
        void segment(StringBuilder b, Instant now) {
            b.append(".WithValue(").append(key).append(", ").append(shown).append(')');
        }
    }

    /** {@code WithoutCancel}: the parent's values, never an end or a deadline. */
    static final class Detached extends ContextTrace {
        private final @Nullable StackTraceElement site;

        Detached(ContextTrace parent, @Nullable StackTraceElement site) {
            super(parent);
            this.site = site;
        }

        @Override
        public String kind() {
            return "WithoutCancel";
        }

        @Override
        public @Nullable StackTraceElement site() {
            return site;
        }

        @Override
        void segment(StringBuilder b, Instant now) {
            b.append(".WithoutCancel");
        }
    }

    /**
     * A context that can end: {@code WithCancel}, {@code WithTimeout}, {@code WithDeadline} (Go's
     * {@code cancelCtx} and {@code timerCtx}). Holds the error and cause it ended with.
     */
    static final class Ending extends ContextTrace {
        private final String kind;
        private final @Nullable Instant deadline;
        private final @Nullable Duration timeout;
        private final @Nullable StackTraceElement site;
        private volatile @Nullable ContextException err;
        private volatile @Nullable Throwable cause;

        Ending(ContextTrace parent, String kind, @Nullable Instant deadline, @Nullable Duration timeout,
               @Nullable StackTraceElement site) {
            super(parent);
            this.kind = kind;
            this.deadline = deadline;
            this.timeout = timeout;
            this.site = site;
        }

        /** The context ended (under its lock, once): the cause first, then the error. */
        void ended(ContextException e, Throwable why) {
            cause = why;
            err = e;
        }

        /** {@return the error it ended with, or null while live} */
        @Nullable ContextException endErr() {
            return err;
        }

        /** {@return the cause it ended with, or null while live} Reads the error first: see the notes. */
        @Nullable Throwable endCause() {
            return err == null ? null : cause;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        @Nullable Instant ownDeadline() {
            return deadline;
        }

        @Override
        public @Nullable Duration timeout() {
            return timeout;
        }

        @Override
        public @Nullable StackTraceElement site() {
            return site;
        }

        @Override
        void segment(StringBuilder b, Instant now) {
            if (deadline == null) {
                b.append(".WithCancel");
                return;
            }
            b.append(".WithDeadline(").append(GoText.time(deadline)).append(" [")
                    .append(GoText.duration(Duration.between(now, deadline).truncatedTo(ChronoUnit.MILLIS))).append("])");
        }
    }
}
