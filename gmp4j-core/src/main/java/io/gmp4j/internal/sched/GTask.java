package io.gmp4j.internal.sched;

import io.gmp4j.internal.g.G;

import java.util.concurrent.Executor;

/**
 * A goroutine as the scheduler sees it: the unit its run queues hold.
 *
 * <p>Each goroutine's virtual thread is created with its own GTask as its scheduler, so every
 * {@link #execute} call (start, wake-up, yield) tells us exactly which goroutine became runnable;
 * the JDK passes the thread's continuation runner, which we keep and run when a P dispatches us.
 * The thread references its GTask and the GTask its {@link G}; the G refers back to the thread only
 * weakly, so the registry never keeps a thread alive. A GTask is reachable from the scheduler only
 * while it is queued or running.
 */
public final class GTask implements Executor, Runnable {
    /*
     * Implementation notes. `g` is written once before Thread.start, which publishes it. `cont`
     * is the same object on every execute; it is written before the task is pushed to a run
     * queue, and the queue's release/acquire (or CAS) publishes it to the dispatching M. The JDK
     * calls execute only when the thread is not mounted (start, unpark after park, yield), and
     * its own state machine makes a duplicate submission run nothing, so a GTask is in at most one
     * queue per wake-up.
     *
     * Reachability (the leak detector). A parked goroutine's GTask may stay referenced for a while
     * after it was taken (a ring slot taken by a thief stays set until the owner's clearStale), so
     * a parked GTask must not reach its thread: `cont` is taken (and cleared) by
     * the M just before it runs the continuation, and `body` by the thread as it starts. A later
     * execute writes `cont` again: the M's clearing store precedes, in program order, the
     * mount and the park that any later execute must observe (the JDK's state CAS), so the later
     * write always wins. Without this a leaked goroutine stayed reachable until its slot was
     * reused, and was found only some GCs later.
     */
    private final GmpScheduler sched;
    /**
     * An adopted thread's task (see {@link ForeignThreads}): the JDK never calls its execute (the
     * thread's scheduler is the router it inherited), and its ending is the thread's termination.
     */
    final boolean adopted;
    /** The user's body until the thread starts running it (then null: see the notes). */
    private Runnable body;
    /** Set once, before the thread starts (published by Thread.start). */
    G g;
    /** The JDK's runContinuation for this thread; the same object on every execute. */
    private Runnable cont;

    GTask(GmpScheduler sched, Runnable body) {
        this(sched, body, false);
    }

    GTask(GmpScheduler sched, Runnable body, boolean adopted) {
        this.sched = sched;
        this.body = body;
        this.adopted = adopted;
    }

    /**
     * Binds the goroutine's record, once, before its thread starts.
     *
     * @param g the record
     */
    public void bind(G g) {
        this.g = g;
    }

    /**
     * The goroutine's record.
     *
     * @return the record bound before the thread started
     */
    public G g() {
        return g;
    }

    /**
     * Called by the JDK whenever a thread whose scheduler we are becomes runnable: our own
     * goroutine's thread, or a virtual thread created inside it (which inherited us as its
     * scheduler: see {@link ForeignThreads}). Told apart by the thread's runContinuation.
     */
    @Override
    public void execute(Runnable runContinuation) {
        if (Continuations.belongsTo(runContinuation, g.get())) {
            cont = runContinuation; // plain: published to the M that dispatches us through the run queue
            sched.ready(this);
        } else {
            sched.foreign().submit(runContinuation, this);
        }
    }

    /** An adopted thread's submission, routed here by {@link ForeignThreads} (same publication). */
    void submitted(Runnable runContinuation) {
        cont = runContinuation;
    }

    /**
     * The M, after a run: whether the thread has ended. Ours: its body returned. An adopted one:
     * the JDK terminated it (it does so inside runContinuation, before the run returns).
     */
    boolean endedAfterRun() {
        if (!adopted) {
            return finished;
        }
        Thread t = g.get();
        return t == null || !t.isAlive();
    }

    /** Set by the virtual thread as its body returns; read by the carrier after the run (same thread). */
    boolean finished;

    /**
     * The thread's task: the goroutine's body, run on the virtual thread. It ends the goroutine
     * only as far as the body goes; the M calls {@link G#finish} once the continuation has
     * returned (see {@link G#runBodyOnly} for why).
     */
    @Override
    public void run() {
        Runnable user = body;
        body = null;
        try {
            g.runBodyOnly(user);
        } finally {
            finished = true; // even if the uncaught-exception handler itself threw
        }
    }

    /**
     * Run by an M: mounts the virtual thread and runs it until it parks, yields or ends. Returns
     * what it ran (null if nothing), which the caller keeps reachable until the ending is done.
     */
    Runnable runContinuation() {
        Runnable c = cont;
        cont = null;
        if (c != null) {
            c.run();
        }
        return c;
    }
}
