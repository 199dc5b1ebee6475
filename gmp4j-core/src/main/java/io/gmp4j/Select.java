package io.gmp4j;

import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.park.Park;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Go's {@code select}: waits on several channel operations and commits exactly one.
 *
 * <pre>{@code
 * Select s = Select.create()
 *     .recv(jobs, job -> handle(job))                  // case job := <-jobs
 *     .send(results, lastResult, () -> sent++)         // case results <- lastResult
 *     .recv(ctxDone, x -> stop = true)                 // case <-ctx.Done()
 *     .after(Duration.ofSeconds(1), () -> idle++);     // case <-time.After(time.Second)
 * while (!stop) s.select();                            // returns the index of the case that ran
 * }</pre>
 *
 * <p>Contract (Go's): {@link #select()} blocks until at least one case can proceed, commits exactly
 * one of them, runs that case's handler (after every lock is released) and returns its index in
 * declaration order. Among several ready cases the choice is uniformly random. No case that did
 * not fire takes a value from, or puts one into, its channel. A receive case on a closed channel
 * is ready and passes null to its handler; a send case on a closed channel throws
 * {@link ChannelClosedException}. {@link #orElse} is Go's {@code default}: it runs when no case is
 * ready. {@link #after} is a timeout case. With no cases at all (and no default or timeout) select
 * blocks forever, with wait reason "select (no cases)". A {@code null} channel is Go's nil channel:
 * its case is never ready. While blocked the goroutine's wait reason is "select" and it waits on
 * the cases' channels. Interrupted while blocked, it throws {@link GoroutineInterruptedException}
 * (interrupt status kept) having committed nothing, or, if a case committed first, runs that case
 * and keeps the interrupt status.
 *
 * <p>A Select is built once and may be selected on repeatedly, by one goroutine at a time.
 */
public final class Select {
    /*
     * Implementation notes (after Go's runtime/select.go selectgo; our own code).
     *
     * Pass 0: visit the channel cases in a fresh random permutation (the poll order), probe each
     * with racy hints, and commit the first that can proceed under that one channel's lock alone
     * (see tryOneByOne). Pass 1: lock every distinct channel in id order (a global order, so
     * selects and single operations never deadlock), then visit the cases in the same order and
     * commit the first that can proceed without blocking; the permutation makes the choice
     * uniform among ready cases. Nothing is queued in these passes, so no other case is touched.
     * If none is ready: the default case, or an expired timeout, runs. Both passes run the
     * channel's own steps under its lock (Chan.offerLocked, claimSenderLocked and
     * takeFromSenderLocked, takeBufferedLocked), which return the counterpart they claimed; it is
     * woken after the locks are released.
     *
     * Pass 2: one Waiter per channel case, all sharing one Outcome, queued on their channels; unlock
     * all; park on the one park path (internal.park.Park: wait reason "select", the channels'
     * targets and their timers' pins, the earliest timeout as deadline). A counterpart (send,
     * receive or close on one of the channels) claims the shared outcome with a CAS under that
     * channel's lock, transfers the value for that case only, and completes the outcome; the
     * other waiters are now stale and every counterpart that meets one skips it (its claim
     * fails). A timeout or an interrupt claims the outcome from our side; if that CAS fails a
     * counterpart won and its case stands.
     *
     * Pass 3: lock all again and unlink our remaining waiters; then run the handler of the case
     * that fired. Exactly one claim succeeds, so exactly one case commits.
     */
    private static final int RECV = 0;
    private static final int SEND = 1;
    private static final int AFTER = 2;
    private static final int DEFAULT = 3;

    private int n;
    private int[] kinds = new int[4];
    private Chan<?>[] chans = new Chan<?>[4];
    private Object[] values = new Object[4];
    private Object[] handlers = new Object[4];
    private long[] timeouts = new long[4];
    private int defaultIndex = -1;
    private int afterCount;

    private boolean prepared;     // the next three describe the current cases (made lazily by prepare)
    private int[] channelCases = new int[0];   // indices of cases with a non-null channel
    private Chan<?>[] lockOrder = new Chan<?>[0];   // distinct channels sorted by id
    private @Nullable List<Chan<?>> waitedOn; // what a blocked select waits on (strongly held here) ...
    private @Nullable WaitTarget waitTarget;  // ... and its target, held by the goroutine's record; both made lazily per lockOrder
    private int[] pollOrder = new int[0];
    /**
     * Visit cases in declaration order instead of a random one: only for a sequential
     * specification (Lincheck), which must be deterministic; see {@link #inDeclarationOrder()}.
     */
    private final boolean declarationOrder;

    private Select(boolean declarationOrder) {
        this.declarationOrder = declarationOrder;
    }

    /** {@return a new, empty select} */
    public static Select create() {
        return new Select(false);
    }

    /**
     * A select that prefers the first ready case in declaration order (tests: a sequential
     * specification cannot describe a random choice). Not Go's semantics; never exposed.
     */
    static Select inDeclarationOrder() {
        return new Select(true);
    }

    /**
     * Adds a receive case ({@code case v := <-ch}); the handler gets the value, or null if ch is closed.
     *
     * @param <T>     the element type
     * @param ch      the channel; null is Go's nil channel (never ready)
     * @param handler gets the value received, or null once ch is closed and drained; null for no handler
     * @return this select
     */
    public <T> Select recv(@Nullable RecvChan<T> ch, @Nullable Consumer<? super @Nullable T> handler) {
        return add(RECV, (Chan<?>) ch, null, handler, 0);
    }

    /**
     * Adds a send case ({@code case ch <- value}); the handler runs after the value was sent.
     *
     * @param <T>     the element type
     * @param ch      the channel; null is Go's nil channel (never ready)
     * @param value   the value to send
     * @param handler runs after the value was sent; null for no handler
     * @return this select
     * @throws NullPointerException if value is null
     */
    public <T> Select send(@Nullable SendChan<T> ch, T value, @Nullable Runnable handler) {
        Objects.requireNonNull(value, "channels do not carry null");
        return add(SEND, (Chan<?>) ch, value, handler, 0);
    }

    /**
     * Adds a timeout case ({@code case <-time.After(d)}): fires when no other case did within d.
     *
     * @param timeout how long each {@link #select()} waits for another case, from its start
     * @param handler runs when the timeout fires; null for no handler
     * @return this select
     */
    public Select after(Duration timeout, @Nullable Runnable handler) {
        afterCount++;
        return add(AFTER, null, null, handler, Math.max(0, timeout.toNanos()));
    }

    /**
     * Sets the default case (Go's {@code default}): runs when no case is ready.
     *
     * @param handler runs when no case is ready; null for no handler
     * @return this select
     * @throws IllegalStateException if it already has a default case
     */
    public Select orElse(@Nullable Runnable handler) {
        if (defaultIndex >= 0) {
            throw new IllegalStateException("a select has at most one default case");
        }
        defaultIndex = n;
        return add(DEFAULT, null, null, handler, 0);
    }

    private Select add(int kind, @Nullable Chan<?> ch, @Nullable Object value, @Nullable Object handler, long timeout) {
        if (n == kinds.length) {
            int m = n * 2;
            kinds = Arrays.copyOf(kinds, m);
            chans = Arrays.copyOf(chans, m);
            values = Arrays.copyOf(values, m);
            handlers = Arrays.copyOf(handlers, m);
            timeouts = Arrays.copyOf(timeouts, m);
        }
        kinds[n] = kind;
        chans[n] = ch;
        values[n] = value;
        handlers[n] = handler;
        timeouts[n] = timeout;
        n++;
        prepared = false; // recompute the channel sets lazily
        waitTarget = null;
        waitedOn = null;
        return this;
    }

    /**
     * Blocks until one case can proceed, runs its handler, returns its index.
     *
     * @return the index of the case that ran, in declaration order (the default and timeout cases
     *         included)
     * @throws ChannelClosedException        if the case chosen is a send on a closed channel (Go's
     *                                       "send on closed channel" panic; nothing was sent)
     * @throws GoroutineInterruptedException if interrupted while blocked with no case committed
     */
    @SuppressWarnings("ReferenceEquality") // Chan.offerLocked's results are sentinels, compared by identity
    public int select() {
        prepare();
        long start = afterCount > 0 ? System.nanoTime() : 0;
        int[] order = shuffledChannelCases();

        // Pass 0: the first case in poll order that can proceed, under its channel's lock alone.
        int quick = tryOneByOne(order);
        if (quick >= 0) {
            return quick;
        }

        // Pass 1.
        lockAll();
        Outcome toWake = null;
        int fired = -1;
        Object received = null;
        boolean closedRecv = false;
        boolean unlocked = false;
        try {
            for (int idx : order) {
                Chan<?> c = chans[idx];
                if (kinds[idx] == RECV) {
                    Waiter sender = c.claimSenderLocked();
                    Object v = sender != null ? c.takeFromSenderLocked(sender) : c.takeBufferedLocked();
                    if (v != null || c.closedLocked()) {
                        fired = idx;
                        received = v;
                        closedRecv = v == null;
                        toWake = sender == null ? null : sender.outcome;
                        break;
                    }
                } else {
                    Object r = c.offerLocked(values[idx]);
                    if (r == Chan.IS_CLOSED) {
                        unlockAll();
                        unlocked = true;
                        throw new ChannelClosedException("send on closed channel " + c);
                    }
                    if (r != Chan.WOULD_BLOCK) {
                        fired = idx;
                        toWake = r instanceof Outcome receiver ? receiver : null;
                        break;
                    }
                }
            }
            if (fired < 0) {
                int timeoutCase = earliestTimeout();
                if (defaultIndex >= 0) {
                    fired = defaultIndex;
                } else if (timeoutCase >= 0 && timeouts[timeoutCase] == 0) {
                    fired = timeoutCase;
                }
            }
            if (fired < 0) {
                return block(start); // pass 2 and 3; releases the locks
            }
        } finally {
            if (!unlocked && fired >= 0) {
                unlockAll();
            }
        }
        if (toWake != null) {
            toWake.wake();
        }
        return run(fired, received, closedRecv);
    }

    /**
     * Pass 0: probes the cases in poll order with racy hints and commits the first one that can
     * proceed under that one channel's lock (so never two locks, and no lock order to keep).
     * Returns the fired case's index after running its handler, or -1 when no case could
     * proceed, in which case pass 1 decides under all the locks. Uniformity: the order is a
     * uniformly random permutation, so the first ready case in it is uniformly random among the
     * ready ones, as in pass 1. A case that becomes ready after its probe is simply not chosen
     * this time; the select linearizes at the commit of the case it does choose, where that case
     * is ready, which "uniformly among the ready cases" allows.
     *
     * In declaration order (tests only) the specification is "the first ready case in
     * declaration order", which a later case committed after an earlier probe failed would
     * break (Lincheck found exactly that: case b chosen while case a had just closed); so only
     * the first case is tried here, and that one is right whenever it is ready.
     */
    @SuppressWarnings("ReferenceEquality") // as in select()
    private int tryOneByOne(int[] order) {
        int probes = declarationOrder ? Math.min(1, order.length) : order.length;
        for (int k = 0; k < probes; k++) {
            int idx = order[k];
            Chan<?> c = chans[idx];
            if (kinds[idx] == RECV) {
                if (!c.mayRecvNow()) {
                    continue;
                }
                c.lockChan();
                Waiter sender;
                Object v;
                boolean closed;
                try {
                    sender = c.claimSenderLocked();
                    v = sender != null ? c.takeFromSenderLocked(sender) : c.takeBufferedLocked();
                    closed = v == null && c.closedLocked();
                } finally {
                    c.lock.unlock();
                }
                if (v == null && !closed) {
                    continue; // the hint was stale
                }
                if (sender != null) {
                    sender.outcome.wake();
                }
                return run(idx, v, closed);
            } else {
                if (!c.maySendNow()) {
                    continue;
                }
                c.lockChan();
                Object r;
                try {
                    r = c.offerLocked(values[idx]);
                } finally {
                    c.lock.unlock();
                }
                if (r == Chan.IS_CLOSED) {
                    throw new ChannelClosedException("send on closed channel " + c);
                }
                if (r == Chan.WOULD_BLOCK) {
                    continue;
                }
                if (r instanceof Outcome receiver) {
                    receiver.wake();
                }
                return run(idx, null, false);
            }
        }
        return -1;
    }

    /** Pass 2 and 3, entered with every lock held; returns with none held. */
    private int block(long start) {
        int timeoutCase = earliestTimeout();
        Outcome outcome = new Outcome(Thread.currentThread());
        int m = channelCases.length;
        Waiter[] ws = new Waiter[m];
        for (int i = 0; i < m; i++) {
            int idx = channelCases[i];
            Chan<?> c = chans[idx];
            boolean isSend = kinds[idx] == SEND;
            Waiter w = new Waiter(outcome, c, idx, isSend, isSend ? values[idx] : null);
            (isSend ? c.sendq : c.recvq).add(w);
            ws[i] = w;
        }
        unlockAll();

        String reason = m == 0 && timeoutCase < 0 ? "select (no cases)" : "select";
        Park.Woken woken = timeoutCase >= 0
                ? Park.awaitUntil(outcome, this, reason, waitedOn(), start + timeouts[timeoutCase])
                : Park.await(outcome, this, reason, waitedOn());

        // Pass 3: unlink what is still queued.
        if (m > 0) {
            lockAll();
            try {
                for (Waiter w : ws) {
                    w.chan.queueOf(w).remove(w);
                }
            } finally {
                unlockAll();
            }
        }
        if (woken == Park.Woken.INTERRUPTED) {
            throw new GoroutineInterruptedException();
        }
        if (woken == Park.Woken.TIMED_OUT) {
            return run(timeoutCase, null, false);
        }
        Waiter w = Objects.requireNonNull(outcome.fired, "completed without a waiter"); // READY: a counterpart set it
        if (w.isSend && w.closed) {
            throw new ChannelClosedException("send on closed channel " + w.chan);
        }
        return run(w.caseIndex, w.isSend ? null : w.item, w.closed);
    }

    @SuppressWarnings("unchecked")
    private int run(int idx, @Nullable Object received, boolean closed) {
        Object h = handlers[idx];
        if (h != null) {
            if (kinds[idx] == RECV) {
                ((Consumer<Object>) h).accept(closed ? null : received);
            } else {
                ((Runnable) h).run();
            }
        }
        return idx;
    }

    private int earliestTimeout() {
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (kinds[i] == AFTER && (best < 0 || timeouts[i] < timeouts[best])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * What a blocked select waits on: the list of its channels (held by this select, weakly by
     * the goroutine's record), described by the channels' own targets.
     */
    private WaitTarget waitedOn() {
        WaitTarget t = waitTarget;
        if (t == null) {
            WaitTarget[] parts = new WaitTarget[lockOrder.length];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = lockOrder[i].waitTarget();
            }
            waitedOn = List.of(lockOrder);
            waitTarget = t = WaitTarget.select(waitedOn, parts);
        }
        return t;
    }

    private void prepare() {
        if (prepared) {
            return;
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if ((kinds[i] == RECV || kinds[i] == SEND) && chans[i] != null) {
                m++;
            }
        }
        channelCases = new int[m];
        pollOrder = new int[m];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if ((kinds[i] == RECV || kinds[i] == SEND) && chans[i] != null) {
                channelCases[k++] = i;
            }
        }
        lockOrder = Arrays.stream(channelCases).mapToObj(i -> chans[i]).distinct()
                .sorted(Comparator.comparingLong(c -> c.id)).toArray(Chan<?>[]::new);
        prepared = true;
    }

    private int[] shuffledChannelCases() {
        int[] p = pollOrder;
        int m = p.length;
        if (m == 0) {
            return p;
        }
        if (declarationOrder) {
            System.arraycopy(channelCases, 0, p, 0, m);
            return p;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < m; i++) {
            int j = rnd.nextInt(i + 1);
            p[i] = p[j];
            p[j] = channelCases[i];
        }
        return p;
    }

    private void lockAll() {
        for (Chan<?> c : lockOrder) {
            c.lockChan();
        }
    }

    private void unlockAll() {
        for (int i = lockOrder.length - 1; i >= 0; i--) {
            lockOrder[i].lock.unlock();
        }
    }
}
