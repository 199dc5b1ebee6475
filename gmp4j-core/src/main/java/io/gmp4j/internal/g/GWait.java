package io.gmp4j.internal.g;

import io.gmp4j.CreationSite;
import io.gmp4j.GoroutineState;
import io.gmp4j.spi.WaitDescription;
import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine's waits: the gmp4j wait it is in (Go's wait reason, what it waits on, since when,
 * which wait it is, and where it blocked when that was asked for), published by the one park path
 * ({@code internal.park.Park}) on the goroutine itself, and the description of JDK waits that no
 * gmp4j primitive explains. What it waits on is held through a {@link WaitTarget}, weakly.
 */
abstract class GWait extends GRecord {
    /*
     * Implementation notes. Primitives never touch these fields: the park path calls
     * beginWait(reason, on) on the goroutine's own record just before it parks and endWait() once
     * it resumes; only the goroutine itself writes them (single writer), so release stores are
     * enough and readers may see a stale but self-consistent-enough triple (each field is read
     * once). waitReason is written last in beginWait and first in endWait, so that a non-null
     * reason implies the other fields are set; waitEpoch is a plain int written before that
     * release store and read after the acquiring read of the reason (waitEpoch()).
     *
     * JDK parks (no gmp4j wait) are described from the stack, read once per park and kept with
     * the unmount stamp it was read under, which the scheduler moves forward with every unmount
     * (GRecord.unmountedAt). Racy by design, for a diagnostic: in the few hundred nanoseconds
     * between a park and the stamp's update a reader may still get the previous park's reason, and
     * when the M that ran one run writes its stamp after another M already wrote the next run's
     * (the goroutine was woken and ran elsewhere first) two parks may share a stamp; a stale reason
     * then lasts until the next park. Without the GMP scheduler there is no stamp: every call
     * reads the stack.
     */
    private static final VarHandle WAIT_REASON;
    private static final VarHandle WAITING_ON;
    private static final VarHandle WAIT_SINCE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAIT_REASON = l.findVarHandle(GWait.class, "waitReason", String.class);
            WAITING_ON = l.findVarHandle(GWait.class, "waitingOn", WaitTarget.class);
            WAIT_SINCE = l.findVarHandle(GWait.class, "waitSinceNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile @Nullable String waitReason;
    private volatile @Nullable WaitTarget waitingOn;
    private volatile long waitSinceNanos;
    /** Where the goroutine blocked, when the leak sink asked for it (LeakSink.captureWaitStack). */
    private @Nullable Throwable waitStack;
    /** Counts this goroutine's gmp4j waits (plain: written before waitReason's release store). */
    private int waitEpoch;
    /** The last JDK park classified by its stack (see jdkParkReason); racy, self-validating. */
    private volatile @Nullable JdkPark jdkPark;

    GWait(Thread thread, long id, @Nullable String name, CreationSite site, Map<String, String> labels, boolean locked,
          @Nullable Object origin, boolean adopted, boolean system) {
        super(thread, id, name, site, labels, locked, origin, adopted, system);
    }

    /**
     * The park path, on the goroutine itself, just before it parks in a gmp4j primitive.
     *
     * @param reason Go's wait reason
     * @param on     what it waits on, or null
     */
    public final void beginWait(String reason, @Nullable WaitTarget on) {
        // Release stores, no fences: a reader that sees the reason (volatile read) sees the rest.
        waitEpoch++;
        waitStack = LeakSinks.captureWaitStack(this) ? new Throwable("blocked here") : null;
        WAITING_ON.setRelease(this, on);
        WAIT_SINCE.setRelease(this, System.nanoTime());
        WAIT_REASON.setRelease(this, reason);
    }

    /** The park path, on the goroutine itself, once it has resumed. */
    public final void endWait() {
        WAIT_REASON.setRelease(this, (String) null);
        WAITING_ON.setRelease(this, (WaitTarget) null);
    }

    /**
     * Which gmp4j wait the goroutine is in, or -1 when it is not in one (running, or parked in the
     * JDK without a gmp4j primitive). Two equal readings around a look at the goroutine mean it
     * stayed in that one wait meanwhile: snapshots use this to reuse a captured stack.
     */
    @Override
    public final long waitEpoch() {
        return waitReason != null ? waitEpoch : -1; // volatile read first: orders the epoch read after it
    }

    /** The gmp4j wait reason it is in (or was in when it was collected), or null. */
    @Override
    public final @Nullable String gmp4jWaitReason() {
        return waitReason;
    }

    /** {@return the target of that wait, or null} Read the reason first; see beginWait's ordering. */
    public final @Nullable WaitTarget waitTarget() {
        return waitReason != null ? waitingOn : null;
    }

    @Override
    public final @Nullable WaitDescription waitDescription() {
        return waitTarget();
    }

    /** Where it blocked in its current gmp4j wait, when that stack was captured; else null. */
    @Override
    public final @Nullable Throwable waitStack() {
        return waitReason != null ? waitStack : null;
    }

    /** When its current gmp4j wait began ({@link System#nanoTime()}), or 0 when not in one. */
    @Override
    public final long waitSinceNanos() {
        return waitReason != null ? waitSinceNanos : 0;
    }

    @Override
    public final String waitReason() {
        Thread t = get();
        if (isDead()) {
            return "";
        }
        String r = waitReason;
        if (r != null) {
            return r;
        }
        if (t == null) {
            return "unknown (collected)";
        }
        Thread.State s = t.getState();
        if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && s != Thread.State.BLOCKED) {
            return "";
        }
        Object blocker = LockSupport.getBlocker(t);
        if (blocker != null) {
            return blocker.getClass().getName();
        }
        if (s == Thread.State.BLOCKED) {
            return "monitor enter";
        }
        return jdkParkReason(t, s);
    }

    /**
     * Why a goroutine parked in the JDK without a blocker: "IO wait" for the JDK's poller (a
     * socket read, write, accept or connect, a selector), else "sleep" or "park". Read from the
     * stack once per park (see the notes).
     */
    private String jdkParkReason(Thread t, Thread.State s) {
        long stamp = lastUnmountNanos();
        JdkPark c = jdkPark;
        if (c != null && stamp != 0 && c.stamp == stamp) {
            return c.reason;
        }
        String r = JdkWaits.reason(t.getStackTrace(), s);
        if (stamp != 0) {
            jdkPark = new JdkPark(stamp, r);
        }
        return r;
    }

    /** The reason a JDK park was last classified with, and the unmount stamp it belongs to. */
    private record JdkPark(long stamp, String reason) {
    }

    @Override
    public final Optional<Object> waitingOn() {
        WaitTarget t = waitReason != null ? waitingOn : null;
        return t == null ? Optional.empty() : Optional.ofNullable(t.get());
    }

    @Override
    public final Optional<Instant> waitingSince() {
        if (state() != GoroutineState.WAITING) {
            return Optional.empty();
        }
        long since = waitReason != null ? waitSinceNanos : lastUnmountNanos();
        if (since == 0) {
            if (!stampsUnmounts() || lockedToThread()) {
                return Optional.empty(); // nobody stamps this goroutine's unmounts
            }
            // Its first park, in the moment before its carrier stamps the unmount: it began now.
            return Optional.of(Instant.now());
        }
        long agoNanos = System.nanoTime() - since;
        return Optional.of(Instant.now().minusNanos(Math.max(0, agoNanos)));
    }
}
