package io.gmp4j.internal.sched;

import io.gmp4j.internal.g.G;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Virtual threads that run on gmp4j's scheduler without having been started by {@code Go.go}.
 *
 * <p>The JDK gives a virtual thread created without a scheduler its creator's scheduler when the
 * creator is a virtual thread. A goroutine's scheduler is its own {@link GTask}, so every virtual
 * thread created inside a goroutine ({@code Thread.ofVirtual()}, a virtual-thread-per-task
 * executor, structured concurrency, the JDK's network sub-pollers, and their own children in
 * turn) submits itself to that task: the <em>router</em>. Go's answer is the default here: such a
 * thread is a goroutine ({@code gmp4j.virtualThreads=goroutine}), with an id, a parent, a
 * creation site, labels and wait reasons, counted, dumped and checked for leaks like any other;
 * the JDK's pollers become runtime goroutines, kept out of all of that. With
 * {@code -Dgmp4j.virtualThreads=jdk} they run on the JDK's own scheduler instead, as they would
 * outside a goroutine.
 */
public final class ForeignThreads {
    /*
     * Implementation notes.
     *
     * Which thread. The JDK submits a virtual thread as its runContinuation, the same Runnable
     * every time. A router tells its own thread's submissions from foreign ones by comparing with
     * its thread's runContinuation field (Continuations.belongsTo). The first foreign submission
     * of a thread is its start (nothing else can submit a thread that never ran), so that is
     * when it is adopted: the thread is read from the Runnable (Continuations.threadOf), the
     * runtime makes and registers its record (Adopter), and `adopted` maps the Runnable to a
     * GTask of its own, which is what the run queues hold from then on. The map entry is made
     * before the task is first readied, and every later submission of that thread happens after
     * it ran (it must have parked or yielded), so it always finds the entry: the put, the queue's
     * release/acquire, the run, and the JDK's own state CAS before any later submission chain the
     * happens-before edges. The M removes the entry (forget) after the run in which the thread
     * terminated; the JDK never submits a terminated thread.
     *
     * Reachability. The map holds the Runnable, which holds the thread, for as long as the thread
     * lives. That costs proven-leak detection nothing today: the JDK's containers (the root
     * container with jdk.trackAllThreads, an executor's or a scope's thread set) hold every such
     * thread strongly anyway, so a leaked one is found as a suspected leak, by age.
     *
     * Routing. With the "jdk" policy, or when a JDK hides the thread behind its Runnable, nothing
     * is adopted and every foreign submission goes to the JDK's default scheduler (a decision
     * that is the same for every submission of a thread, so a thread is never split between
     * the two).
     */

    /** Makes and registers the record of a virtual thread started inside a goroutine. */
    public interface Adopter {
        /**
         * Called on the starting thread, before {@code child} first runs.
         *
         * @param child  the virtual thread being started
         * @param router the goroutine whose scheduler the thread inherited (possibly ended since)
         * @return the child's record, registered
         */
        G adopt(Thread child, G router);
    }

    private final GmpScheduler sched;
    private final Adopter adopter;
    private final boolean adopt;
    private final ConcurrentHashMap<Runnable, GTask> adopted = new ConcurrentHashMap<>();
    private volatile boolean warned;

    ForeignThreads(GmpScheduler sched, Adopter adopter, String policy) {
        this.sched = sched;
        this.adopter = adopter;
        String p = policy.trim().toLowerCase(Locale.ROOT);
        if (!p.equals("goroutine") && !p.equals("jdk")) {
            throw new IllegalArgumentException("gmp4j.virtualThreads must be goroutine or jdk, got '" + policy + "'");
        }
        this.adopt = p.equals("goroutine") && adopter != null;
    }

    /** A submission that {@code router}'s own thread did not make. */
    void submit(Runnable cont, GTask router) {
        GTask t = adopted.get(cont);
        if (t == null) {
            t = adopt ? adopt(cont, router) : null;
            if (t == null) {
                route(cont);
                return;
            }
        }
        t.submitted(cont);
        sched.ready(t);
    }

    private GTask adopt(Runnable cont, GTask router) {
        Thread child = Continuations.threadOf(cont);
        if (child == null) {
            warnOnce("this JDK does not show which virtual thread it submits");
            return null;
        }
        GTask t = new GTask(sched, null, true);
        t.bind(adopter.adopt(child, router.g()));
        adopted.put(cont, t);
        return t;
    }

    private void route(Runnable cont) {
        Executor jdk = Continuations.jdkScheduler(); // looked up on first use (Continuations' notes)
        if (jdk == null) {
            throw new java.util.concurrent.RejectedExecutionException(
                    "gmp4j: no scheduler for a virtual thread started inside a goroutine: " + Continuations.unavailableReason());
        }
        jdk.execute(cont);
    }

    /** The M, after the run in which an adopted thread terminated. */
    void forget(Runnable cont) {
        adopted.remove(cont);
    }

    /**
     * Adopted threads alive now (statistics and tests).
     *
     * @return how many
     */
    public int adoptedCount() {
        return adopted.size();
    }

    private void warnOnce(String why) {
        if (!warned) {
            warned = true;
            System.err.println("gmp4j: virtual threads started inside goroutines run on the JDK's scheduler, not as goroutines: " + why);
        }
    }
}
