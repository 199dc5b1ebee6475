package io.gmp4j.internal.g;

import io.gmp4j.CreationSite;
import io.gmp4j.GoroutineState;
import io.gmp4j.spi.ContextDescription;
import io.gmp4j.spi.GoroutineRecord;
import org.jspecify.annotations.Nullable;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The scheduler's part of a goroutine's record (Go's {@code g}): identity, ancestry, labels, the
 * flags the runtime sets at start, when the goroutine last left its carrier, and its state, which
 * is derived from its thread rather than tracked.
 *
 * <p>The record refers to its thread only weakly (it <em>is</em> the weak reference, registered
 * with {@link CollectedGoroutines}' queue), and the registry holds records strongly: a goroutine's
 * thread stays collectable whenever nothing running can reach it, which the leak detector relies
 * on. The thread reaches its record through its scheduler task, never the other way round.
 *
 * <p>A record is one object made of four classes, one concern each: this one, its waits
 * ({@link GWait}), its ending and joining ({@link GJoin}), and the public handle ({@link G}); one
 * object, so that splitting the concerns costs no memory per goroutine (W6). Together they
 * implement the runtime SPI's read-only view, {@link GoroutineRecord}.
 */
abstract class GRecord extends WeakReference<Thread> implements GoroutineRecord {
    /*
     * Implementation notes. State is derived, not tracked. Tracking RUNNABLE/RUNNING/WAITING
     * eagerly would cost a CAS per dispatch and race with wake-ups (a goroutine can be re-queued
     * and running on another M before the M that parked it has returned). Instead state() asks
     * the thread (the JDK's virtual-thread state machine is already exact) and asks whether it is
     * mounted on a carrier (the mount probe, installed by the runtime). Only `dead` and the wait
     * fields (GWait) are ours. lastUnmountNanos is written by whichever M ran the goroutine, after
     * each run, with plain stores; readers get a recent value.
     */

    /**
     * Tells whether a thread is mounted on a carrier right now; installed by the runtime. Null
     * until then, meaning "mounted" (a null rather than a lambda: see GoRuntime's cold-start notes).
     */
    private static volatile @Nullable Predicate<Thread> mountProbe;
    /** Whether a scheduler stamps every unmount ({@link #unmountedAt}): the GMP scheduler does. */
    private static volatile boolean unmountsStamped;

    private final long id;
    private final @Nullable String name;
    /** The creation site's frames (shared per lambda class in caller mode) and parent, unboxed. */
    private final List<StackTraceElement> siteFrames;
    private final long parentId;
    private final Map<String, String> labels;
    private final boolean locked;
    /** Started by the JDK on our scheduler, not by Go.go (see {@link G#adopted}). */
    private final boolean adopted;
    /** A runtime goroutine: hidden from counts, dumps and leak reports. */
    private final boolean system;
    private final @Nullable Object origin;
    /** The context the goroutine was started with (Go.go(ctx, body)), held weakly: see bindContext. */
    private volatile @Nullable WeakReference<Object> context;
    /** That context's description, held strongly (it refers to no context or channel): see bindContext. */
    private volatile @Nullable ContextDescription contextDescription;
    /** Written by the M after each run of this goroutine (plain, racy reads): when it last unmounted. */
    private long lastUnmountNanos;

    GRecord(Thread thread, long id, @Nullable String name, CreationSite site, Map<String, String> labels, boolean locked,
            @Nullable Object origin, boolean adopted, boolean system) {
        // A runtime goroutine is never a leak: its record is not on the leak detector's queue.
        super(thread, system ? null : CollectedGoroutines.QUEUE);
        this.id = id;
        this.name = name;
        this.siteFrames = site.frames();
        this.parentId = site.parentId();
        this.labels = labels;
        this.locked = locked;
        this.origin = origin;
        this.adopted = adopted;
        this.system = system;
    }

    /** The runtime: installs how to tell whether a thread is mounted. */
    public static void installMountProbe(Predicate<Thread> probe) {
        mountProbe = probe;
    }

    /** The runtime, in GMP mode: every unmount is stamped. */
    public static void unmountsAreStamped() {
        unmountsStamped = true;
    }

    static boolean stampsUnmounts() {
        return unmountsStamped;
    }

    static boolean mounted(Thread t) {
        Predicate<Thread> probe = mountProbe;
        return probe == null || probe.test(t);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name != null ? name : "goroutine-" + id;
    }

    @Override
    public long parentId() {
        return parentId;
    }

    @Override
    public CreationSite creationSite() {
        return new CreationSite(siteFrames, parentId);
    }

    /** The creation site's frames as one shared object (the same per lambda class in caller mode). */
    @Override
    public Object creationSiteKey() {
        return siteFrames;
    }

    @Override
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public boolean lockedToThread() {
        return locked;
    }

    /** True for a virtual thread that the JDK started on gmp4j's scheduler (see {@link G#adopted}). */
    @Override
    public boolean isAdopted() {
        return adopted;
    }

    /** True for a runtime goroutine (the JDK's network pollers): never counted, dumped or reported. */
    @Override
    public boolean isSystem() {
        return system;
    }

    /**
     * The origin tag the goroutine inherited: its parent's, or for a goroutine started by a plain
     * thread, that thread's {@link Origin} at the time (the JUnit extension's per-test tag).
     */
    @Override
    public @Nullable Object origin() {
        return origin;
    }

    /** True once the goroutine has ended (set by its ending, see GJoin). */
    @Override
    public abstract boolean isDead();

    @Override
    public GoroutineState state() {
        if (isDead()) {
            return GoroutineState.DEAD;
        }
        Thread t = get();
        if (t == null) {
            // Collected while alive: it was parked where nothing could ever wake it.
            return GoroutineState.WAITING;
        }
        return switch (t.getState()) {
            case NEW -> GoroutineState.RUNNABLE;
            case RUNNABLE -> mounted(t) ? GoroutineState.RUNNING : GoroutineState.RUNNABLE;
            case TERMINATED -> GoroutineState.DEAD;
            case BLOCKED, WAITING, TIMED_WAITING -> GoroutineState.WAITING;
        };
    }

    /**
     * Records the context the goroutine was started with, for dumps and leak reports. The context
     * itself weakly: the registry holds records strongly, and a context reaches its done channel,
     * whose waiters reach their threads (and a value context reaches any object); a strong
     * reference would keep a leaked goroutine's thread alive. Its description strongly: it
     * refers to no context and no channel ({@link DescribedContext}), and must outlive the context,
     * which is usually collected in the same GC as a leaked goroutine that alone held it.
     */
    public void bindContext(Object ctx) {
        contextDescription = DescribedContext.of(ctx);
        context = new WeakReference<>(ctx);
    }

    /** The description of the context it was started with, or null when it was started without one. */
    @Override
    public @Nullable ContextDescription contextDescription() {
        return contextDescription;
    }

    /** The context the goroutine was started with, if any and still reachable. */
    @Override
    public @Nullable Object boundContext() {
        WeakReference<Object> r = context;
        return r == null ? null : r.get();
    }

    /**
     * The scheduler, after a run of this goroutine ended (it parked, yielded or finished). The
     * stamp is moved forward by at least one nanosecond (the clock is coarse), so that it names
     * one unmount: the JDK park reason is cached under it (see GWait for the races).
     */
    public void unmountedAt(long nanos) {
        long last = lastUnmountNanos;
        lastUnmountNanos = nanos > last ? nanos : last + 1;
    }

    /** When it last unmounted from a carrier ({@link System#nanoTime()}); 0 if never. */
    @Override
    public long lastUnmountNanos() {
        return lastUnmountNanos;
    }

    /** Its stack now (a parked goroutine's without mounting it), or an empty array once its thread is gone. */
    @Override
    public StackTraceElement[] stackNow() {
        Thread t = get();
        return t == null ? new StackTraceElement[0] : t.getStackTrace();
    }
}
