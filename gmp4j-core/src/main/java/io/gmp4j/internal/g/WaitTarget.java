package io.gmp4j.internal.g;

import io.gmp4j.spi.ContextDescription;
import io.gmp4j.spi.WaitDescription;
import org.jspecify.annotations.Nullable;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * What a goroutine waits on, as its record keeps it: the primitive itself, held weakly, and a
 * description of it that outlives it.
 *
 * <p>A goroutine's record is held strongly by the registry. Holding the primitive strongly from
 * there would keep it, its waiters and so the parked thread reachable, and the leak detector could
 * never see a goroutine blocked on a primitive nobody else can reach. So each primitive makes one
 * target for itself, lazily, the first time a goroutine blocks on it, and reuses it for every
 * later wait: one small object per blocking primitive rather than one per wait. The description
 * fields are copied from the primitive, never refer to it, and are formatted only when asked.
 *
 * <p>A context's done channel carries its context's description (its owner), which refers to no
 * context and no channel either: the target of {@code ctx.done()} describes the context (kind,
 * deadline, timeout, where it was made, how it ended), read when a dump asks.
 */
public final class WaitTarget extends WeakReference<Object> implements WaitDescription {
    private final String kind;
    private final long id;
    private final @Nullable String detail;
    private final @Nullable StackTraceElement site;
    private final WaitTarget @Nullable [] parts;
    /** The timer of a timer channel (see {@link TimerPin}), or null. */
    private final @Nullable TimerPin pin;
    /** The context of a context's done channel, or null. */
    private final @Nullable ContextDescription context;

    private WaitTarget(Object primitive, String kind, long id, @Nullable String detail, @Nullable StackTraceElement site,
                       WaitTarget @Nullable [] parts, @Nullable TimerPin pin, @Nullable ContextDescription context) {
        super(primitive);
        this.kind = kind;
        this.id = id;
        this.detail = detail;
        this.site = site;
        this.parts = parts;
        this.pin = pin;
        this.context = context;
    }

    /**
     * A channel: described as {@code chan#12 (cap 0, made at …)}, like {@code Chan.toString}. A
     * timer's channel carries its timer's pin ({@link TimerPin#of}); a context's done channel is
     * described by its context: {@code ctx.Done() of context.Background.WithCancel (chan#3, made at …)}.
     *
     * @param chan     the channel, held weakly
     * @param id       its id
     * @param capacity its capacity
     * @param site     where it was made, or null
     * @return the channel's target
     */
    public static WaitTarget channel(Object chan, long id, int capacity, @Nullable StackTraceElement site) {
        return channel(chan, id, capacity, site, null);
    }

    /**
     * A channel with an owner that describes it: a context's done channel carries the context's
     * description ({@code ctx.Done() of context.Background.WithCancel (chan#3, made at …)}).
     *
     * @param chan     the channel, held weakly
     * @param id       its id
     * @param capacity its capacity
     * @param site     where it was made, or null
     * @param owner    what describes it (a {@link ContextDescription}), or null
     * @return the channel's target
     */
    public static WaitTarget channel(Object chan, long id, int capacity, @Nullable StackTraceElement site, @Nullable Object owner) {
        return new WaitTarget(chan, "chan", id, "cap " + capacity, site, null, TimerPin.of(chan),
                owner instanceof ContextDescription c ? c : null);
    }

    /**
     * A select over several channels: described by its channels' targets.
     *
     * @param channels what the select waits on (its channels), held weakly
     * @param parts    the channels' own targets
     * @return the select's target
     */
    public static WaitTarget select(Object channels, WaitTarget[] parts) {
        return new WaitTarget(channels, "select", 0, null, null, parts.clone(), null, null);
    }

    /**
     * Any other primitive: {@code kind@hash (detail, made at …)}; {@code detail} and {@code site}
     * may be null.
     *
     * @param primitive the primitive, held weakly
     * @param kind      its kind, e.g. {@code sync.WaitGroup}
     * @param detail    a detail for the description, or null
     * @param site      where it was made, or null
     * @return the primitive's target
     */
    public static WaitTarget of(Object primitive, String kind, @Nullable String detail, @Nullable StackTraceElement site) {
        return new WaitTarget(primitive, kind, System.identityHashCode(primitive), detail, site, null, null, null);
    }

    /** The park path: a goroutine is about to park on this target (tells a timer channel's timer). */
    public void blocked() {
        if (pin != null) {
            pin.blocked();
        }
        if (parts != null) {
            for (WaitTarget p : parts) {
                p.blocked();
            }
        }
    }

    /** The park path: the goroutine that announced {@link #blocked()} has resumed. */
    public void unblocked() {
        if (pin != null) {
            pin.unblocked();
        }
        if (parts != null) {
            for (WaitTarget p : parts) {
                p.unblocked();
            }
        }
    }

    /** Where the primitive was made, when creation sites were captured; else null. */
    @Override
    public @Nullable StackTraceElement site() {
        return site;
    }

    /** The contexts of a context's done channel, or of those among a select's channels. */
    @Override
    public List<ContextDescription> contexts() {
        if (context != null) {
            return List.of(context);
        }
        if (parts == null) {
            return List.of();
        }
        List<ContextDescription> all = new ArrayList<>(1);
        for (WaitTarget p : parts) {
            if (p.context != null) {
                all.add(p.context);
            }
        }
        return all;
    }

    /** The description, readable after the primitive itself has been collected. */
    @Override
    public String describe() {
        if (context != null) {
            String d = context.details();
            return "ctx.Done() of " + context.describe() + " (chan#" + id + (d.isEmpty() ? "" : ", " + d) + ")";
        }
        if (parts != null) {
            StringJoiner j = new StringJoiner(", ", "select on ", "");
            for (WaitTarget p : parts) {
                j.add(p.describe());
            }
            return parts.length == 0 ? "select with no channels" : j.toString();
        }
        StringBuilder b = new StringBuilder(kind);
        b.append(kind.equals("chan") ? "#" + id : "@" + Long.toHexString(id));
        if (detail != null || site != null) {
            b.append(" (");
            if (detail != null) {
                b.append(detail);
            }
            if (site != null) {
                b.append(detail != null ? ", " : "").append("made at ").append(site);
            }
            b.append(')');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
