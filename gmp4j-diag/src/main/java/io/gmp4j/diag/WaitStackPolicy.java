package io.gmp4j.diag;

import io.gmp4j.spi.GoroutineRecord;
import org.jspecify.annotations.Nullable;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which blocking waits record where they blocked, so that a proven leak can show its stack (its
 * thread is gone by the time the GC proves it): every wait when asked ({@code -Dgmp4j.leakStacks=true}
 * or {@link LeakDetector#captureStacks(boolean)}), otherwise the waits of goroutines started where
 * a goroutine already leaked without a captured stack (a hot site), so that a leak that repeats,
 * as leaks under load do, is reported with its stack from its second occurrence on. The runtime
 * asks on every blocking wait (through {@link LeakDetectorSink}), so the answer costs one
 * volatile read when nothing is hot.
 */
final class WaitStackPolicy {
    /*
     * Implementation notes. Hot sites are keyed by the identity of the creation site's frame list
     * (GoroutineRecord.creationSiteKey: one shared list per lambda class in caller mode), kept in a
     * small copy-on-write array (at most MAX_HOT_SITES, written under this object's monitor). Each
     * site has a budget of HOT_SITE_BUDGET captures (~0.8 µs each), re-armed by its next stackless
     * leak, so that a busy site that leaked once does not pay for ever.
     */
    private static final int MAX_HOT_SITES = 64;
    private static final int HOT_SITE_BUDGET = 10_000;

    private volatile boolean all = Boolean.getBoolean("gmp4j.leakStacks");
    private volatile HotSite[] hot = new HotSite[0];

    private record HotSite(Object key, AtomicInteger budget) {
    }

    void captureAll(boolean on) {
        all = on;
    }

    boolean capturesAll() {
        return all;
    }

    /** On the goroutine about to block: whether it records its stack. */
    boolean capture(GoroutineRecord g) {
        if (all) {
            return true;
        }
        HotSite[] h = hot;
        if (h.length == 0) {
            return false;
        }
        HotSite s = find(h, g.creationSiteKey());
        return s != null && s.budget().get() > 0 && s.budget().getAndDecrement() > 0;
    }

    /** A goroutine leaked without a stack: later goroutines started where it was record theirs. */
    void leakedWithoutStack(GoroutineRecord g) {
        Object key = g.creationSiteKey();
        if (g.creationSite().frames().isEmpty()) {
            return; // creation sites are off: no site to single out
        }
        synchronized (this) {
            HotSite[] h = hot;
            HotSite known = find(h, key);
            if (known != null) {
                known.budget().set(HOT_SITE_BUDGET);
                return;
            }
            if (h.length >= MAX_HOT_SITES) {
                return;
            }
            HotSite[] n = Arrays.copyOf(h, h.length + 1);
            n[h.length] = new HotSite(key, new AtomicInteger(HOT_SITE_BUDGET));
            hot = n;
        }
    }

    /** Whether goroutines started where {@code g} was record their wait stacks now. */
    boolean isHot(GoroutineRecord g) {
        HotSite s = find(hot, g.creationSiteKey());
        return s != null && s.budget().get() > 0;
    }

    @SuppressWarnings("ReferenceEquality") // creation-site keys are identity keys (GoroutineRecord.creationSiteKey)
    private static @Nullable HotSite find(HotSite[] h, Object key) {
        for (HotSite s : h) {
            if (s.key() == key) {
                return s;
            }
        }
        return null;
    }
}
