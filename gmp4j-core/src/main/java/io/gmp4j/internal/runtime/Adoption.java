package io.gmp4j.internal.runtime;

import io.gmp4j.CreationSite;
import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.Origin;
import io.gmp4j.internal.g.Registry;
import io.gmp4j.internal.sched.ForeignThreads;
import io.gmp4j.spi.Goroutines;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * Makes a goroutine of a virtual thread started inside one (see {@code ForeignThreads}): the
 * record a {@code Go.go} would have made, with the starting goroutine as parent (or, when a plain
 * thread starts a virtual thread a goroutine created, that goroutine), its labels and test
 * origin, and the user's frame that started it as creation site. The JDK's network sub-pollers
 * become runtime goroutines: no creation site, no origin, out of counts, dumps and leak reports.
 */
final class Adoption implements ForeignThreads.Adopter {
    /** The JDK names its virtual-thread sub-pollers so (sun.nio.ch.Poller, VTHREAD_POLLERS mode). */
    private static final String SUB_POLLER_NAME = "SubPoller-";
    private static final String POLLER_CLASS = "sun.nio.ch.Poller";

    private final Registry registry;

    Adoption(Registry registry) {
        this.registry = registry;
    }

    @Override
    public G adopt(Thread child, @Nullable G router) {
        G starter = GoRuntime.get().current();
        G parent = starter != null ? starter : router;
        boolean system = (parent != null && parent.isSystem()) || isJdkPoller(child);
        long parentId = parent == null ? 0 : parent.id();
        Map<String, String> labels = parent == null || system ? Map.of() : parent.labels();
        Object origin = system ? null : parent != null ? parent.origin() : Origin.current();
        CreationSite site = system ? new CreationSite(List.of(), parentId) : CreationSites.captureThreadStart(parentId);
        String name = child.getName();
        G g = G.adopted(child, registry.newId(), name.isEmpty() ? null : name, site, labels, origin, system);
        registry.add(g);
        if (origin instanceof Goroutines.Tracker tracker) {
            tracker.started(g);
        }
        return g;
    }

    /**
     * The JDK's sub-pollers start from the poller's class initialiser, on the thread that first
     * did network I/O on a virtual thread; the name is a cheap first check, the stack the proof.
     */
    private static boolean isJdkPoller(Thread child) {
        return child.getName().startsWith(SUB_POLLER_NAME) && CreationSites.onStack(POLLER_CLASS);
    }
}
