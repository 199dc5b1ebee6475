package io.gmp4j.internal.g;

import io.gmp4j.CreationSite;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.GoroutineState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A goroutine's record (Go's {@code g}): identity, ancestry, labels, wait state and completion.
 *
 * <p>The record refers to its thread only weakly (it <em>is</em> the weak reference, registered
 * with {@link CollectedGoroutines}' queue), and the registry holds records strongly: a goroutine's
 * thread stays collectable whenever nothing running can reach it, which the leak detector relies
 * on. The thread reaches its record through its scheduler task, never the other way round; what
 * the goroutine waits on is held through a {@link WaitTarget}, weakly, for the same reason.
 */
public final class G extends WeakReference<Thread> implements Goroutine {
    /*
     * Implementation notes.
     *
     * State is derived, not tracked. Tracking RUNNABLE/RUNNING/WAITING eagerly would cost a CAS per
     * dispatch and races with wake-ups (a goroutine can be re-queued and running on another M
     * before the M that parked it has returned). Instead state() asks the thread (the JDK's
     * virtual-thread state machine is already exact) and asks whether it is mounted on a carrier
     * (MOUNT_PROBE, installed by the runtime). Only two facts are ours: `dead`, set by the
     * goroutine's own body before it returns, and the gmp4j wait reason.
     *
     * Wait state: primitives call beginWait(reason, on) on their own goroutine just before they park
     * and endWait() once they resume; only the goroutine itself writes these fields (single
     * writer), so plain-ordered volatile stores are enough and readers may see a stale but
     * self-consistent-enough triple (each field is read once). waitReason is written last in
     * beginWait and first in endWait so that a non-null reason implies the other two are set.
     *
     * Join: `joiners` is a Treiber stack of parked joiners, or DONE once the goroutine is dead.
     * markDead swaps in DONE and unparks every node it took; a joiner that pushes after the swap
     * fails its CAS and sees DONE. A proven leak never reaches DONE: markCollected sets `collected`
     * (CAS) and then unparks the nodes present, without a swap; a joiner checks `collected` before
     * each park, so one that pushed after that unpark loop still sees the flag, and every joiner
     * throws instead of waiting for ever. Joiner nodes hold the joiners' threads, so a goroutine
     * that joins a leaked one stays reachable until then, and is freed by this too.
     */
    private static final Object DONE = new Object();
    private static final VarHandle JOINERS;
    private static final VarHandle WAIT_REASON;
    private static final VarHandle WAITING_ON;
    private static final VarHandle WAIT_SINCE;
    private static final VarHandle COLLECTED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            JOINERS = l.findVarHandle(G.class, "joiners", Object.class);
            WAIT_REASON = l.findVarHandle(G.class, "waitReason", String.class);
            WAITING_ON = l.findVarHandle(G.class, "waitingOn", WaitTarget.class);
            WAIT_SINCE = l.findVarHandle(G.class, "waitSinceNanos", long.class);
            COLLECTED = l.findVarHandle(G.class, "collected", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Whether beginWait records where the goroutine blocked ({@code -Dgmp4j.leakStacks=true}, or
     * the leak detector's switch): a proven leak's report can show its stack only from this,
     * because its thread is gone by then. Costs a stack capture (~1-3 µs) per blocking wait.
     */
    private static volatile boolean captureWaitStacks = Boolean.getBoolean("gmp4j.leakStacks");

    /**
     * Creation sites (the shared frame lists of caller mode, compared by identity) that have
     * leaked a goroutine whose stack was not captured: later goroutines started there record
     * their wait stacks, so that a leak that repeats is reported with its stack from its second
     * occurrence on, at no cost to programs that do not leak (one volatile read of an empty
     * array per wait). Each site has a budget of HOT_SITE_BUDGET captures (~0.8 µs each), re-armed
     * by its next stackless leak, so that a busy site that leaked once does not pay for ever.
     * Copy-on-write, at most MAX_HOT_SITES.
     */
    private static volatile HotSite[] hotSites = new HotSite[0];
    private static final int MAX_HOT_SITES = 64;
    private static final int HOT_SITE_BUDGET = 10_000;

    private static final class HotSite {
        final List<?> site;
        final java.util.concurrent.atomic.AtomicInteger budget = new java.util.concurrent.atomic.AtomicInteger(HOT_SITE_BUDGET);

        HotSite(List<?> site) {
            this.site = site;
        }
    }

    /** Tells whether a thread is mounted on a carrier right now; installed by the runtime. */
    private static volatile Predicate<Thread> mountProbe = t -> true;

    private final long id;
    private final String name;
    /** The creation site's frames (shared per lambda class in caller mode) and parent, unboxed. */
    private final List<StackTraceElement> siteFrames;
    private final long parentId;
    private final Map<String, String> labels;
    private final boolean locked;
    /** Started by the JDK on our scheduler, not by Go.go (see {@link #adopted}). */
    private final boolean adopted;
    /** A runtime goroutine: hidden from counts, dumps and leak reports. */
    private final boolean system;
    private final Object origin;

    private volatile boolean dead;
    /** Set once (CAS) by whoever first finds the thread collected while blocked: the reaper or a sweep. */
    private volatile boolean collected;
    private volatile Object joiners;
    private volatile String waitReason;
    private volatile WaitTarget waitingOn;
    /** Where the goroutine blocked, when wait stacks are captured (see captureWaitStacks). */
    private Throwable waitStack;
    private volatile long waitSinceNanos;
    /** The context the goroutine was started with (Go.go(ctx, body)), held weakly: see bindContext. */
    private volatile WeakReference<Object> context;
    /** Written by the M after each run of this goroutine (plain, racy reads): when it last unmounted. */
    private long lastUnmountNanos;
    /** The last JDK park classified by its stack (see jdkParkReason); racy, self-validating. */
    private volatile JdkPark jdkPark;
    /** Counts this goroutine's gmp4j waits (plain: written before waitReason's release store). */
    private int waitEpoch;

    public G(Thread thread, long id, String name, CreationSite site, Map<String, String> labels, boolean locked) {
        this(thread, id, name, site, labels, locked, null);
    }

    public G(Thread thread, long id, String name, CreationSite site, Map<String, String> labels, boolean locked,
             Object origin) {
        this(thread, id, name, site, labels, locked, origin, false, false);
    }

    private G(Thread thread, long id, String name, CreationSite site, Map<String, String> labels, boolean locked,
              Object origin, boolean adopted, boolean system) {
        // A runtime goroutine is never a leak: its record is not on the leak detector's queue.
        super(thread, system ? null : CollectedGoroutines.QUEUE);
        this.origin = origin;
        this.id = id;
        this.name = name;
        this.siteFrames = site.frames();
        this.parentId = site.parentId();
        this.labels = labels;
        this.locked = locked;
        this.adopted = adopted;
        this.system = system;
    }

    /**
     * The record of a virtual thread that was not started by {@code Go.go} but runs on gmp4j's
     * scheduler because it was created inside a goroutine (the JDK gives such a thread its
     * parent's scheduler): {@code Thread.ofVirtual()}, a virtual-thread-per-task executor,
     * structured concurrency. A {@code system} one is a runtime goroutine (the JDK's network
     * pollers): kept out of counts, dumps and leak reports (see {@link Registry}).
     */
    public static G adopted(Thread thread, long id, String name, CreationSite site, Map<String, String> labels,
                            Object origin, boolean system) {
        return new G(thread, id, name, site, labels, false, origin, true, system);
    }

    public static void captureWaitStacks(boolean on) {
        captureWaitStacks = on;
    }

    public static boolean capturesWaitStacks() {
        return captureWaitStacks;
    }

    /** The leak reaper: goroutines started where this one was will record their wait stacks. */
    void markCreationSiteHot() {
        if (siteFrames.isEmpty()) {
            return; // creation sites are off: no site to single out
        }
        synchronized (G.class) {
            HotSite[] h = hotSites;
            HotSite known = hot(h, siteFrames);
            if (known != null) {
                known.budget.set(HOT_SITE_BUDGET);
                return;
            }
            if (h.length >= MAX_HOT_SITES) {
                return;
            }
            HotSite[] n = java.util.Arrays.copyOf(h, h.length + 1);
            n[h.length] = new HotSite(siteFrames);
            hotSites = n;
        }
    }

    /** Whether goroutines started where this one was record their wait stacks (see hotSites). */
    public boolean creationSiteIsHot() {
        HotSite h = hot(hotSites, siteFrames);
        return h != null && h.budget.get() > 0;
    }

    private static HotSite hot(HotSite[] h, List<?> site) {
        for (HotSite s : h) {
            if (s.site == site) {
                return s;
            }
        }
        return null;
    }

    private boolean captureThisWait() {
        if (captureWaitStacks) {
            return true;
        }
        HotSite[] h = hotSites;
        if (h.length == 0) {
            return false;
        }
        HotSite s = hot(h, siteFrames);
        return s != null && s.budget.get() > 0 && s.budget.getAndDecrement() > 0;
    }

    public static void installMountProbe(Predicate<Thread> probe) {
        mountProbe = probe;
    }

    /**
     * Tells whether a mounted goroutine's carrier is stuck in native code (a blocking system call:
     * file I/O pins the carrier); installed by the runtime, answered from sysmon's observations.
     */
    private static volatile Predicate<G> syscallProbe = g -> false;

    public static void installSyscallProbe(Predicate<G> probe) {
        syscallProbe = probe;
    }

    /** Whether a scheduler stamps every unmount ({@link #unmountedAt}): the GMP scheduler does. */
    private static volatile boolean unmountsStamped;

    public static void unmountsAreStamped() {
        unmountsStamped = true;
    }

    @Override public long id() { return id; }
    @Override public String name() { return name != null ? name : "goroutine-" + id; }
    @Override public long parentId() { return parentId; }
    @Override public CreationSite creationSite() { return new CreationSite(siteFrames, parentId); }
    @Override public Map<String, String> labels() { return labels; }
    @Override public boolean lockedToThread() { return locked; }

    /** True for a virtual thread that the JDK started on gmp4j's scheduler (see {@link #adopted}). */
    public boolean isAdopted() { return adopted; }

    /** True for a runtime goroutine (the JDK's network pollers): never counted, dumped or reported. */
    public boolean isSystem() { return system; }

    @Override
    public GoroutineState state() {
        if (dead) {
            return GoroutineState.DEAD;
        }
        Thread t = get();
        if (t == null) {
            // Collected while alive: it was parked where nothing could ever wake it.
            return GoroutineState.WAITING;
        }
        return switch (t.getState()) {
            case NEW -> GoroutineState.RUNNABLE;
            case RUNNABLE -> mountProbe.test(t) ? GoroutineState.RUNNING : GoroutineState.RUNNABLE;
            case TERMINATED -> GoroutineState.DEAD;
            case BLOCKED, WAITING, TIMED_WAITING -> GoroutineState.WAITING;
        };
    }

    @Override
    public boolean inSyscall() {
        Thread t = get();
        return !dead && t != null && t.getState() == Thread.State.RUNNABLE && syscallProbe.test(this) && mountProbe.test(t);
    }

    @Override
    public String waitReason() {
        Thread t = get();
        if (dead) {
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
     * socket read, write, accept or connect, a selector), else "sleep" or "park". Only the stack
     * tells, so it is read once per park: the answer is kept with the unmount stamp it was read
     * under, which the scheduler makes increase with every unmount ({@link #unmountedAt}). Racy
     * by design, for a diagnostic: in the few hundred nanoseconds between a park and the stamp's
     * update a reader may still get the previous park's reason, and when the M that ran one run
     * writes its stamp after another M already wrote the next run's (the goroutine was woken and
     * ran elsewhere first) two parks may share a stamp; a stale reason then lasts until the next
     * park. Without the GMP scheduler there is no stamp: every call reads the stack.
     */
    private String jdkParkReason(Thread t, Thread.State s) {
        long stamp = lastUnmountNanos;
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
    public Optional<Object> waitingOn() {
        WaitTarget t = waitReason != null ? waitingOn : null;
        return t == null ? Optional.empty() : Optional.ofNullable(t.get());
    }

    /**
     * The gmp4j wait the goroutine is in (or was in when it was collected): its reason or null,
     * and its target (possibly null). Read reason first; see beginWait's ordering.
     */
    public String gmp4jWaitReason() {
        return waitReason;
    }

    public WaitTarget waitTarget() {
        return waitReason != null ? waitingOn : null;
    }

    /** Where it blocked in its current gmp4j wait, when wait stacks are captured; else null. */
    public Throwable waitStack() {
        return waitReason != null ? waitStack : null;
    }

    /** When its current gmp4j wait began ({@link System#nanoTime()}), or 0 when not in one. */
    public long waitSinceNanos() {
        return waitReason != null ? waitSinceNanos : 0;
    }

    /** When it last unmounted from a carrier ({@link System#nanoTime()}); 0 if never. */
    public long lastUnmountNanos() {
        return lastUnmountNanos;
    }

    @Override
    public Optional<Instant> waitingSince() {
        if (state() != GoroutineState.WAITING) {
            return Optional.empty();
        }
        long since = waitReason != null ? waitSinceNanos : lastUnmountNanos;
        if (since == 0) {
            if (!unmountsStamped || locked) {
                return Optional.empty(); // nobody stamps this goroutine's unmounts
            }
            // Its first park, in the moment before its carrier stamps the unmount: it began now.
            return Optional.of(Instant.now());
        }
        long agoNanos = System.nanoTime() - since;
        return Optional.of(Instant.now().minusNanos(Math.max(0, agoNanos)));
    }

    /**
     * Records the context the goroutine was started with, for dumps (deadline, cancelled). Weakly:
     * the registry holds records strongly, and a context reaches its done channel, whose waiters
     * reach their threads; a strong reference would keep a leaked goroutine's thread alive.
     */
    public void bindContext(Object ctx) {
        context = new WeakReference<>(ctx);
    }

    /** The context the goroutine was started with, if any and still reachable. */
    public Object boundContext() {
        WeakReference<Object> r = context;
        return r == null ? null : r.get();
    }

    /** The goroutine itself, just before parking in a gmp4j primitive. */
    public void beginWait(String reason, WaitTarget on) {
        // Release stores, no fences: a reader that sees the reason (volatile read) sees the rest.
        waitEpoch++;
        waitStack = captureThisWait() ? new Throwable("blocked here") : null;
        WAITING_ON.setRelease(this, on);
        WAIT_SINCE.setRelease(this, System.nanoTime());
        WAIT_REASON.setRelease(this, reason);
    }

    /**
     * Which gmp4j wait the goroutine is in, or -1 when it is not in one (running, or parked in the
     * JDK without a gmp4j primitive). Two equal readings around a look at the goroutine mean it
     * stayed in that one wait meanwhile: snapshots use this to reuse a captured stack.
     */
    public long gmp4jWaitEpoch() {
        return waitReason != null ? waitEpoch : -1; // volatile read first: orders the epoch read after it
    }

    /** The goroutine itself, once it has resumed. */
    public void endWait() {
        WAIT_REASON.setRelease(this, (String) null);
        WAITING_ON.setRelease(this, (WaitTarget) null);
    }

    /**
     * The scheduler, after a run of this goroutine ended (it parked, yielded or finished). The
     * stamp is moved forward by at least one nanosecond (the clock is coarse), so that it names
     * one unmount: the JDK park reason is cached under it (see jdkParkReason for the races).
     */
    public void unmountedAt(long nanos) {
        long last = lastUnmountNanos;
        lastUnmountNanos = nanos > last ? nanos : last + 1;
    }

    /**
     * Runs the goroutine's body on its own thread: the user's code, then the uncaught-exception
     * handler if it threw, then removal from the registry and the wake-up of joiners, in that
     * order, so that {@code numGoroutine()} no longer counts it once {@code join()} returns.
     */
    public void runBody(Runnable user) {
        try {
            user.run();
        } catch (Throwable e) {
            Uncaught.report(this, e);
        } finally {
            finish();
        }
    }

    /**
     * The body of a goroutine on the GMP scheduler: only the user's code and the report of what it
     * threw. The rest of the ending ({@link #finish}) runs on the carrier once the virtual thread
     * has terminated. Keeping this method this small keeps the frame that sits under every
     * parked goroutine's code small: with the registry removal and the joiners' wake-up inlined
     * here (a monitor slot, spills), a parked goroutine's stack chunk was ~940 bytes against the
     * JDK's ~380 for the same receive (W6).
     */
    public void runBodyOnly(Runnable user) {
        try {
            user.run();
        } catch (Throwable e) {
            Uncaught.report(this, e);
        }
    }

    /** Unregisters the goroutine and wakes its joiners: its very last action. */
    public void finish() {
        Registry.global().remove(this);
        markDead();
    }

    public boolean isDead() {
        return dead;
    }

    /** True once the GC has collected the goroutine's thread while it was blocked (a proven leak). */
    public boolean isCollected() {
        return collected;
    }

    /**
     * Claims the report of this proven leak: true for exactly one caller (reaper or sweep), which
     * also wakes the goroutine's joiners: it will never end, and {@link #join} says so rather than
     * wait for ever. (A joiner that pushes itself after this sees `collected` before it parks.)
     */
    boolean markCollected() {
        if (!COLLECTED.compareAndSet(this, false, true)) {
            return false;
        }
        for (Object n = joiners; n instanceof Joiner j; n = j.next) {
            LockSupport.unpark(j.thread);
        }
        return true;
    }

    private IllegalStateException neverEnds() {
        String r = waitReason;
        return new IllegalStateException("goroutine " + id + " will never end: the GC collected it while it was blocked"
                + (r != null ? " (" + r + ")" : "") + ", a proven leak (see io.gmp4j.diag.LeakDetector)");
    }

    /**
     * The origin tag the goroutine inherited: its parent's, or for a goroutine started by a plain
     * thread, that thread's {@link Origin} at the time (the JUnit extension's per-test tag).
     */
    public Object origin() {
        return origin;
    }

    /** The goroutine's body, as its very last action: wakes every joiner. */
    public void markDead() {
        dead = true;
        clear(); // a finished goroutine is never reported by the leak detector's reference queue
        Object top = JOINERS.getAndSet(this, DONE);
        for (Object n = top; n instanceof Joiner j; n = j.next) {
            LockSupport.unpark(j.thread);
        }
    }

    @Override
    public void join() {
        if (!join(-1L)) {
            throw new AssertionError("untimed join returned early");
        }
    }

    @Override
    public boolean join(Duration timeout) {
        return join(Math.max(0L, timeout.toNanos()));
    }

    private boolean join(long timeoutNanos) {
        if (dead) {
            return true;
        }
        if (collected) {
            throw neverEnds();
        }
        if (timeoutNanos == 0) {
            return false;
        }
        Joiner me = new Joiner(Thread.currentThread());
        for (;;) {
            Object top = joiners;
            if (top == DONE) {
                return true;
            }
            me.next = top;
            if (JOINERS.compareAndSet(this, top, me)) {
                break;
            }
        }
        long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
        while (!dead) {
            if (collected) {
                throw neverEnds();
            }
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new GoroutineInterruptedException();
            }
            if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return dead; // our node stays in the stack; markDead will unpark a finished thread, harmlessly
                }
                LockSupport.parkNanos(this, left);
            }
        }
        return true;
    }

    private static final class Joiner {
        final Thread thread;
        Object next;

        Joiner(Thread thread) {
            this.thread = thread;
        }
    }

    @Override
    public String toString() {
        return "goroutine " + id + " [" + state() + "] " + name();
    }
}
