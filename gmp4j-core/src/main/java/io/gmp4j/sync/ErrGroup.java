package io.gmp4j.sync;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.context.CancelableContext;
import io.gmp4j.context.Context;
import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A group of goroutines working on subtasks of one task, with error propagation, cancellation and
 * an optional limit on how many run at once (Go's {@code golang.org/x/sync/errgroup}).
 *
 * <pre>{@code
 * ErrGroup g = ErrGroup.withContext(ctx);
 * g.setLimit(8);
 * for (String url : urls) {
 *     g.go(() -> fetch(g.context(), url));   // fetch may throw
 * }
 * Throwable err = g.await();                 // the first failure, or null
 * }</pre>
 *
 * <p>Contract (x/sync's): {@link #go} starts the task in a new goroutine. Whatever a task throws
 * (any {@link Throwable}) is its error: the group keeps the first one, and, for a group made by
 * {@link #withContext}, cancels its {@link #context()} with that error as the cause
 * ({@code context().err()} is {@link Context#CANCELED}, {@code context().cause()} the error).
 * Task errors are returned by {@link #await()}, not reported to the uncaught handler.
 * {@code await()} waits until every task started so far has ended, then cancels the context (if
 * any) and returns the first error, or null. Each task's end happens-before {@code await()}
 * returns. A group made with {@code new ErrGroup()} has no context: {@code context()} throws
 * {@link IllegalStateException}, and errors only stop {@code await()}'s result.
 *
 * <p>Limit: after {@link #setLimit setLimit(n)} with {@code n >= 0} at most n tasks of the group
 * run at once; {@code go} blocks (wait reason "chan send", as in Go) until one ends, and
 * {@link #tryGo} returns false instead. {@code setLimit(0)} makes {@code go} block forever, as in
 * Go. A negative limit means no limit (the default). Changing the limit while tasks are active
 * throws {@link IllegalStateException}. An interrupted {@code go} or {@code await} throws
 * {@link io.gmp4j.GoroutineInterruptedException}; the task of an interrupted {@code go} is not
 * started.
 */
public final class ErrGroup {
    /*
     * Implementation notes (after golang.org/x/sync/errgroup/errgroup.go).
     *
     * A WaitGroup counts started tasks; `first` is set once by CAS (Go's errOnce) and the winner
     * cancels the context, so the context is cancelled only after the error is stored, and await
     * reads the error after wg.await, which happens-after every task's done(). The limit is a
     * buffered channel of tokens, exactly as in Go: go sends a token before starting (blocks while
     * the buffer is full), a task's end receives one. Each task remembers the channel it put its
     * token into, so a later setLimit cannot make it take from a fresh channel. `active` counts
     * started-but-not-ended tasks (the guard for setLimit); it is decremented before done(), so it
     * is 0 once await returns.
     */

    /** A subtask: returns normally on success, throws on failure. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs the subtask.
         *
         * @throws Exception its failure, which the group keeps if it is the first
         */
        void run() throws Exception;
    }

    private final WaitGroup wg = new WaitGroup();
    private final @Nullable CancelableContext ctx; // null: a group without context
    private final AtomicReference<Throwable> first = new AtomicReference<>();
    private final AtomicInteger active = new AtomicInteger();
    private volatile @Nullable Chan<Boolean> sem; // null: no limit

    /** A group without a context, with no limit. */
    public ErrGroup() {
        this(null);
    }

    private ErrGroup(@Nullable CancelableContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A group whose {@link #context()} is derived from {@code parent} and is cancelled by the first
     * failing task, or when {@link #await()} returns, whichever happens first.
     *
     * @param parent the parent of the group's context
     * @return the group
     */
    public static ErrGroup withContext(Context parent) {
        return new ErrGroup(Context.withCancel(Objects.requireNonNull(parent, "parent")));
    }

    /**
     * The group's context, for the tasks to watch.
     *
     * @return the context, cancelled by the first failure or by {@link #await()}
     * @throws IllegalStateException if the group was made without one ({@code new ErrGroup()})
     */
    public Context context() {
        if (ctx == null) {
            throw new IllegalStateException("errgroup: this group has no context; make it with ErrGroup.withContext");
        }
        return ctx;
    }

    /**
     * Starts {@code task} in a new goroutine, first waiting while the limit is reached.
     *
     * @param task the subtask
     * @throws io.gmp4j.GoroutineInterruptedException if interrupted while waiting (the task is not started)
     */
    public void go(Task task) {
        Objects.requireNonNull(task, "task");
        Chan<Boolean> s = sem;
        if (s != null) {
            s.send(Boolean.TRUE);
        }
        start(task, s);
    }

    /**
     * Starts {@code task} in a new goroutine only if that keeps the group within its limit.
     *
     * @param task the subtask
     * @return whether it started the task
     */
    public boolean tryGo(Task task) {
        Objects.requireNonNull(task, "task");
        Chan<Boolean> s = sem;
        if (s != null && !s.trySend(Boolean.TRUE)) {
            return false;
        }
        start(task, s);
        return true;
    }

    /**
     * Limits the number of tasks running at once to {@code n}; negative means no limit.
     *
     * @param n the limit, or a negative number for none
     * @throws IllegalStateException if tasks of the group are still active
     */
    public void setLimit(int n) {
        int a = active.get();
        if (a != 0) {
            throw new IllegalStateException("errgroup: modify limit while " + a + " goroutines in the group are still active");
        }
        sem = n < 0 ? null : Chan.make(n);
    }

    /**
     * Waits for every task started so far, cancels the group's context, and returns the first
     * error (null if none failed).
     *
     * @return the first error, or null
     * @throws io.gmp4j.GoroutineInterruptedException if interrupted while waiting
     */
    public @Nullable Throwable await() {
        wg.await();
        Throwable e = first.get();
        if (ctx != null) {
            if (e != null) {
                ctx.cancel(e);
            } else {
                ctx.cancel();
            }
        }
        return e;
    }

    private void start(Task task, @Nullable Chan<Boolean> s) {
        active.incrementAndGet();
        wg.add(1);
        try {
            Go.go(() -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    fail(e);
                } finally {
                    finish(s);
                }
            });
        } catch (RuntimeException | Error e) {
            finish(s); // not started
            throw e;
        }
    }

    private void fail(Throwable e) {
        if (first.compareAndSet(null, e) && ctx != null) {
            ctx.cancel(e);
        }
    }

    private void finish(@Nullable Chan<Boolean> s) {
        active.decrementAndGet();
        if (s != null) {
            s.tryRecv(); // our token is in the buffer: never empty here
        }
        wg.done();
    }

    @Override
    public String toString() {
        Chan<Boolean> s = sem;
        return "ErrGroup[active=" + active.get() + ", limit=" + (s == null ? "none" : s.cap()) + "]";
    }
}
