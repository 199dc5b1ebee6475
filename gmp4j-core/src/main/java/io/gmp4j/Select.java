package io.gmp4j;

import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.park.Park;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Go's {@code select}: waits on several channel operations and commits exactly one.
 *
 * <p>Typed cases: each case is a handle that says, after a select, whether it fired and what it
 * received; nothing is captured in arrays or cast.
 *
 * <pre>{@code
 * Select s = Select.create();
 * Select.Recv<String> line = s.recvCase(lines);         // case line, ok := <-lines
 * Select.Send<Integer> count = s.sendCase(counts);       // case counts <- n
 * Select.Recv<Void> done = s.recvCase(ctx.done());       // case <-ctx.Done()
 * count.disable();                                       // nothing to send yet: Go's nil channel
 * while (true) {
 *     s.select();                                        // also returns the chosen case's index
 *     if (done.fired() || line.fired() && !line.ok()) {
 *         break;                                         // cancelled, or lines closed and drained
 *     }
 *     if (line.fired()) {
 *         count.set(line.value().length());              // the value the next select sends
 *         count.enable();
 *         line.disable();                                // send it before reading on
 *     } else {
 *         count.disable();
 *         line.enable();
 *     }
 * }
 * }</pre>
 *
 * <p>Handler cases: each case runs a handler when it fires.
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
 * <p>Both kinds mix in one select; every case, of either kind, has an index (its position in
 * declaration order), and {@link #select()} returns the index of the case it chose.
 *
 * <p>Contract (Go's): {@link #select()} blocks until at least one case can proceed, commits exactly
 * one of them, runs that case's handler (after every lock is released) and returns its index in
 * declaration order. Among several ready cases the choice is uniformly random. No case that did
 * not fire takes a value from, or puts one into, its channel. A receive case on a closed channel
 * is ready: it receives null and Go's {@code ok == false} ({@link Recv#ok()}), and a handler gets
 * null. A send case on a closed channel throws {@link ChannelClosedException}. {@link #orElse}
 * ({@link #defaultCase()}) is Go's {@code default}: it fires when no case is ready. {@link #after}
 * ({@link #afterCase}) is a timeout case. With no cases at all (and no default or timeout) select
 * blocks forever, with wait reason "select (no cases)". A {@code null} channel is Go's nil channel:
 * its case is never ready. A disabled case ({@link Case#disable()}) is a nil channel too, whatever
 * its kind: never ready, never queued on its channel, not among what a blocked select waits on.
 * While blocked the goroutine's wait reason is "select" and it waits on the enabled cases'
 * channels. Interrupted while blocked, it throws {@link GoroutineInterruptedException} (interrupt
 * status kept) having committed nothing, or, if a case committed first, runs that case and keeps
 * the interrupt status.
 *
 * <p>A send case made by {@link #sendCase(SendChan, Supplier)} computes its value with its
 * supplier once at the start of every select in which it is enabled (Go evaluates
 * {@code case out <- next} on every entry); one made by {@link #sendCase(SendChan)} sends the
 * value last given to {@link Send#set}, which stays pending until it is sent.
 *
 * <p>A Select is built once and may be selected on repeatedly, by one goroutine at a time; its
 * cases are read and switched on and off by that goroutine. On its ready path (a case can proceed
 * at once) a select allocates nothing, of either kind, also when cases were switched on or off
 * since the last one.
 */
public final class Select {
    /*
     * Implementation notes (after Go's runtime/select.go selectgo; our own code).
     *
     * Start: the cases that take part are the enabled ones (prepare() lists them, again only
     * after a case was added or switched on or off, into arrays reused across selects): the
     * channel cases with a non-null channel, the earliest enabled timeout, the default if
     * enabled. A disabled case is left out of every pass below, exactly as a nil channel is, so
     * it is never ready, never queued and never in the lock order or the wait target. Then the
     * typed send cases that take part get their value for this select: their supplier runs once,
     * or the value set with Send.set must be there. The last select's chosen case is forgotten
     * (and a received value it held released).
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
     * Pass 3: lock all again and unlink our remaining waiters; then record the case that fired
     * (chosen; a typed receive case keeps its value and ok, a typed send case's value is spent)
     * and run its handler. Exactly one claim succeeds, so exactly one case commits.
     *
     * The wait target (what the goroutine's record shows while blocked) is made lazily when a
     * select blocks, and kept while the lock order (the set of enabled channels) stays the same:
     * switching a timeout or default case, or a case whose channel another enabled case also
     * uses, keeps it; any other change remakes it at the next block, not before.
     */
    private static final int RECV = 0;
    private static final int SEND = 1;
    private static final int AFTER = 2;
    private static final int DEFAULT = 3;

    private int n;
    private Case[] cases = new Case[4];
    private int[] kinds = new int[4];
    private Chan<?>[] chans = new Chan<?>[4];
    private Object[] values = new Object[4];    // a send case's value (a typed one's: for this select)
    private Object[] handlers = new Object[4];
    private long[] timeouts = new long[4];
    private boolean hasDefault;

    /** The last select's chosen case; null before the first, during one, and after one that threw. */
    private @Nullable Case chosen;

    // What the enabled cases are, made by prepare() when a case was added or switched; arrays of
    // length n, reused across selects (so switching cases allocates nothing), used up to their counts.
    private boolean prepared;
    private int[] channelCases = new int[0];   // indices of enabled cases with a non-null channel
    private int channelCount;
    private int[] pollOrder = new int[0];      // channelCases in this select's order
    private Chan<?>[] lockOrder = new Chan<?>[0];   // distinct channels of channelCases, sorted by id
    private Chan<?>[] spareLockOrder = new Chan<?>[0]; // prepare() builds the next lock order here
    private int lockCount;
    private int[] typedSends = new int[0];     // indices of enabled typed send cases with a channel
    private int typedSendCount;
    private int timeoutCase = -1;              // the enabled timeout case with the earliest timeout
    private int defaultCase = -1;              // the default case, when enabled
    private @Nullable List<Chan<?>> waitedOn; // what a blocked select waits on (strongly held here) ...
    private @Nullable WaitTarget waitTarget;  // ... and its target, held by the goroutine's record; both made lazily per lock order
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

    // ---------------------------------------------------------------------------------------------
    // Handler cases

    /**
     * Adds a receive case ({@code case v := <-ch}); the handler gets the value, or null if ch is closed.
     *
     * @param <T>     the element type
     * @param ch      the channel; null is Go's nil channel (never ready)
     * @param handler gets the value received, or null once ch is closed and drained; null for no handler
     * @return this select
     */
    public <T> Select recv(@Nullable RecvChan<T> ch, @Nullable Consumer<? super @Nullable T> handler) {
        add(new Case(this, n), RECV, (Chan<?>) ch, null, handler, 0);
        return this;
    }

    /**
     * Adds a send case ({@code case ch <- value}); the handler runs after the value was sent.
     *
     * @param <T>     the element type
     * @param ch      the channel; null is Go's nil channel (never ready)
     * @param value   the value to send (every time this case fires)
     * @param handler runs after the value was sent; null for no handler
     * @return this select
     * @throws NullPointerException if value is null
     */
    public <T> Select send(@Nullable SendChan<T> ch, T value, @Nullable Runnable handler) {
        Objects.requireNonNull(value, "channels do not carry null");
        add(new Case(this, n), SEND, (Chan<?>) ch, value, handler, 0);
        return this;
    }

    /**
     * Adds a timeout case ({@code case <-time.After(d)}): fires when no other case did within d.
     *
     * @param timeout how long each {@link #select()} waits for another case, from its start
     * @param handler runs when the timeout fires; null for no handler
     * @return this select
     */
    public Select after(Duration timeout, @Nullable Runnable handler) {
        add(new Case(this, n), AFTER, null, null, handler, Math.max(0, timeout.toNanos()));
        return this;
    }

    /**
     * Sets the default case (Go's {@code default}): runs when no case is ready.
     *
     * @param handler runs when no case is ready; null for no handler
     * @return this select
     * @throws IllegalStateException if it already has a default case
     */
    public Select orElse(@Nullable Runnable handler) {
        addDefault(new Case(this, n), handler);
        return this;
    }

    // ---------------------------------------------------------------------------------------------
    // Typed cases

    /**
     * Adds a typed receive case ({@code case v, ok := <-ch}): after a select, {@link Recv#fired()}
     * says whether it fired, {@link Recv#value()} and {@link Recv#ok()} what it received.
     *
     * @param <T> the element type
     * @param ch  the channel; null is Go's nil channel (never ready)
     * @return the case
     */
    public <T> Recv<T> recvCase(@Nullable RecvChan<T> ch) {
        return add(new Recv<>(this, n), RECV, (Chan<?>) ch, null, null, 0);
    }

    /**
     * Adds a typed send case ({@code case ch <- next()}) whose value {@code next} computes once at
     * the start of every select in which the case is enabled (and its channel is not null),
     * whether or not the case then fires. A value computed for a select in which the case did not
     * fire was not sent; so {@code next} should return the same item until the case fires (e.g.
     * the head of a queue, removed once {@link Send#fired()}).
     *
     * @param <T>  the element type
     * @param ch   the channel; null is Go's nil channel (never ready)
     * @param next computes the value to send; must not return null
     * @return the case
     */
    public <T> Send<T> sendCase(@Nullable SendChan<T> ch, Supplier<? extends T> next) {
        Objects.requireNonNull(next, "next");
        return add(new Send<T>(this, n, next), SEND, (Chan<?>) ch, null, null, 0);
    }

    /**
     * Adds a typed send case ({@code case ch <- v}) that sends the value given to
     * {@link Send#set(Object)}. The value stays pending until the case fires; then it is spent,
     * and a select in which the case is enabled again needs a new one.
     *
     * @param <T> the element type
     * @param ch  the channel; null is Go's nil channel (never ready)
     * @return the case
     */
    public <T> Send<T> sendCase(@Nullable SendChan<T> ch) {
        return add(new Send<T>(this, n, null), SEND, (Chan<?>) ch, null, null, 0);
    }

    /**
     * Adds a timeout case ({@code case <-time.After(d)}): fires when no other case did within d.
     *
     * @param timeout how long each {@link #select()} waits for another case, from its start
     * @return the case
     */
    public Case afterCase(Duration timeout) {
        return add(new Case(this, n), AFTER, null, null, null, Math.max(0, timeout.toNanos()));
    }

    /**
     * Adds the default case (Go's {@code default}): fires when no case is ready.
     *
     * @return the case
     * @throws IllegalStateException if it already has a default case
     */
    public Case defaultCase() {
        return addDefault(new Case(this, n), null);
    }

    /**
     * {@return the case the last {@link #select()} chose}
     *
     * @throws IllegalStateException if no select has completed yet, or the last one threw
     */
    public Case chosen() {
        Case c = chosen;
        if (c == null) {
            throw new IllegalStateException("no case was chosen: no select has completed yet, or the last one threw");
        }
        return c;
    }

    private Case addDefault(Case c, @Nullable Runnable handler) {
        if (hasDefault) {
            throw new IllegalStateException("a select has at most one default case");
        }
        hasDefault = true;
        return add(c, DEFAULT, null, null, handler, 0);
    }

    private <C extends Case> C add(C c, int kind, @Nullable Chan<?> ch, @Nullable Object value,
                                   @Nullable Object handler, long timeout) {
        if (n == kinds.length) {
            int m = n * 2;
            cases = Arrays.copyOf(cases, m);
            kinds = Arrays.copyOf(kinds, m);
            chans = Arrays.copyOf(chans, m);
            values = Arrays.copyOf(values, m);
            handlers = Arrays.copyOf(handlers, m);
            timeouts = Arrays.copyOf(timeouts, m);
        }
        cases[n] = c;
        kinds[n] = kind;
        chans[n] = ch;
        values[n] = value;
        handlers[n] = handler;
        timeouts[n] = timeout;
        n++;
        prepared = false; // recompute the enabled cases lazily
        return c;
    }

    // ---------------------------------------------------------------------------------------------
    // Select

    /**
     * Blocks until one case can proceed, runs its handler, returns its index.
     *
     * @return the index of the case that ran, in declaration order (the default and timeout cases
     *         included)
     * @throws ChannelClosedException        if the case chosen is a send on a closed channel (Go's
     *                                       "send on closed channel" panic; nothing was sent)
     * @throws GoroutineInterruptedException if interrupted while blocked with no case committed
     * @throws IllegalStateException         if an enabled send case made by {@link #sendCase(SendChan)}
     *                                       has no value set (nothing was done)
     * @throws NullPointerException          if the supplier of an enabled send case returned null
     *                                       (nothing was done)
     */
    @SuppressWarnings("ReferenceEquality") // Chan.offerLocked's results are sentinels, compared by identity
    public int select() {
        prepare();
        begin();
        long start = timeoutCase >= 0 ? System.nanoTime() : 0;
        int[] order = shuffledChannelCases();
        int m = channelCount;

        // Pass 0: the first case in poll order that can proceed, under its channel's lock alone.
        int quick = tryOneByOne(order, m);
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
            for (int k = 0; k < m; k++) {
                int idx = order[k];
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
                if (defaultCase >= 0) {
                    fired = defaultCase;
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
     * The start of a select: forgets the last chosen case and gives every enabled typed send case
     * its value for this select (its supplier runs once, or a set value must be pending).
     */
    private void begin() {
        Case last = chosen;
        if (last != null) {
            chosen = null;
            if (last instanceof Recv<?> r) {
                r.received = null; // not kept alive by the select
            }
        }
        for (int k = 0; k < typedSendCount; k++) {
            int idx = typedSends[k];
            Supplier<?> next = ((Send<?>) cases[idx]).next;
            if (next != null) {
                Object v = next.get();
                if (v == null) {
                    throw new NullPointerException("the supplier of send case " + idx + " on " + chans[idx]
                            + " returned null: channels do not carry null");
                }
                values[idx] = v;
            } else if (values[idx] == null) {
                throw new IllegalStateException("send case " + idx + " on " + chans[idx]
                        + " has no value: call set(value) before select(), or disable the case");
            }
        }
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
    private int tryOneByOne(int[] order, int m) {
        int probes = declarationOrder ? Math.min(1, m) : m;
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
        Outcome outcome = new Outcome(Thread.currentThread());
        int m = channelCount;
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

    /** Records the case that fired (and what a typed one did), then runs its handler. */
    @SuppressWarnings("unchecked")
    private int run(int idx, @Nullable Object received, boolean closed) {
        Case c = cases[idx];
        chosen = c;
        if (c instanceof Recv<?> r) {
            r.received = received;
            r.ok = !closed;
        } else if (c instanceof Send<?>) {
            values[idx] = null; // spent: a set value is sent once
        }
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

    /**
     * What a blocked select waits on: the list of its enabled channels (held by this select,
     * weakly by the goroutine's record), described by the channels' own targets.
     */
    private WaitTarget waitedOn() {
        WaitTarget t = waitTarget;
        if (t == null) {
            WaitTarget[] parts = new WaitTarget[lockCount];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = lockOrder[i].waitTarget();
            }
            waitedOn = List.of(Arrays.copyOf(lockOrder, lockCount));
            waitTarget = t = WaitTarget.select(waitedOn, parts);
        }
        return t;
    }

    /**
     * Lists the enabled cases (see the implementation notes), when a case was added or switched
     * since the last select. Allocates only when cases were added since the arrays were sized.
     */
    private void prepare() {
        if (prepared) {
            return;
        }
        if (channelCases.length < n) {
            channelCases = new int[n];
            pollOrder = new int[n];
            typedSends = new int[n];
            lockOrder = Arrays.copyOf(lockOrder, n);
            spareLockOrder = new Chan<?>[n];
        }
        int m = 0;
        int sends = 0;
        int timeout = -1;
        int dflt = -1;
        for (int i = 0; i < n; i++) {
            if (!cases[i].enabled) {
                continue;
            }
            switch (kinds[i]) {
                case RECV, SEND -> {
                    if (chans[i] != null) {
                        channelCases[m++] = i;
                        if (cases[i] instanceof Send<?>) {
                            typedSends[sends++] = i;
                        }
                    }
                }
                case AFTER -> {
                    if (timeout < 0 || timeouts[i] < timeouts[timeout]) {
                        timeout = i;
                    }
                }
                default -> dflt = i;
            }
        }
        channelCount = m;
        typedSendCount = sends;
        timeoutCase = timeout;
        defaultCase = dflt;

        // The distinct channels sorted by id (insertion sort: a select has few cases).
        Chan<?>[] next = spareLockOrder;
        int count = 0;
        for (int k = 0; k < m; k++) {
            Chan<?> c = chans[channelCases[k]];
            int pos = count;
            while (pos > 0 && next[pos - 1].id > c.id) {
                pos--;
            }
            if (pos > 0 && next[pos - 1].id == c.id) {
                continue; // the same channel in another case
            }
            System.arraycopy(next, pos, next, pos + 1, count - pos);
            next[pos] = c;
            count++;
        }
        if (count != lockCount || !Arrays.equals(next, 0, count, lockOrder, 0, count)) {
            spareLockOrder = lockOrder;
            lockOrder = next;
            lockCount = count;
            waitTarget = null; // remade when a select blocks on the new set
            waitedOn = null;
        }
        prepared = true;
    }

    private int[] shuffledChannelCases() {
        int[] p = pollOrder;
        int m = channelCount;
        if (declarationOrder) {
            System.arraycopy(channelCases, 0, p, 0, m);
            return p;
        }
        if (m <= 1) {
            if (m == 1) {
                p[0] = channelCases[0];
            }
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
        for (int i = 0; i < lockCount; i++) {
            lockOrder[i].lockChan();
        }
    }

    private void unlockAll() {
        for (int i = lockCount - 1; i >= 0; i--) {
            lockOrder[i].lock.unlock();
        }
    }

    /** A case switched on or off: the enabled cases are listed again before the next select. */
    private void changed() {
        prepared = false;
    }

    // ---------------------------------------------------------------------------------------------
    // Case handles

    /**
     * One case of a select: its index, whether it fired in the last select, and a switch. A
     * disabled case is Go's nil channel: never ready, not queued on its channel, not among what
     * a blocked select shows it waits on; switching is cheap and may happen between any two
     * selects (not during one from another goroutine). Every case starts enabled.
     *
     * <pre>{@code
     * Select.Case timeout = s.afterCase(Duration.ofSeconds(1));
     * s.select();
     * if (timeout.fired()) giveUp();
     * }</pre>
     */
    public static sealed class Case permits Recv, Send {
        final Select select;
        private final int index;
        boolean enabled = true;

        private Case(Select select, int index) {
            this.select = select;
            this.index = index;
        }

        /** {@return this case's index in its select (declaration order), as {@link Select#select()} returns it} */
        public final int index() {
            return index;
        }

        /** {@return whether this case is the one the last select chose} */
        public final boolean fired() {
            return select.chosen == this;
        }

        /**
         * {@return whether this case takes part in the next select (a case on a null channel
         * never fires, whatever this says)}
         */
        public final boolean enabled() {
            return enabled;
        }

        /** Lets this case take part in selects again. */
        public final void enable() {
            setEnabled(true);
        }

        /** Switches this case off (Go's nil channel) until {@link #enable()}. */
        public final void disable() {
            setEnabled(false);
        }

        /**
         * Switches this case on or off.
         *
         * @param on true: the case takes part in the next select; false: Go's nil channel
         */
        public final void setEnabled(boolean on) {
            if (enabled != on) {
                enabled = on;
                select.changed();
            }
        }

        /** Throws unless this case fired in the last select (for the accessors of what it did). */
        final void requireFired(String what) {
            if (select.chosen != this) {
                Case c = select.chosen;
                throw new IllegalStateException(what + " of " + this + ": the case did not fire in the last select ("
                        + (c == null ? "no case was chosen" : "case " + c.index + " did") + "); check fired() first");
            }
        }

        /** {@code receive case 0 on chan#3 (cap 0)}, {@code timeout case 2}, ... */
        @Override
        public String toString() {
            int k = select.kinds[index];
            String kind = k == RECV ? "receive" : k == SEND ? "send" : k == AFTER ? "timeout" : "default";
            Chan<?> c = select.chans[index];
            return kind + " case " + index + (k == RECV || k == SEND ? " on " + (c == null ? "nil channel" : c) : "");
        }
    }

    /**
     * A typed receive case ({@code case v, ok := <-ch}), made by {@link Select#recvCase}: after a
     * select in which it fired, {@link #value()} is what it received and {@link #ok()} is Go's
     * {@code ok}.
     *
     * <pre>{@code
     * Select.Recv<Job> job = s.recvCase(jobs);
     * s.select();
     * if (job.fired() && job.ok()) handle(job.value());
     * }</pre>
     *
     * @param <T> the element type
     */
    public static final class Recv<T> extends Case {
        @Nullable Object received;
        boolean ok;

        private Recv(Select select, int index) {
            super(select, index);
        }

        /**
         * {@return the value received in the last select, or null when the channel was closed and
         * drained (then {@link #ok()} is false)}
         *
         * @throws IllegalStateException if this case did not fire in the last select
         */
        @SuppressWarnings("unchecked") // the channel's element type
        public @Nullable T value() {
            requireFired("value()");
            return (T) received;
        }

        /**
         * {@return Go's {@code ok}: true when the last select received a value here, false when
         * the channel was closed and drained}
         *
         * @throws IllegalStateException if this case did not fire in the last select
         */
        public boolean ok() {
            requireFired("ok()");
            return ok;
        }
    }

    /**
     * A typed send case ({@code case ch <- v}), made by {@link Select#sendCase(SendChan, Supplier)}
     * (the value computed at every select) or {@link Select#sendCase(SendChan)} (the value given
     * to {@link #set}).
     *
     * <pre>{@code
     * Select.Send<Result> out = s.sendCase(results);
     * out.set(result);
     * s.select();
     * if (out.fired()) sent++;
     * }</pre>
     *
     * @param <T> the element type
     */
    public static final class Send<T> extends Case {
        final @Nullable Supplier<? extends T> next;

        private Send(Select select, int index, @Nullable Supplier<? extends T> next) {
            super(select, index);
            this.next = next;
        }

        /**
         * Sets the value this case sends: it stays pending through selects in which the case does
         * not fire, and is spent once it fires.
         *
         * @param value the value to send
         * @throws NullPointerException  if value is null (channels do not carry null)
         * @throws IllegalStateException if this case computes its value with a supplier
         */
        public void set(T value) {
            Objects.requireNonNull(value, "channels do not carry null");
            if (next != null) {
                throw new IllegalStateException(this + " computes its value with its supplier; set() is for sendCase(ch)");
            }
            select.values[index()] = value;
        }
    }
}
