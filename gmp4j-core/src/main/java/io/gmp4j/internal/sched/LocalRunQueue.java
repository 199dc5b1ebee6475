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
 * <em>victim</em>, and {@link #size}/{@link #isEmpty}/{@link #hasNext} (racy hints). An element
 * handed to the queue is taken out exactly once: by the owner's poll, by one thief, or by the
 * owner's spill.
 *
 * @param <T> element type
 */
public final class LocalRunQueue<T> extends LocalRunQueuePad3 {
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
            HEAD = l.findVarHandle(LocalRunQueueHead.class, "head", int.class);
            TAIL = l.findVarHandle(LocalRunQueueTail.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(LocalRunQueueNext.class, "runnext", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // head, tail and runnext live in the superclasses, each padded onto lines of its own (see the
    // layout notes at the end of this file): they are written by different threads.
    private final Object[] buf;
    private final int mask;

    /**
     * An empty queue.
     *
     * @param capacity a power of two ≥ 2 (Go: 256)
     * @throws IllegalArgumentException if it is not
     */
    public LocalRunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        buf = new Object[capacity];
        mask = capacity - 1;
    }

    /**
     * The ring's slots.
     *
     * @return the ring's slots
     */
    public int capacity() {
        return buf.length;
    }

    /**
     * Owner: appends x at the tail.
     *
     * @param x the element
     * @return false when the ring is full (the caller spills)
     */
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
     * Owner: puts x into runnext; the caller must {@link #offer} the element it displaced (Go's
     * runqput with next=true).
     *
     * @param x the element
     * @return the displaced element, or null if runnext was empty
     */
    @SuppressWarnings("unchecked")
    public T putNext(T x) {
        Objects.requireNonNull(x);
        return (T) RUNNEXT.getAndSet(this, x);
    }

    /**
     * Owner: runnext if present (it inherits the time slice), else the ring's head, or null.
     *
     * @return owner: runnext if present (it inherits the time slice), else the ring's head, or null
     */
    public T poll() {
        T x = pollNext();
        return x != null ? x : pollRing();
    }

    /**
     * Owner or thief: the runnext element taken, or null.
     *
     * @return owner or thief: the runnext element taken, or null
     */
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

    /**
     * Racy: whether runnext holds an element (for the scheduler's fairness checks).
     *
     * @return racy: whether runnext holds an element (for the scheduler's fairness checks)
     */
    public boolean hasNext() {
        return runnext != null;
    }

    /**
     * Owner: the ring's head taken, or null when the ring is empty.
     *
     * @return owner: the ring's head taken, or null when the ring is empty
     */
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
     * Owner: removes the older half of the ring into {@code out[0..n)} (Go's runqputslow).
     *
     * @param out where the elements go
     * @return n, or 0 if a consumer raced with us (the caller then retries its offer)
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
     *
     * @param victim    another P's queue
     * @param stealNext whether the victim's runnext may be taken
     * @return one stolen element to run now, or null
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

    /**
     * Racy: true when the ring (not counting runnext) is empty.
     *
     * @return racy: true when the ring (not counting runnext) is empty
     */
    public boolean isRingEmpty() {
        return (int) HEAD.getAcquire(this) == (int) TAIL.getAcquire(this);
    }

    /**
     * Racy element count, including runnext.
     *
     * @return racy element count, including runnext
     */
    public int size() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        int n = t - h;
        if (n < 0 || n > buf.length) {
            n = 0; // inconsistent snapshot
        }
        return n + (runnext != null ? 1 : 0);
    }

    /**
     * Racy: true when neither the ring nor runnext holds anything.
     *
     * @return racy: true when neither the ring nor runnext holds anything
     */
    public boolean isEmpty() {
        return runnext == null && (int) HEAD.getAcquire(this) == (int) TAIL.getAcquire(this);
    }
}

/*
 * The field layout of LocalRunQueue: head, tail and runnext each with 128 bytes of padding (two
 * 64-byte lines, against the adjacent-line prefetcher) on both sides.
 *
 * HotSpot lays a class's own fields out grouped by size (longs, then ints, then references), so
 * padding longs declared around an int in one class all end up together and the ints side by side:
 * that is what the old single-class layout did (head and tail 4 bytes apart). Padding through a
 * chain of superclasses, as JCTools does, keeps each class's fields after its superclass's. Since
 * JDK 15, though, a subclass's small fields fill alignment gaps left in its superclasses (the
 * 4-byte gap after the object header, or after a 4-byte field before 8-byte padding): with long
 * padding, head moved into the header's gap and runnext next to tail. Byte padding leaves no gap
 * to fill, which is why it is bytes (as in today's JCTools). LocalRunQueueLayoutTest checks the
 * offsets with JOL.
 *
 * Who writes each field: head, every consumer (CAS); tail, the owner (release store); runnext,
 * the owner (swap) and thieves (CAS). buf and mask (in LocalRunQueue) are final and read by all.
 */

/** Padding before head. */
abstract class LocalRunQueuePad0 {
    @SuppressWarnings("unused") private byte a000, a001, a002, a003, a004, a005, a006, a007;
    @SuppressWarnings("unused") private byte a008, a009, a010, a011, a012, a013, a014, a015;
    @SuppressWarnings("unused") private byte a016, a017, a018, a019, a020, a021, a022, a023;
    @SuppressWarnings("unused") private byte a024, a025, a026, a027, a028, a029, a030, a031;
    @SuppressWarnings("unused") private byte a032, a033, a034, a035, a036, a037, a038, a039;
    @SuppressWarnings("unused") private byte a040, a041, a042, a043, a044, a045, a046, a047;
    @SuppressWarnings("unused") private byte a048, a049, a050, a051, a052, a053, a054, a055;
    @SuppressWarnings("unused") private byte a056, a057, a058, a059, a060, a061, a062, a063;
    @SuppressWarnings("unused") private byte a064, a065, a066, a067, a068, a069, a070, a071;
    @SuppressWarnings("unused") private byte a072, a073, a074, a075, a076, a077, a078, a079;
    @SuppressWarnings("unused") private byte a080, a081, a082, a083, a084, a085, a086, a087;
    @SuppressWarnings("unused") private byte a088, a089, a090, a091, a092, a093, a094, a095;
    @SuppressWarnings("unused") private byte a096, a097, a098, a099, a100, a101, a102, a103;
    @SuppressWarnings("unused") private byte a104, a105, a106, a107, a108, a109, a110, a111;
    @SuppressWarnings("unused") private byte a112, a113, a114, a115, a116, a117, a118, a119;
    @SuppressWarnings("unused") private byte a120, a121, a122, a123, a124, a125, a126, a127;
}

/** The consumers' index. */
abstract class LocalRunQueueHead extends LocalRunQueuePad0 {
    volatile int head;
}

/** Padding between head and tail. */
abstract class LocalRunQueuePad1 extends LocalRunQueueHead {
    @SuppressWarnings("unused") private byte b000, b001, b002, b003, b004, b005, b006, b007;
    @SuppressWarnings("unused") private byte b008, b009, b010, b011, b012, b013, b014, b015;
    @SuppressWarnings("unused") private byte b016, b017, b018, b019, b020, b021, b022, b023;
    @SuppressWarnings("unused") private byte b024, b025, b026, b027, b028, b029, b030, b031;
    @SuppressWarnings("unused") private byte b032, b033, b034, b035, b036, b037, b038, b039;
    @SuppressWarnings("unused") private byte b040, b041, b042, b043, b044, b045, b046, b047;
    @SuppressWarnings("unused") private byte b048, b049, b050, b051, b052, b053, b054, b055;
    @SuppressWarnings("unused") private byte b056, b057, b058, b059, b060, b061, b062, b063;
    @SuppressWarnings("unused") private byte b064, b065, b066, b067, b068, b069, b070, b071;
    @SuppressWarnings("unused") private byte b072, b073, b074, b075, b076, b077, b078, b079;
    @SuppressWarnings("unused") private byte b080, b081, b082, b083, b084, b085, b086, b087;
    @SuppressWarnings("unused") private byte b088, b089, b090, b091, b092, b093, b094, b095;
    @SuppressWarnings("unused") private byte b096, b097, b098, b099, b100, b101, b102, b103;
    @SuppressWarnings("unused") private byte b104, b105, b106, b107, b108, b109, b110, b111;
    @SuppressWarnings("unused") private byte b112, b113, b114, b115, b116, b117, b118, b119;
    @SuppressWarnings("unused") private byte b120, b121, b122, b123, b124, b125, b126, b127;
}

/** The owner's index. */
abstract class LocalRunQueueTail extends LocalRunQueuePad1 {
    volatile int tail;
}

/** Padding between tail and runnext. */
abstract class LocalRunQueuePad2 extends LocalRunQueueTail {
    @SuppressWarnings("unused") private byte c000, c001, c002, c003, c004, c005, c006, c007;
    @SuppressWarnings("unused") private byte c008, c009, c010, c011, c012, c013, c014, c015;
    @SuppressWarnings("unused") private byte c016, c017, c018, c019, c020, c021, c022, c023;
    @SuppressWarnings("unused") private byte c024, c025, c026, c027, c028, c029, c030, c031;
    @SuppressWarnings("unused") private byte c032, c033, c034, c035, c036, c037, c038, c039;
    @SuppressWarnings("unused") private byte c040, c041, c042, c043, c044, c045, c046, c047;
    @SuppressWarnings("unused") private byte c048, c049, c050, c051, c052, c053, c054, c055;
    @SuppressWarnings("unused") private byte c056, c057, c058, c059, c060, c061, c062, c063;
    @SuppressWarnings("unused") private byte c064, c065, c066, c067, c068, c069, c070, c071;
    @SuppressWarnings("unused") private byte c072, c073, c074, c075, c076, c077, c078, c079;
    @SuppressWarnings("unused") private byte c080, c081, c082, c083, c084, c085, c086, c087;
    @SuppressWarnings("unused") private byte c088, c089, c090, c091, c092, c093, c094, c095;
    @SuppressWarnings("unused") private byte c096, c097, c098, c099, c100, c101, c102, c103;
    @SuppressWarnings("unused") private byte c104, c105, c106, c107, c108, c109, c110, c111;
    @SuppressWarnings("unused") private byte c112, c113, c114, c115, c116, c117, c118, c119;
    @SuppressWarnings("unused") private byte c120, c121, c122, c123, c124, c125, c126, c127;
}

/** The slot of the goroutine to run next. */
abstract class LocalRunQueueNext extends LocalRunQueuePad2 {
    volatile Object runnext;
}

/** Padding after runnext (the queue's own fields follow). */
abstract class LocalRunQueuePad3 extends LocalRunQueueNext {
    @SuppressWarnings("unused") private byte d000, d001, d002, d003, d004, d005, d006, d007;
    @SuppressWarnings("unused") private byte d008, d009, d010, d011, d012, d013, d014, d015;
    @SuppressWarnings("unused") private byte d016, d017, d018, d019, d020, d021, d022, d023;
    @SuppressWarnings("unused") private byte d024, d025, d026, d027, d028, d029, d030, d031;
    @SuppressWarnings("unused") private byte d032, d033, d034, d035, d036, d037, d038, d039;
    @SuppressWarnings("unused") private byte d040, d041, d042, d043, d044, d045, d046, d047;
    @SuppressWarnings("unused") private byte d048, d049, d050, d051, d052, d053, d054, d055;
    @SuppressWarnings("unused") private byte d056, d057, d058, d059, d060, d061, d062, d063;
    @SuppressWarnings("unused") private byte d064, d065, d066, d067, d068, d069, d070, d071;
    @SuppressWarnings("unused") private byte d072, d073, d074, d075, d076, d077, d078, d079;
    @SuppressWarnings("unused") private byte d080, d081, d082, d083, d084, d085, d086, d087;
    @SuppressWarnings("unused") private byte d088, d089, d090, d091, d092, d093, d094, d095;
    @SuppressWarnings("unused") private byte d096, d097, d098, d099, d100, d101, d102, d103;
    @SuppressWarnings("unused") private byte d104, d105, d106, d107, d108, d109, d110, d111;
    @SuppressWarnings("unused") private byte d112, d113, d114, d115, d116, d117, d118, d119;
    @SuppressWarnings("unused") private byte d120, d121, d122, d123, d124, d125, d126, d127;
}
