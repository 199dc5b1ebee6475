package io.gmp4j.context;

import io.gmp4j.Chan;
import io.gmp4j.RecvChan;
import io.gmp4j.internal.g.DescribedContext;
import io.gmp4j.spi.ContextDescription;
import io.gmp4j.time.Time;
import io.gmp4j.time.Timer;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;

/**
 * {@link Context#withCancel}, {@link Context#withTimeout} and {@link Context#withDeadline} (Go's
 * {@code cancelCtx} and {@code timerCtx}).
 */
final class CancelContext implements CancelableContext, Canceler, DescribedContext {
    /*
     * Implementation notes (after Go's context.go; our own code).
     *
     * State, guarded by `this`: `children` (the cancelers registered with us, null once ended),
     * `ended`, `done` (created lazily; closed when ended), `timer`. The error and cause we ended
     * with live in our trace (ContextTrace.Ending, which outlives us for dumps and leak reports),
     * written once under our lock and volatile there, so that err()/cause() read them without the
     * lock; the cause is written before the error, and err() != null implies the cause is visible.
     * The done channel is owned by our trace (DoneChannel), so that a goroutine waiting on it is
     * described by this context in dumps.
     *
     * Registration (Contexts.propagate): a new child registers with its nearest ancestor that can
     * end (looking through value contexts). Ancestors that can never end (background, todo,
     * withoutCancel) are not registered with, so they never retain a child. If the ancestor has
     * already ended, the child ends at once. A child that ends removes itself from the ancestor's
     * set, so a cancelled child is not retained either.
     *
     * Ending: end() flips the state under our lock, closes `done`, stops the timer and hands back
     * the children. The caller then ends them from a work list, one lock at a time: never two
     * context locks held together (so no lock-order deadlock with concurrent registrations and
     * cancels), and no recursion (a chain of 100,000 contexts must not overflow the stack). Every
     * descendant has ended, with our error and cause, before cancel() returns.
     */
    final Context parent;
    private final @Nullable Instant deadline; // null: the parent's
    /** What dumps and leak reports show of us, and the error and cause we ended with. */
    final ContextTrace.Ending trace;
    private @Nullable Set<Canceler> children; // created on first registration
    private boolean ended;
    private @Nullable Chan<Void> done;
    private @Nullable Timer timer;
    /** The ancestor we are registered with, to leave it when we end first. Set once, by propagate. */
    volatile @Nullable CancelContext registeredWith;

    /**
     * A context under {@code parent}; {@code kind} and {@code timeout} are for its description.
     *
     * @param kind     {@code WithCancel}, {@code WithTimeout} or {@code WithDeadline}
     * @param deadline its own deadline, or null
     * @param timeout  the timeout it was made with ({@code WithTimeout}), or null
     */
    CancelContext(Context parent, String kind, @Nullable Instant deadline, @Nullable Duration timeout) {
        this.parent = parent;
        this.deadline = deadline;
        this.trace = ContextTrace.ending(kind, parent, deadline, timeout);
    }

    /** Arms the deadline timer (after registration). */
    void armDeadline() {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            end(DEADLINE_EXCEEDED, DEADLINE_EXCEEDED);
            return;
        }
        Timer t = Time.afterFunc(left, () -> end(DEADLINE_EXCEEDED, DEADLINE_EXCEEDED));
        synchronized (this) {
            if (ended) {
                t.stop();
            } else {
                timer = t;
            }
        }
    }

    @Override
    public void cancel() {
        end(CANCELED, CANCELED);
    }

    @Override
    public void cancel(@Nullable Throwable cause) {
        end(CANCELED, cause == null ? CANCELED : cause);
    }

    /** Ends this context and all its descendants, then leaves the ancestor we registered with. */
    void end(ContextException e, Throwable why) {
        if (endAll(this, e, why)) {
            CancelContext up = registeredWith;
            if (up != null) {
                up.removeChild(this);
            }
        }
    }

    /** Ends `root` and its descendants iteratively; false if root had already ended. */
    private static boolean endAll(CancelContext root, ContextException e, Throwable why) {
        Collection<Canceler> kids = root.endOne(e, why);
        if (kids == null) {
            return false;
        }
        ArrayDeque<Collection<Canceler>> work = new ArrayDeque<>();
        work.push(kids);
        while (!work.isEmpty()) {
            for (Canceler k : work.pop()) {
                CancelContext c = k.parentEnded(e, why);
                if (c != null) {
                    Collection<Canceler> more = c.endOne(e, why);
                    if (more != null && !more.isEmpty()) {
                        work.push(more);
                    }
                }
            }
        }
        return true;
    }

    /** Under our lock: marks us ended, closes done, stops the timer; returns our children or null. */
    private @Nullable Collection<Canceler> endOne(ContextException e, Throwable why) {
        Timer t;
        Collection<Canceler> kids;
        synchronized (this) {
            if (ended) {
                return null;
            }
            ended = true;
            trace.ended(e, why);
            if (done != null) {
                done.close();
            }
            t = timer;
            timer = null;
            kids = children;
            children = null;
        }
        if (t != null) {
            t.stop();
        }
        return kids == null ? List.of() : kids;
    }

    @Override
    public CancelContext parentEnded(ContextException e, Throwable why) {
        return this; // the caller ends us and our children iteratively
    }

    /** Registers a canceler; false (and nothing registered) if we have already ended. */
    boolean addChild(Canceler c) {
        synchronized (this) {
            if (ended) {
                return false;
            }
            if (children == null) {
                children = new HashSet<>(4);
            }
            children.add(c);
            return true;
        }
    }

    void removeChild(Canceler c) {
        synchronized (this) {
            if (children != null) {
                children.remove(c);
            }
        }
    }

    /** How many cancelers are registered (tests). */
    synchronized int childCount() {
        return children == null ? 0 : children.size();
    }

    @Override
    public RecvChan<Void> done() {
        synchronized (this) {
            if (done == null) {
                done = DoneChannel.make(trace);
                if (ended) {
                    done.close();
                }
            }
            return done;
        }
    }

    @Override
    public @Nullable ContextException err() {
        return trace.endErr();
    }

    @Override
    public @Nullable Throwable cause() {
        return trace.endCause();
    }

    @Override
    public Optional<Instant> deadline() {
        return deadline != null ? Optional.of(deadline) : parent.deadline();
    }

    @Override
    public <T> @Nullable T value(Key<T> key) {
        return parent.value(key);
    }

    /** Its description, for dumps and leak reports (held by goroutine records; it does not refer to us). */
    @Override
    public ContextDescription description() {
        return trace;
    }

    /** Go's {@code String()}: {@code context.Background.WithDeadline(2026-12-02 17:00:00 +0000 UTC [1.5s])}. */
    @Override
    public String toString() {
        return trace.describe();
    }
}
