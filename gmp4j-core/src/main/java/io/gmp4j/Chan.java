package io.gmp4j;

import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.park.Park;
import io.gmp4j.internal.park.WaitList;
import io.gmp4j.internal.runtime.GoRuntime;
import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Signal channels (Go's {@code chan struct{}}) carry {@link Signal#SIGNAL}: {@link #signals()},
 * {@link #signals(int)}. A channel is {@link AutoCloseable} (Go's {@code defer close(ch)}: see
 * {@link SendChan}). {@link #poll()} and {@link #recvOk()} give Go's {@code ok} as a
 * {@link Polled} outcome.
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
 *
 * @param <T> the element type; null elements are not allowed
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
     * completes its outcome, unlocks, then wakes it: from a goroutine that is a wake-up on our
     * carrier, which the GMP scheduler puts in runnext (the receiver runs next on this P). A
     * receive on a full buffered channel with a waiting sender takes the head and moves the
     * sender's value to the tail, keeping FIFO order. The steps under the lock return what they
     * claimed (offerLocked the receiver's outcome, claimSenderLocked the sender), and the caller
     * wakes it after unlocking; select runs the same steps.
     *
     * Blocking: enqueue a waiter under the lock, unlock, and park on the one park path
     * (internal.park.Park, Go's gopark), which publishes the wait (reason "chan send" or "chan
     * receive", this channel's wait target, and through it a timer channel's pin), parks until the
     * waiter is completed, and settles the race with an interrupt through the waiter's claim: if
     * the goroutine claims its own waiter first, the waiter leaves the queue (Waiter.withdrawn) and
     * nothing was transferred; if a counterpart claimed first, the transfer happened and the
     * operation returns normally keeping the interrupt status. Hence no value is lost or
     * duplicated by cancellation.
     *
     * poll() is tryRecv's step plus a read of `closed` in the same lock hold: since nothing can be
     * buffered once `closed` is set, "no value taken and closed" under one hold is exactly "closed
     * and drained", and "no value taken and open" is exactly "would block". recvOk() needs no
     * lock of its own: recv() returns null only for closed-and-drained, because null is never sent.
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
    /** The buffer of every unbuffered channel: never written (count < capacity never holds). */
    private static final Object[] NO_BUFFER = new Object[0];
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
    private final @Nullable StackTraceElement createdAt;

    /** Made the first time a goroutine blocks here (see WaitTarget); racy creation is harmless. */
    private volatile @Nullable WaitTarget waitTarget;
    /**
     * What describes this channel in dumps instead of itself (a context's done channel: the
     * context's description), or null. Set once, by io.gmp4j.context.DoneChannel, before the
     * channel is handed to anyone (plain: handing it out publishes it); read by waitTarget().
     */
    private @Nullable Object owner;
    final ReentrantLock lock = new ReentrantLock();
    private final @Nullable Object[] buf;
    private int head;           // guarded by lock
    private int count;          // guarded by lock; read opaquely by len()
    private boolean closed;     // guarded by lock; read opaquely by isClosed()
    final WaitList<Waiter> sendq = new WaitList<>();
    final WaitList<Waiter> recvq = new WaitList<>();

    private Chan(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must be >= 0: " + capacity);
        }
        this.id = IDS.incrementAndGet();
        this.capacity = capacity;
        this.buf = capacity == 0 ? NO_BUFFER : new Object[capacity];
        this.createdAt = GoRuntime.primitiveSite();
    }

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

    /**
     * {@return an unbuffered channel (Go's {@code make(chan T)})}
     *
     * @param <T> the element type
     */
    public static <T> Chan<T> make() {
        return new Chan<>(0);
    }

    /**
     * {@return a buffered channel (Go's {@code make(chan T, capacity)})}; 0 means unbuffered.
     *
     * @param <T>      the element type
     * @param capacity how many values it buffers
     * @throws IllegalArgumentException if capacity is negative
     */
    public static <T> Chan<T> make(int capacity) {
        return new Chan<>(capacity);
    }

    /**
     * {@return an unbuffered signal channel (Go's {@code make(chan struct{})})}: a
     * {@code Chan<Signal>}, whose one value is {@link Signal#SIGNAL}.
     *
     * <pre>{@code
     * Chan<Signal> done = Chan.signals();
     * Go.go(() -> { work(); done.send(Signal.SIGNAL); });   // or done.close(): wakes every receiver
     * done.recv();
     * }</pre>
     */
    public static Chan<Signal> signals() {
        return new Chan<>(0);
    }

    /**
     * {@return a buffered signal channel (Go's {@code make(chan struct{}, capacity)})}, for
     * instance a semaphore of {@code capacity} tokens; 0 means unbuffered.
     *
     * @param capacity how many signals it buffers
     * @throws IllegalArgumentException if capacity is negative
     */
    public static Chan<Signal> signals(int capacity) {
        return new Chan<>(capacity);
    }

    /** {@return this channel's id, unique in the JVM (shown in wait reasons and dumps)} */
    public long id() {
        return id;
    }

    /**
     * {@return where the channel was made, when creation sites are captured
     * ({@code -Dgmp4j.creationSite=stack}), else null}
     */
    public @Nullable StackTraceElement createdAt() {
        return createdAt;
    }

    // ---------------------------------------------------------------------------------------------
    // Send

    @Override
    public void send(T value) {
        Objects.requireNonNull(value, "channels do not carry null");
        Waiter w = null;
        Object r;
        lockChan();
        try {
            r = offerLocked(value);
            if (r == WOULD_BLOCK) {
                w = new Waiter(Thread.currentThread(), this, true, value);
                sendq.add(w);
            }
        } finally {
            lock.unlock();
        }
        if (r instanceof Outcome receiver) {
            receiver.wake();
        } else if (r == IS_CLOSED) {
            throw sendOnClosed();
        } else if (w != null) {
            // Park.await right here, not in a helper: a parked goroutine keeps every frame (W6).
            if (Park.await(w, this, "chan send", waitTarget()) == Park.Woken.INTERRUPTED) {
                throw new GoroutineInterruptedException();
            }
            if (w.closed) {
                throw sendOnClosed();
            }
        }
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "channels do not carry null");
        Object r;
        lockChan();
        try {
            r = offerLocked(value);
        } finally {
            lock.unlock();
        }
        if (r instanceof Outcome receiver) {
            receiver.wake();
            return true;
        }
        if (r == IS_CLOSED) {
            throw sendOnClosed();
        }
        return r == BUFFERED;
    }

    private ChannelClosedException sendOnClosed() {
        return new ChannelClosedException("send on closed channel " + this);
    }

    // What offerLocked did, when it did not hand the value to a waiting receiver.
    /** The value went into the buffer: nobody to wake. */
    static final Object BUFFERED = new Object();
    /** Nothing done: the buffer is full (or absent) and no receiver waits. */
    static final Object WOULD_BLOCK = new Object();
    /** Nothing done: the channel is closed. */
    static final Object IS_CLOSED = new Object();

    /**
     * Under the lock: sends without blocking (the one send step, shared by send, trySend and
     * select). Returns the outcome of the receiver the value was handed to, which the caller
     * wakes once it has released the lock; or {@link #BUFFERED}, {@link #WOULD_BLOCK} or
     * {@link #IS_CLOSED}.
     */
    Object offerLocked(Object value) {
        if (closed) {
            return IS_CLOSED;
        }
        Waiter r = recvq.pollClaimed();
        if (r != null) {
            r.item = value;
            r.outcome.completeWith(r);
            return r.outcome;
        }
        if (count < capacity) {
            enqueue(value);
            return BUFFERED;
        }
        return WOULD_BLOCK;
    }

    // ---------------------------------------------------------------------------------------------
    // Receive

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable T recv() {
        Waiter w = null;
        Waiter sender;
        Object v = null;
        lockChan();
        try {
            sender = claimSenderLocked();
            if (sender != null) {
                v = takeFromSenderLocked(sender);
            } else if (count > 0) {
                v = dequeue();
            } else if (!closed) {
                w = new Waiter(Thread.currentThread(), this, false, null);
                recvq.add(w);
            }
        } finally {
            lock.unlock();
        }
        if (sender != null) {
            sender.outcome.wake();
        } else if (w != null) {
            if (Park.await(w, this, "chan receive", waitTarget()) == Park.Woken.INTERRUPTED) {
                throw new GoroutineInterruptedException();
            }
            v = w.item;
        }
        return (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable T tryRecv() {
        Waiter sender;
        Object v;
        lockChan();
        try {
            sender = claimSenderLocked();
            v = sender != null ? takeFromSenderLocked(sender) : takeBufferedLocked();
        } finally {
            lock.unlock();
        }
        if (sender != null) {
            sender.outcome.wake();
        }
        return (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Polled<T> poll() {
        Waiter sender;
        Object v;
        boolean closedNow;
        lockChan();
        try {
            sender = claimSenderLocked();
            v = sender != null ? takeFromSenderLocked(sender) : takeBufferedLocked();
            closedNow = closed; // read with the take: Closed only once closed *and* drained
        } finally {
            lock.unlock();
        }
        if (sender != null) {
            sender.outcome.wake();
        }
        if (v != null) {
            return new Polled.Value<>((T) v);
        }
        return closedNow ? Polled.Closed.instance() : Polled.NotReady.instance();
    }

    @Override
    public Polled.Received<T> recvOk() {
        T v = recv(); // null only once closed and drained: channels carry no null
        return v == null ? Polled.Closed.instance() : new Polled.Value<>(v);
    }

    /**
     * Under the lock: the first waiting sender whose claim this receive won, or null (the first
     * receive step, shared by recv, tryRecv and select). Follow it with
     * {@link #takeFromSenderLocked}, and wake its outcome once the lock is released.
     */
    @Nullable Waiter claimSenderLocked() {
        return sendq.pollClaimed();
    }

    /** Under the lock: the next buffered value, or null when the buffer is empty. */
    @Nullable Object takeBufferedLocked() {
        return count > 0 ? dequeue() : null;
    }

    /** Under the lock: whether the channel is closed. */
    boolean closedLocked() {
        return closed;
    }

    /** Under the lock: completes claimed sender s and returns the value the receiver gets. */
    @Nullable Object takeFromSenderLocked(Waiter s) {
        Object v;
        if (capacity == 0) {
            v = s.item;
        } else {
            // Full buffer: take the head, the sender's value goes to the tail (FIFO).
            v = dequeue();
            enqueue(s.item);
        }
        s.item = null;
        s.outcome.completeWith(s);
        return v;
    }

    // ---------------------------------------------------------------------------------------------
    // Close

    /**
     * {@inheritDoc}
     *
     * <pre>{@code
     * try (Chan<String> lines = Chan.make(16)) {   // Go's: defer close(lines)
     *     ...
     * }
     * }</pre>
     */
    @Override
    public void close() {
        Outcome[] wake = null;
        int n = 0;
        lockChan();
        try {
            if (closed) {
                throw new ChannelClosedException(closeOfClosed());
            }
            CLOSED.setOpaque(this, true);
            for (WaitList<Waiter> q : List.of(recvq, sendq)) {
                Waiter w;
                while ((w = q.pollClaimed()) != null) {
                    w.closed = true;
                    if (!w.isSend) {
                        w.item = null;
                    }
                    w.outcome.completeWith(w);
                    if (wake == null) {
                        wake = new Outcome[8];
                    } else if (n == wake.length) {
                        wake = Arrays.copyOf(wake, n * 2);
                    }
                    wake[n++] = w.outcome;
                }
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            for (int i = 0; i < n; i++) {
                wake[i].wake();
            }
        }
    }

    /** Go's panic text, then what usually causes it in Java. */
    private String closeOfClosed() {
        return "close of closed channel " + this + "; a channel is closed once: by an explicit close()"
                + " or by the try-with-resources that owns it, not both";
    }

    // ---------------------------------------------------------------------------------------------
    // Blocking

    /** A waiter that withdrew (timeout or interrupt): off its queue, under the lock. */
    void unlink(Waiter w) {
        lockChan();
        try {
            queueOf(w).remove(w);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the queue w is (or was) in. */
    WaitList<Waiter> queueOf(Waiter w) {
        return w.isSend ? sendq : recvq;
    }

    // ---------------------------------------------------------------------------------------------
    // Buffer

    private void enqueue(@Nullable Object v) {
        int tail = head + count;
        if (tail >= capacity) {
            tail -= capacity;
        }
        buf[tail] = v;
        COUNT.setOpaque(this, count + 1);
    }

    private @Nullable Object dequeue() {
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
            private @Nullable T next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = recv();
                }
                return next != null;
            }

            @Override
            public T next() {
                T v = next != null ? next : recv();
                if (v == null) {
                    throw new NoSuchElementException("channel closed and drained: " + Chan.this);
                }
                next = null;
                return v;
            }
        };
    }

    /** This channel as a goroutine's record refers to it while blocked here: weakly. */
    WaitTarget waitTarget() {
        WaitTarget t = waitTarget;
        if (t == null) {
            waitTarget = t = WaitTarget.channel(this, id, capacity, createdAt, owner);
        }
        return t;
    }

    /** {@code chan#12 (cap 0)}, plus where it was made when that was captured. */
    @Override
    public String toString() {
        return "chan#" + id + " (cap " + capacity + (createdAt == null ? "" : ", made at " + createdAt) + ")";
    }
}
