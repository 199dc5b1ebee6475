package io.gmp4j.internal.g;

import io.gmp4j.CreationSite;
import io.gmp4j.Goroutine;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.function.Predicate;

/**
 * A goroutine's record and its public handle ({@link Goroutine}): what {@code Go.go} returns, what
 * the registry holds, and what gmp4j's own tools read through the runtime SPI. The record's
 * concerns live in its superclasses, one each: identity and state ({@link GRecord}), waits
 * ({@link GWait}), ending and joining ({@link GJoin}). This class adds starting and running the
 * body, the ending, and the system-call view.
 */
public final class G extends GJoin implements Goroutine {
    /**
     * Tells whether a mounted goroutine's carrier is stuck in a system call; installed by the
     * runtime in GMP mode. Null means never (a null rather than a lambda: see GoRuntime's
     * cold-start notes).
     */
    private static volatile @Nullable Predicate<G> syscallProbe;

    /**
     * The record of a goroutine started by {@code Go.go}, with no origin tag.
     *
     * @param thread the goroutine's thread, held weakly
     * @param id     its id ({@link Registry#newId()})
     * @param name   its name, or null for {@code goroutine-<id>}
     * @param site   where it was started
     * @param labels its labels
     * @param locked whether it owns a platform thread for its whole life
     */
    public G(Thread thread, long id, @Nullable String name, CreationSite site, Map<String, String> labels,
             boolean locked) {
        this(thread, id, name, site, labels, locked, null);
    }

    /**
     * The record of a goroutine started by {@code Go.go}.
     *
     * @param thread the goroutine's thread, held weakly
     * @param id     its id ({@link Registry#newId()})
     * @param name   its name, or null for {@code goroutine-<id>}
     * @param site   where it was started
     * @param labels its labels
     * @param locked whether it owns a platform thread for its whole life
     * @param origin the origin tag it inherits ({@link Origin}), or null
     */
    public G(Thread thread, long id, @Nullable String name, CreationSite site, Map<String, String> labels, boolean locked,
             @Nullable Object origin) {
        super(thread, id, name, site, labels, locked, origin, false, false);
    }

    private G(Thread thread, long id, @Nullable String name, CreationSite site, Map<String, String> labels,
              @Nullable Object origin, boolean system) {
        super(thread, id, name, site, labels, false, origin, true, system);
    }

    /**
     * The record of a virtual thread that was not started by {@code Go.go} but runs on gmp4j's
     * scheduler because it was created inside a goroutine (the JDK gives such a thread its
     * parent's scheduler): {@code Thread.ofVirtual()}, a virtual-thread-per-task executor,
     * structured concurrency. A {@code system} one is a runtime goroutine (the JDK's network
     * pollers): kept out of counts, dumps and leak reports (see {@link Registry}).
     *
     * @param thread the virtual thread, held weakly
     * @param id     its id ({@link Registry#newId()})
     * @param name   its name, or null for {@code goroutine-<id>}
     * @param site   where it was started
     * @param labels its labels
     * @param origin the origin tag it inherits, or null
     * @param system whether it is a runtime goroutine
     * @return the record, not yet registered
     */
    public static G adopted(Thread thread, long id, @Nullable String name, CreationSite site, Map<String, String> labels,
                            @Nullable Object origin, boolean system) {
        return new G(thread, id, name, site, labels, origin, system);
    }

    /**
     * The runtime: installs how to tell whether a goroutine is in a system call (sysmon's view).
     *
     * @param probe true for a mounted goroutine whose carrier is stuck in a system call
     */
    public static void installSyscallProbe(Predicate<G> probe) {
        syscallProbe = probe;
    }

    @Override
    public boolean inSyscall() {
        Thread t = get();
        Predicate<G> probe = syscallProbe;
        return !isDead() && t != null && t.getState() == Thread.State.RUNNABLE && probe != null && probe.test(this) && mounted(t);
    }

    /**
     * Runs the goroutine's body on its own thread: the user's code, then the uncaught-exception
     * handler if it threw, then removal from the registry and the wake-up of joiners, in that
     * order, so that {@code numGoroutine()} no longer counts it once {@code join()} returns.
     *
     * @param user the goroutine's body
     */
    public void runBody(Runnable user) {
        try {
            user.run();
        } catch (Throwable e) {
            Uncaught.report(this, e);
        } finally {
            finish();
        }
    }

    /**
     * The body of a goroutine on the GMP scheduler: only the user's code and the report of what it
     * threw. The rest of the ending ({@link #finish}) runs on the carrier once the virtual thread
     * has terminated. Keeping this method this small keeps the frame that sits under every
     * parked goroutine's code small: with the registry removal and the joiners' wake-up inlined
     * here (a monitor slot, spills), a parked goroutine's stack chunk was ~940 bytes against the
     * JDK's ~380 for the same receive (W6).
     *
     * @param user the goroutine's body
     */
    public void runBodyOnly(Runnable user) {
        try {
            user.run();
        } catch (Throwable e) {
            Uncaught.report(this, e);
        }
    }

    /** Unregisters the goroutine and wakes its joiners: its very last action. */
    public void finish() {
        Registry.global().remove(this);
        markDead();
    }

    @Override
    public String toString() {
        return "goroutine " + id() + " [" + state() + "] " + name();
    }
}
