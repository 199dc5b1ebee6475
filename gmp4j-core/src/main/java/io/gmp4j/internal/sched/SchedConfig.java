package io.gmp4j.internal.sched;

/**
 * Scheduler tunables, read once from {@code gmp4j.*} system properties (kotlinx.coroutines style),
 * so that tests can shrink them to find bugs faster.
 *
 * @param procs            {@code gmp4j.procs}: number of P's (Go's GOMAXPROCS); default: available processors
 * @param runQueueSize     {@code gmp4j.runqueue.size}: local run queue slots, a power of two; default 256
 * @param globalCheckTicks {@code gmp4j.global.check.ticks}: poll the global queue first every N ticks; default 61
 * @param handoffNanos     {@code gmp4j.sysmon.handoff.ms}: a task running this long on a P with queued work loses the P; default 10 ms
 * @param timesliceNanos   {@code gmp4j.timeslice.ms}: a runnext chain longer than this yields to queued work; default 10 ms
 * @param sysmonPeriodNanos {@code gmp4j.sysmon.period.us}: sysmon's period while P's are busy; default 1000 µs
 * @param maxThreads       {@code gmp4j.max.threads}: most M's (carrier threads) at once; default 10000
 * @param runnextChain     {@code gmp4j.runnext.chain}: consecutive runnext dispatches before the chain yields to queued work; default 64
 * @param lazyWake         {@code gmp4j.wake.lazy}: skip wakep for a goroutine readied alone into runnext; default true
 * @param spinNanos        {@code gmp4j.spin.us}: how long a spinning M that found nothing keeps looking; default 20 µs
 * @param virtualThreads   {@code gmp4j.virtualThreads}: what a virtual thread started inside a goroutine is,
 *                         {@code goroutine} (default) or {@code jdk} (it runs on the JDK's scheduler); see {@link ForeignThreads}
 */
public record SchedConfig(int procs, int runQueueSize, int globalCheckTicks, long handoffNanos,
                          long timesliceNanos, long sysmonPeriodNanos, int maxThreads, int runnextChain,
                          boolean lazyWake, long spinNanos, String virtualThreads) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the property of a value out of its range
     */
    public SchedConfig {
        if (procs < 1) {
            throw new IllegalArgumentException("gmp4j.procs must be >= 1: " + procs);
        }
        if (runQueueSize < 2 || Integer.bitCount(runQueueSize) != 1) {
            throw new IllegalArgumentException("gmp4j.runqueue.size must be a power of two >= 2: " + runQueueSize);
        }
        if (globalCheckTicks < 1) {
            throw new IllegalArgumentException("gmp4j.global.check.ticks must be >= 1: " + globalCheckTicks);
        }
        if (maxThreads < procs + 1) {
            throw new IllegalArgumentException("gmp4j.max.threads must be > gmp4j.procs: " + maxThreads);
        }
        if (runnextChain < 1) {
            throw new IllegalArgumentException("gmp4j.runnext.chain must be >= 1: " + runnextChain);
        }
    }

    /**
     * The tunables from the {@code gmp4j.*} system properties, with their defaults.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming a property that is not a number or out of range
     */
    public static SchedConfig fromSystemProperties() {
        return new SchedConfig(
                intProp("gmp4j.procs", Runtime.getRuntime().availableProcessors()),
                intProp("gmp4j.runqueue.size", 256),
                intProp("gmp4j.global.check.ticks", 61),
                intProp("gmp4j.sysmon.handoff.ms", 10) * 1_000_000L,
                intProp("gmp4j.timeslice.ms", 10) * 1_000_000L,
                intProp("gmp4j.sysmon.period.us", 1000) * 1_000L,
                intProp("gmp4j.max.threads", 10_000),
                intProp("gmp4j.runnext.chain", 64),
                !"false".equalsIgnoreCase(System.getProperty("gmp4j.wake.lazy", "true").trim()),
                intProp("gmp4j.spin.us", 20) * 1_000L,
                System.getProperty("gmp4j.virtualThreads", "goroutine"));
    }

    static int intProp(String name, int dflt) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + name + " must be an integer, got '" + v + "'", e);
        }
    }
}
