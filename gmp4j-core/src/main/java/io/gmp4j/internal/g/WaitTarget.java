package io.gmp4j.internal.g;

import java.lang.ref.WeakReference;
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
 */
public final class WaitTarget extends WeakReference<Object> {
    private final String kind;
    private final long id;
    private final String detail;
    private final StackTraceElement site;
    private final WaitTarget[] parts;

    private WaitTarget(Object primitive, String kind, long id, String detail, StackTraceElement site, WaitTarget[] parts) {
        super(primitive);
        this.kind = kind;
        this.id = id;
        this.detail = detail;
        this.site = site;
        this.parts = parts;
    }

    /** A channel: described as {@code chan#12 (cap 0, made at …)}, like {@code Chan.toString}. */
    public static WaitTarget channel(Object chan, long id, int capacity, StackTraceElement site) {
        return new WaitTarget(chan, "chan", id, "cap " + capacity, site, null);
    }

    /** A select over several channels: described by its channels' targets. */
    public static WaitTarget select(Object channels, WaitTarget[] parts) {
        return new WaitTarget(channels, "select", 0, null, null, parts.clone());
    }

    /**
     * Any other primitive: {@code kind@hash (detail, made at …)}; {@code detail} and {@code site}
     * may be null.
     */
    public static WaitTarget of(Object primitive, String kind, String detail, StackTraceElement site) {
        return new WaitTarget(primitive, kind, System.identityHashCode(primitive), detail, site, null);
    }

    /** Where the primitive was made, when creation sites were captured; else null. */
    public StackTraceElement site() {
        return site;
    }

    /** The description, readable after the primitive itself has been collected. */
    public String describe() {
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
