package io.gmp4j.internal.runtime;

import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.Registry;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * The JDK thread container every goroutine's virtual thread starts in, instead of the JDK's root
 * container.
 *
 * <p>With {@code jdk.trackAllThreads} at its default (true) the root container keeps every virtual
 * thread in a set, strongly: a goroutine parked on a channel nobody can reach would never be
 * collected, and no leak could be proven. This container keeps nothing: it lists its threads from
 * gmp4j's registry (whose records hold threads weakly) when the JDK asks (thread dumps by
 * {@code jcmd Thread.dump_to_file}, which show it as a child of the root named "gmp4j goroutines"),
 * and does no work when a thread starts or ends, which also takes the root container's map out of
 * every goroutine's start and exit.
 *
 * <p>Loaded only after {@link ContainerStart} has exported {@code jdk.internal.vm} and
 * {@code jdk.internal.access} to this module; never refer to it from code that may run before that.
 */
final class GoroutineContainer extends jdk.internal.vm.ThreadContainer {
    /*
     * Implementation notes. A shared container (no owner): the JDK then never pushes it on a scope
     * stack, never inherits scoped values through it, and reports the root as its parent. onStart
     * and onExit keep the JDK's defaults (nothing), so this class has no state and needs no
     * synchronisation; threads() is a racy scan, as the JDK allows.
     */
    /** The JDK's own access to Thread.start(ThreadContainer) (as structured concurrency uses it). */
    private static final jdk.internal.access.JavaLangAccess JLA = jdk.internal.access.SharedSecrets.getJavaLangAccess();

    private GoroutineContainer() {
        super(true);
    }

    /** {@return the container, registered with the JDK (for thread dumps)} */
    static GoroutineContainer create() {
        GoroutineContainer c = new GoroutineContainer();
        jdk.internal.vm.ThreadContainers.registerContainer(c);
        return c;
    }

    /**
     * Starts {@code t} in this container: a plain call, not a method handle (see ContainerStart's
     * notes).
     */
    void start(Thread t) {
        JLA.start(t, this);
    }

    @Override
    public String name() {
        return "gmp4j goroutines";
    }

    @Override
    public Stream<Thread> threads() {
        return Registry.global().all().stream()
                .filter(g -> !g.lockedToThread() && !g.isAdopted()) // adopted ones live in the JDK's containers
                .map(G::get)
                .filter(Objects::nonNull)
                .filter(Thread::isAlive);
    }
}
