package io.gmp4j;

import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.runtime.GoRuntime;
import io.gmp4j.internal.runtime.TimerPin;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Go channel: unbuffered ({@link #make()}) or buffered ({@link #make(int)}), closable, usable in
 * {@link Select}, iterable until closed.
 *
 * <pre>{@code
 * Chan<String> ch = Chan.make();
 * Go.go(() -> { ch.send("hello"); ch.close(); });
 * for (String s : ch) System.out.println(s);   // Go's: for s := range ch
 * }</pre>
 *
 * <p>Contract (Go's): values are received in the order they were sent (per channel, FIFO); a
 * value is received at most once and, unless its send failed with an exception, exactly once.
 * An unbuffered send completes only when a receiver has taken the value; the send happens-before
 * the matching receive completes, and (unbuffered) the receive happens-before the send completes.
 * Closing wakes every blocked receiver (they get null) and every blocked sender (they get
 * {@link ChannelClosedException}); buffered values are still delivered after close. Null
 * elements are rejected. Blocking operations park the goroutine (a virtual thread) and never
 * declare checked exceptions; an interrupted one throws {@link GoroutineInterruptedException}
 * with its interrupt status kept, and then has neither sent nor received anything. A blocked
 * goroutine's wait reason is Go's ("chan send", "chan receive") and it waits on this channel.
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
    /*
     * Implementation notes (after Go's runtime/chan.go; our own code).
     *
     * One lock per channel guards the ring buffer, both wait queues and `closed`. Invariants (held
     * whenever the lock is free):
     *   - at least one of sendq and recvq holds no claimable waiter: a sender never queues while a
     *     receiver waits and vice versa;
     *   - recvq non-empty implies the buffer is empty; sendq non-empty implies the buffer is full
     *     (an unbuffered channel's buffer is always both);
     *   - a closed channel has no waiters.
     * A stale waiter (its select fired elsewhere, timed out or was interrupted) may sit in a queue
     * until someone polls past it or its owner removes it; pollClaimed skips it.
     *
     * Hand-off: a send that finds a claimable receiver writes the value into the receiver's waiter,
     * completes its outcome, unlocks, then unparks it: from a goroutine that is a wake-up on our
     * carrier, which the GMP scheduler puts in runnext (the receiver runs next on this P). A
     * receive on a full buffered channel with a waiting sender takes the head and moves the
     * sender's value to the tail, keeping FIFO order.
     *
     * Blocking: enqueue a waiter under the lock, unlock, park until the outcome is DONE. A timeout
     * or an interrupt races with a counterpart through Outcome.tryClaim: if the blocked goroutine
     * claims first it removes its waiter and nothing was transferred; if the counterpart claimed
     * first the transfer happened and the goroutine waits for DONE, returns normally and keeps its
     * interrupt status. Hence no value is lost or duplicated by cancellation.
     *
     * The lock is a ReentrantLock: select must hold the locks of several channels at once (taken in
     * id order, so no deadlock), which synchronized cannot express. Virtual threads park on it
     * without pinning. Tried and dropped: spinning on a held lock before queueing on it (100 or
     * 10 polls). W7 did not gain once select stopped taking every lock when one case is ready
     * (see Select's pass 0), and W3 (four senders and four receivers on one channel, 2 P's) went
     * from ~60 to ~150 ns per message: spinning keeps both cores on the one lock's cache line,
     * while queueing lets one carrier run the channel alone for a while.
     */
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle COUNT;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNT = l.findVarHandle(Chan.class, "count", int.class);
            CLOSED = l.findVarHandle(Chan.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;
    private final int capacity;
    private final StackTraceElement createdAt;
    /** Set once for a timer's channel: keeps it reachable while a goroutine is blocked on it. */
    private volatile TimerPin timerPin;

    static {
        TimerPin.Attach.install((c, p) -> ((Chan<?>) c).timerPin = p);
    }

    /** The timer pin of this channel, or null (read once per blocking wait). */
    TimerPin timerPin() {
        return timerPin;
    }

    /** Made the first time a goroutine blocks here (see WaitTarget); racy creation is harmless. */
    private volatile WaitTarget waitTarget;
    final ReentrantLock lock = new ReentrantLock();
    private final Object[] buf;
    private int head;           // guarded by lock
    private int count;          // guarded by lock; read opaquely by len()
    private boolean closed;     // guarded by lock; read opaquely by isClosed()
    final WaitQueue sendq = new WaitQueue();
    final WaitQueue recvq = new WaitQueue();

    private Chan(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must be >= 0: " + capacity);
        }
        this.id = IDS.incrementAndGet();
        this.capacity = capacity;
        this.buf = capacity == 0 ? null : new Object[capacity];
        this.createdAt = GoRuntime.primitiveSite();
    }

    /** An unbuffered channel (Go's {@code make(chan T)}). */
    /** Takes the channel's lock (the one place that does, so a different lock policy has one home). */
    void lockChan() {
        lock.lock();
    }

    /** Racy hint for select's lock-free probe: a receive might not block now. */
    boolean mayRecvNow() {
        return (int) COUNT.getOpaque(this) > 0 || (boolean) CLOSED.getOpaque(this) || sendq.mayHaveWaiters();
    }

    /** Racy hint for select's lock-free probe: a send might not block now. */
    boolean maySendNow() {
        return (int) COUNT.getOpaque(this) < capacity || (boolean) CLOSED.getOpaque(this) || recvq.mayHaveWaiters();
    }

    public static <T> Chan<T> make() {
        return new Chan<>(0);
    }

    /** A buffered channel (Go's {@code make(chan T, capacity)}); 0 means unbuffered. */
    public static <T> Chan<T> make(int capacity) {
        return new Chan<>(capacity);
    }

    /** This channel's id, unique in the JVM (shown in wait reasons and dumps). */
    public long id() {
        return id;
    }

    /** Where the channel was made, when creation sites are captured ({@code -Dgmp4j.creationSite=stack}). */
    public StackTraceElement createdAt() {
        return createdAt;
    }

    // ---------------------------------------------------------------------------------------------
    // Send

    @Override
    public void send(T value) {
        Objects.requireNonNull(value, "channels do not carry null");
        Waiter w = null;
        int r;
        lockChan();
        try {
            r = offerLocked(value);
            if (r == WOULD_BLOCK) {
                w = new Waiter(Thread.currentThread(), this, true, value);
                sendq.add(w);
            }
        } finally {
            releaseAndWake();
        }
        if (r == IS_CLOSED) {
            throw sendOnClosed();
        }
        if (w != null) {
            awaitOrCancel(w, "chan send");
            if (w.closed) {
                throw sendOnClosed();
            }
        }
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "channels do not carry null");
        int r;
        lockChan();
        try {
            r = offerLocked(value);
        } finally {
            releaseAndWake();
        }
        if (r == IS_CLOSED) {
            throw sendOnClosed();
        }
        return r == OFFERED;
    }

    private ChannelClosedException sendOnClosed() {
        return new ChannelClosedException("send on closed channel " + this);
    }

    // Results of offerLocked.
    static final int OFFERED = 1;
    static final int WOULD_BLOCK = 0;
    static final int IS_CLOSED = -1;

    /**
     * Under the lock: sends without blocking (the one send path, shared by send, trySend and
     * select). A receiver found is completed and remembered in {@link #toWake} for
     * {@link #releaseAndWake}.
     */
    int offerLocked(Object value) {
        if (closed) {
            return IS_CLOSED;
        }
        Waiter r = recvq.pollClaimed();
        if (r != null) {
            r.item = value;
            r.outcome.complete(r);
            toWake = r.outcome;
            return OFFERED;
        }
        if (count < capacity) {
            enqueue(value);
            return OFFERED;
        }
        return WOULD_BLOCK;
    }

    // ---------------------------------------------------------------------------------------------
    // Receive

    @Override
    @SuppressWarnings("unchecked")
    public T recv() {
        Waiter w = null;
        Object v;
        lockChan();
        try {
            v = pollLocked();
            if (v == null && !closed) {
                w = new Waiter(Thread.currentThread(), this, false, null);
                recvq.add(w);
            }
        } finally {
            releaseAndWake();
        }
        if (w != null) {
            awaitOrCancel(w, "chan receive");
            v = w.item;
        }
        return (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T tryRecv() {
        lockChan();
        try {
            return (T) pollLocked();
        } finally {
            releaseAndWake();
        }
    }

    /**
     * Under the lock: receives without blocking (the one receive path, shared by recv, tryRecv and
     * select). Returns the value, or null when nothing is ready
     * (check {@link #closed} to tell "closed and drained"). A sender found is completed and
     * remembered in {@link #toWake}.
     */
    Object pollLocked() {
        Waiter s = sendq.pollClaimed();
        if (s != null) {
            Object v = takeFromSender(s);
            toWake = s.outcome;
            return v;
        }
        if (count > 0) {
            return dequeue();
        }
        return null;
    }

    /** Under the lock: whether the channel is closed. */
    boolean closedLocked() {
        return closed;
    }

    /** Under the lock: completes sender s and returns the value the receiver gets. */
    private Object takeFromSender(Waiter s) {
        Object v;
        if (capacity == 0) {
            v = s.item;
        } else {
            // Full buffer: take the head, the sender's value goes to the tail (FIFO).
            v = dequeue();
            enqueue(s.item);
        }
        s.item = null;
        s.outcome.complete(s);
        return v;
    }

    // ---------------------------------------------------------------------------------------------
    // Close

    @Override
    public void close() {
        Outcome[] wake;
        lockChan();
        try {
            if (closed) {
                throw new ChannelClosedException("close of closed channel " + this);
            }
            CLOSED.setOpaque(this, true);
            wake = new Outcome[8];
            int n = 0;
            for (WaitQueue q : new WaitQueue[]{recvq, sendq}) {
                Waiter w;
                while ((w = q.pollClaimed()) != null) {
                    w.closed = true;
                    if (q == recvq) {
                        w.item = null;
                    }
                    w.outcome.complete(w);
                    if (n == wake.length) {
                        wake = java.util.Arrays.copyOf(wake, n * 2);
                    }
                    wake[n++] = w.outcome;
                }
            }
        } finally {
            lock.unlock();
        }
        for (Outcome o : wake) {
            if (o == null) {
                break;
            }
            o.wake();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Blocking

    /**
     * Parks until w's outcome is DONE. On interrupt, tries to cancel: if we claim our own outcome
     * first, w is removed and nothing was transferred (throws); otherwise the transfer happened and
     * we return normally with the interrupt status set.
     */
    private void awaitOrCancel(Waiter w, String reason) {
        G g = GoRuntime.get().current();
        if (g != null) {
            g.beginWait(reason, waitTarget());
        }
        TimerPin pin = timerPin;
        if (pin != null) {
            pin.blocked();
        }
        boolean interrupted = false;
        try {
            while (!w.outcome.isDone()) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    if (w.outcome.tryClaim()) {
                        lockChan();
                        try {
                            queueOf(w).remove(w);
                        } finally {
                            lock.unlock();
                        }
                        Thread.currentThread().interrupt();
                        throw new GoroutineInterruptedException();
                    }
                    interrupted = true;
                }
            }
        } finally {
            if (pin != null) {
                pin.unblocked();
            }
            if (g != null) {
                g.endWait();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Under the lock: the queue w is (or was) in. */
    WaitQueue queueOf(Waiter w) {
        return w.isSend ? sendq : recvq;
    }

    // ---------------------------------------------------------------------------------------------
    // Buffer and deferred wake-ups

    /** A counterpart completed under the lock, to unpark once the lock is released. */
    Outcome toWake;

    /** Unlocks and wakes the counterpart completed under the lock, if any. */
    void releaseAndWake() {
        Outcome o = toWake;
        toWake = null;
        lock.unlock();
        if (o != null) {
            o.wake();
        }
    }

    private void enqueue(Object v) {
        int tail = head + count;
        if (tail >= capacity) {
            tail -= capacity;
        }
        buf[tail] = v;
        COUNT.setOpaque(this, count + 1);
    }

    private Object dequeue() {
        Object v = buf[head];
        buf[head] = null;
        head = head + 1 == capacity ? 0 : head + 1;
        COUNT.setOpaque(this, count - 1);
        return v;
    }

    // ---------------------------------------------------------------------------------------------
    // Inspection

    @Override
    public int len() {
        return (int) COUNT.getOpaque(this);
    }

    @Override
    public int cap() {
        return capacity;
    }

    @Override
    public boolean isClosed() {
        return (boolean) CLOSED.getOpaque(this);
    }

    /** Receives until the channel is closed and drained (Go's {@code range}). */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = recv();
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed and drained: " + Chan.this);
                }
                T v = next;
                next = null;
                return v;
            }
        };
    }

    /** This channel as a goroutine's record refers to it while blocked here: weakly. */
    WaitTarget waitTarget() {
        WaitTarget t = waitTarget;
        if (t == null) {
            waitTarget = t = WaitTarget.channel(this, id, capacity, createdAt);
        }
        return t;
    }

    /** {@code chan#12 (cap 0)}, plus where it was made when that was captured. */
    @Override
    public String toString() {
        return "chan#" + id + " (cap " + capacity + (createdAt == null ? "" : ", made at " + createdAt) + ")";
    }
}
