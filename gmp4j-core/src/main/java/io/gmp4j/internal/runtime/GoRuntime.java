package io.gmp4j.internal.runtime;

import io.gmp4j.CreationSite;
import io.gmp4j.GoroutineState;
import io.gmp4j.SchedulerMode;
import io.gmp4j.internal.g.CollectedGoroutines;
import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.LeakSinks;
import io.gmp4j.internal.g.Origin;
import io.gmp4j.internal.g.Registry;
import io.gmp4j.internal.sched.GTask;
import io.gmp4j.internal.sched.GmpScheduler;
import io.gmp4j.internal.sched.SchedConfig;
import io.gmp4j.spi.Goroutines;
import org.jspecify.annotations.Nullable;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Starts goroutines and finds the current one, on the GMP scheduler when the JDK lets us, else on
 * the JDK's default virtual-thread scheduler.
 *
 * <p>The mode is chosen once, on first use: {@code -Dgmp4j.scheduler=gmp} (default) or
 * {@code jdk}. GMP mode needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it
 * gmp4j prints one line naming the option and runs in {@link SchedulerMode#JDK_DEFAULT} mode.
 */
public final class GoRuntime {
    /*
     * Implementation notes (cold start). The first Go.go of a JVM pays for everything this class
     * and the scheduler set up, in the interpreter, so the path to the first goroutine's body
     * avoids what a cold JVM makes dear (measured in docs/performance.md, "Cold start"):
     * lambdas and method references (each first use spins a class: the probes below are small
     * named classes, and G's default probes are nulls), string concatenation with '+' (its first
     * use links StringConcatFactory), Enum.valueOf (reflection), a first StackWalker walk
     * (CreationSites), method-handle adaptations (ContainerStart, VirtualThreads), and whatever
     * the first goroutine does not need: the scoped value of the fallback paths is made when a
     * fallback goroutine first starts, sysmon starts with the first M (GmpScheduler.startM), and
     * the leak reaper just after the first goroutine's thread, in parallel with its first run.
     * A reaper that starts a moment later loses nothing: the GC's reference queue keeps what it
     * finds until the reaper takes it, and collectNow sweeps without it.
     */
    private static final GoRuntime INSTANCE = new GoRuntime();

    /**
     * The current goroutine in JDK_DEFAULT mode and in locked goroutines (GMP mode finds the others
     * through the carrier instead); made when the first such goroutine starts.
     */
    private static final class Fallback {
        static final ScopedValue<G> CURRENT = ScopedValue.newInstance();
    }

    /**
     * Set before the first JDK_DEFAULT-mode or locked goroutine starts (so before any thread can
     * have Fallback.CURRENT bound): until then no scoped value is looked at.
     */
    private static volatile boolean fallbackStarted;
    /** Set once the leak reaper has been asked to start (after the first goroutine's thread). */
    private static volatile boolean reaperStarted;

    /**
     * Where a primitive (a channel, a timer) is being made, for its identity in wait reasons and
     * dumps: the first frame outside gmp4j, but only in {@code -Dgmp4j.creationSite=stack} mode,
     * because a stack walk per channel (microseconds) is too dear by default.
     *
     * @return the frame, or null when not captured
     */
    public static @Nullable StackTraceElement primitiveSite() {
        return CreationSites.MODE == io.gmp4j.CreationSiteMode.STACK ? CreationSites.callerOutsideGmp4j() : null;
    }

    private final SchedulerMode mode;
    private final @Nullable GmpScheduler sched;
    private final Registry registry = Registry.global();
    /** Goroutine threads start in gmp4j's own thread container (see GoroutineContainer). */
    private final boolean ownContainer;
    /** Whether proven leaks cannot be detected (the root container keeps every thread). */
    private final boolean leaksOff;

    private GoRuntime() {
        String wanted = System.getProperty("gmp4j.scheduler", "gmp").trim().toLowerCase(Locale.ROOT);
        if (!wanted.equals("gmp") && !wanted.equals("jdk")) {
            throw new IllegalArgumentException("gmp4j.scheduler must be gmp or jdk, got '" + wanted + "'");
        }
        // The JDK's root container holds every virtual thread unless tracking is off; without our
        // own container no leak can then be proven. One line says what is missing, and why, and
        // names the option for the path gmp4j runs on.
        ownContainer = ContainerStart.available();
        leaksOff = !ownContainer && !"false".equals(System.getProperty("jdk.trackAllThreads"));
        if (wanted.equals("gmp") && !VirtualThreads.available()) {
            System.err.println("gmp4j: using the JDK's default scheduler" + (leaksOff ? ", without proven-leak detection," : "")
                    + " because " + VirtualThreads.unavailableReason() + "; " + JvmOptions.advice());
            wanted = "jdk";
        } else if (leaksOff) {
            System.err.println("gmp4j: proven goroutine leaks cannot be detected: the JDK's root thread container keeps every "
                    + "virtual thread and " + ContainerStart.unavailableReason() + "; " + JvmOptions.advice());
        }
        if (wanted.equals("gmp")) {
            mode = SchedulerMode.GMP;
            sched = new GmpScheduler(SchedConfig.fromSystemProperties(), new Adoption(registry));
        } else {
            mode = SchedulerMode.JDK_DEFAULT;
            sched = null;
        }
        G.installMountProbe(new MountProbe());
        if (sched != null) {
            G.installSyscallProbe(new SyscallProbe(sched));
            G.unmountsAreStamped();
        }
        if (Boolean.getBoolean("gmp4j.leakStacks")) {
            LeakSinks.get(); // wait stacks are wanted from the first wait: find the sink now
        }
    }

    /** {@return whether proven leaks can be detected in this JVM (see {@link #provenLeaksUndetectableReason()})} */
    public boolean provenLeaksDetectable() {
        return !leaksOff;
    }

    /** {@return why proven leaks cannot be detected, with the option that fixes it; null when they can} */
    public @Nullable String provenLeaksUndetectableReason() {
        return leaksOff ? "the JDK's root thread container keeps every virtual thread and " + ContainerStart.unavailableReason()
                + "; " + JvmOptions.advice() : null;
    }

    /** {@return the runtime of this JVM, made (and its mode chosen) on first use} */
    public static GoRuntime get() {
        return INSTANCE;
    }

    /** {@return which scheduler runs goroutines} */
    public SchedulerMode mode() {
        return mode;
    }

    /** {@return the GMP scheduler, or null in JDK_DEFAULT mode} */
    public @Nullable GmpScheduler scheduler() {
        return sched;
    }

    /**
     * Starts a goroutine: name may be null; extraLabels are added to the parent's labels.
     *
     * @param name        its name, or null for {@code goroutine-<id>}
     * @param extraLabels labels added to the parent's, or null
     * @param body        what it runs
     * @return its record, registered
     */
    public G start(@Nullable String name, @Nullable Map<String, String> extraLabels, Runnable body) {
        return start(name, extraLabels, body, false);
    }

    /**
     * Starts a goroutine; a {@code locked} one owns a platform thread for its whole life (Go's
     * {@code LockOSThread}) and is reported as locked to its thread.
     *
     * @param name        its name, or null for {@code goroutine-<id>}
     * @param extraLabels labels added to the parent's, or null
     * @param body        what it runs
     * @param locked      whether it owns a platform thread for its whole life
     * @return its record, registered
     */
    public G start(@Nullable String name, @Nullable Map<String, String> extraLabels, Runnable body, boolean locked) {
        Objects.requireNonNull(body, "body");
        G parent = current();
        long parentId = parent == null ? 0 : parent.id();
        Map<String, String> labels = parent == null ? Map.of() : parent.labels();
        if (extraLabels != null && !extraLabels.isEmpty()) {
            Map<String, String> merged = new HashMap<>(labels);
            merged.putAll(extraLabels);
            labels = Map.copyOf(merged);
        }
        Object origin = parent != null ? parent.origin() : Origin.current();
        long id = registry.newId();
        CreationSite site = CreationSites.capture(body, parentId);
        String threadName = name != null ? name : "";
        Thread thread;
        G g;
        if (locked || sched == null) {
            fallbackStarted = true; // before the thread that binds Fallback.CURRENT starts
        }
        if (locked) {
            FallbackBody fb = new FallbackBody(body);
            thread = Thread.ofPlatform().name(name != null ? name : "goroutine-" + id).daemon(true).unstarted(fb);
            g = new G(thread, id, name, site, labels, true, origin);
            fb.g = g;
        } else if (sched != null) {
            GTask task = sched.newTask(body);
            thread = VirtualThreads.newThread(task, threadName, task);
            g = new G(thread, id, name, site, labels, false, origin);
            task.bind(g);
        } else {
            FallbackBody fb = new FallbackBody(body);
            thread = Thread.ofVirtual().name(threadName).unstarted(fb);
            g = new G(thread, id, name, site, labels, false, origin);
            fb.g = g;
        }
        registry.add(g);
        if (origin instanceof Goroutines.Tracker tracker) {
            tracker.started(g);
        }
        try {
            if (ownContainer && !locked) {
                ContainerStart.start(thread);
            } else {
                thread.start();
            }
        } catch (RuntimeException | Error e) {
            registry.remove(g);
            g.markDead();
            throw e;
        }
        if (!reaperStarted) {
            reaperStarted = true; // a racing second call is harmless: start() is idempotent
            CollectedGoroutines.start();
        }
        return g;
    }

    /** {@return the goroutine calling this, or null when called from a thread that is not one} */
    public @Nullable G current() {
        if (sched != null) {
            G g = sched.currentG();
            if (g != null) {
                return g;
            }
        }
        return fallbackStarted && Fallback.CURRENT.isBound() ? Fallback.CURRENT.get() : null;
    }

    /** {@return how many goroutines are live (runtime goroutines excluded)} */
    public long numGoroutine() {
        return registry.count();
    }

    /** {@return the number of live goroutines in each state (a racy scan; never stops them)} */
    public Map<GoroutineState, Long> countByState() {
        Map<GoroutineState, Long> out = new EnumMap<>(GoroutineState.class);
        for (GoroutineState s : GoroutineState.values()) {
            out.put(s, 0L);
        }
        for (G g : registry.all()) {
            out.merge(g.state(), 1L, Long::sum);
        }
        return out;
    }

    private static final class FallbackBody implements Runnable {
        private final Runnable user;
        @Nullable G g; // set before the thread starts

        FallbackBody(Runnable user) {
            this.user = user;
        }

        @Override
        public void run() {
            G self = Objects.requireNonNull(g, "g");
            ScopedValue.where(Fallback.CURRENT, self).run(() -> self.runBody(user));
        }
    }

    /** G's mount probe (a class rather than a method reference: see the notes). */
    private static final class MountProbe implements Predicate<Thread> {
        @Override
        public boolean test(Thread t) {
            return VirtualThreads.mounted(t);
        }
    }

    /** G's system-call probe in GMP mode: sysmon's view (a class rather than a method reference). */
    private static final class SyscallProbe implements Predicate<G> {
        private final GmpScheduler sched;

        SyscallProbe(GmpScheduler sched) {
            this.sched = sched;
        }

        @Override
        public boolean test(G g) {
            return sched.inSyscall(g);
        }
    }
}
