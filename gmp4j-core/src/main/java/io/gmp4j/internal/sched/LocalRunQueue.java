package io.gmp4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A P's local run queue: a bounded single-producer / multi-consumer ring plus a {@code runnext}
 * slot, after Go's {@code p.runq} / {@code p.runnext} ({@code runtime/proc.go}: runqput, runqget,
 * runqgrab, runqputslow).
 *
 * <p>Contract. Only the <em>owner</em> (the M holding the P) may call {@link #offer},
 * {@link #putNext}, {@link #poll}, {@link #takeHalf}, {@link #stealFrom} (into itself) and
 * {@link #clearStale}. Any thread may call {@link #stealFrom} with this queue as the
 * <em>victim</em>, and {@link #size}/{@link #isEmpty}/{@link #peekNext} (racy hints). An element
 * handed to the queue is taken out exactly once: by the owner's poll, by one thief, or by the
 * owner's spill.
 *
 * @param <T> element type
 */
public final class LocalRunQueue<T> {
    /*
     * Implementation notes.
     *
     * Layout: elements live in buf[i & mask] for head <= i < tail. head and tail are ints that only
     * grow (wrap-around is harmless: all arithmetic is modular and differences stay <= capacity).
     *
     * Who writes what:
     *  - tail: the owner only. It writes buf[tail & mask] with a plain store and then publishes it
     *    with a release store of tail (setRelease). Consumers read tail with acquire, so a slot they
     *    see below tail holds the value the owner wrote (or a later one, see below).
     *  - head: every consumer (owner poll, thieves, owner spill) advances it with a CAS. Whoever wins
     *    the CAS from h owns the elements it read from slots [h, h+n).
     *  - runnext: an atomic slot. The owner swaps into it (getAndSet); the owner and thieves take
     *    from it with CAS(x -> null), so exactly one taker wins.
     *
     * Invariants: 0 <= tail - head <= capacity (the owner reads head with acquire before writing a
     * slot, and a slot is rewritten only after head has passed it). A consumer that read a slot
     * with a stale head can have read a value that was since consumed or overwritten; its CAS from
     * that stale head then fails, because head only grows, and it retries. So a successful CAS
     * always returns the values that were in the slots while they were live.
     *
     * Retention: a consumed slot would otherwise keep its element (a goroutine and, through it, its
     * thread) reachable until the ring wraps, which would hide leaked goroutines from the GC. The
     * owner nulls the slot it took in poll() (safe: any thief that reads that slot afterwards holds
     * a stale head and will fail its CAS). Slots taken by thieves cannot be nulled by the thief (the
     * owner may already be reusing them), so the owner clears every slot outside [head, tail) in
     * clearStale() before its P goes idle.
     *
     * Rejected: a Vyukov MPMC ring (a CAS per put where Go needs a plain release store); a
     * ConcurrentLinkedDeque (an allocation per put and no batch steal).
     */
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(LocalRunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(LocalRunQueue.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(LocalRunQueue.class, "runnext", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] buf;
    private final int mask;

    // head and tail are written by different threads: padded apart to avoid false sharing.
    @SuppressWarnings("unused") private long p00, p01, p02, p03, p04, p05, p06;
    private volatile int head;
    @SuppressWarnings("unused") private long p10, p11, p12, p13, p14, p15, p16;
    private volatile int tail;
    @SuppressWarnings("unused") private long p20, p21, p22, p23, p24, p25, p26;
    private volatile Object runnext;
    @SuppressWarnings("unused") private long p30, p31, p32, p33, p34, p35, p36;

    /** @param capacity a power of two ≥ 2 (Go: 256) */
    public LocalRunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        buf = new Object[capacity];
        mask = capacity - 1;
    }

    public int capacity() {
        return buf.length;
    }

    /** Owner: appends x at the tail. Returns false when the ring is full (the caller spills). */
    public boolean offer(T x) {
        Objects.requireNonNull(x);
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.get(this); // plain: only the owner writes tail
        if (t - h >= buf.length) {
            return false;
        }
        buf[t & mask] = x;
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /**
     * Owner: puts x into runnext and returns the element it displaced (null if runnext was empty);
     * the caller must {@link #offer} the displaced one (Go's runqput with next=true).
     */
    @SuppressWarnings("unchecked")
    public T putNext(T x) {
        Objects.requireNonNull(x);
        return (T) RUNNEXT.getAndSet(this, x);
    }

    /** Owner: takes runnext if present (it inherits the time slice), else the ring's head. */
    public T poll() {
        T x = pollNext();
        return x != null ? x : pollRing();
    }

    /** Owner or thief: takes the runnext element, or null. */
    @SuppressWarnings("unchecked")
    public T pollNext() {
        Object x = runnext;
        while (x != null) {
            if (RUNNEXT.compareAndSet(this, x, null)) {
                return (T) x;
            }
            x = runnext;
        }
        return null;
    }

    /** Racy look at runnext, for the scheduler's fairness checks. */
    public boolean hasNext() {
        return runnext != null;
    }

    /** Owner: takes the ring's head, or null when the ring is empty. */
    @SuppressWarnings("unchecked")
    public T pollRing() {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.get(this); // plain: the owner is the only writer of tail
            if (t == h) {
                return null;
            }
            Object x = SLOT.getAcquire(buf, h & mask);
            if (HEAD.compareAndSet(this, h, h + 1)) {
                // We consumed slot h; a thief reading it now holds a stale head and will fail its CAS.
                buf[h & mask] = null;
                return (T) x;
            }
        }
    }

    /**
     * Owner: removes the older half of the ring into {@code out[0..n)} and returns n (Go's
     * runqputslow). Returns 0 if a consumer raced with us; the caller then retries its offer.
     */
    public int takeHalf(Object[] out) {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.get(this);
        int n = (t - h) / 2;
        if (n == 0 || n > out.length) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            out[i] = SLOT.getAcquire(buf, (h + i) & mask);
        }
        if (!HEAD.compareAndSet(this, h, h + n)) {
            java.util.Arrays.fill(out, 0, n, null);
            return 0;
        }
        for (int i = 0; i < n; i++) {
            buf[(h + i) & mask] = null; // consumed by us, the owner: safe to clear
        }
        return n;
    }

    /**
     * Owner of this queue (the thief): steals half of {@code victim}'s ring (rounded up) into this
     * queue and returns one stolen element to run now, or null. When the victim's ring is empty and
     * {@code stealNext} is set, takes the victim's runnext instead (Go's runqsteal / runqgrab).
     * This queue must be empty when called.
     */
    @SuppressWarnings("unchecked")
    public T stealFrom(LocalRunQueue<T> victim, boolean stealNext) {
        if (victim == this) {
            return null;
        }
        int myTail = (int) TAIL.get(this);
        int grabbed = victim.grabInto(buf, mask, myTail);
        if (grabbed == 0) {
            return stealNext ? victim.pollNext() : null;
        }
        // Run the last one grabbed now; publish the rest.
        int last = myTail + grabbed - 1;
        Object x = buf[last & mask];
        buf[last & mask] = null;
        if (grabbed > 1) {
            TAIL.setRelease(this, last);
        }
        return (T) x;
    }

    /** Thief side: copies half of this ring into dst starting at dstTail; returns how many. */
    private int grabInto(Object[] dst, int dstMask, int dstTail) {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            int n = t - h;
            n = n - n / 2;
            if (n <= 0) {
                return 0;
            }
            if (n > buf.length / 2 || n > (dstMask + 1) / 2) {
                continue; // h and t were read at different times: inconsistent, retry
            }
            for (int i = 0; i < n; i++) {
                dst[(dstTail + i) & dstMask] = SLOT.getAcquire(buf, (h + i) & mask);
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                return n;
            }
        }
    }

    /**
     * Owner, before its P goes idle: nulls every slot outside [head, tail) so that elements taken
     * by thieves are not kept reachable (see the notes above).
     */
    public void clearStale() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.get(this);
        int live = t - h;
        for (int i = live; i < buf.length; i++) {
            SLOT.setOpaque(buf, (t + i - live) & mask, null);
        }
    }

    /** Racy: true when the ring (not counting runnext) is empty. */
    public boolean isRingEmpty() {
        return (int) HEAD.getAcquire(this) == (int) TAIL.getAcquire(this);
    }

    /** Racy element count, including runnext. */
    public int size() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        int n = t - h;
        if (n < 0 || n > buf.length) {
            n = 0; // inconsistent snapshot
        }
        return n + (runnext != null ? 1 : 0);
    }

    /** Racy: true when neither the ring nor runnext holds anything. */
    public boolean isEmpty() {
        return runnext == null && (int) HEAD.getAcquire(this) == (int) TAIL.getAcquire(this);
    }
}
