package io.gmp4j.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Base of the benchmarks that compare gmp4j with the JDK's default scheduler: the
 * {@code scheduler} parameter ({@code gmp4j} or {@code jdk}) and gmp4j's stats line at the end of a
 * trial. Subclasses call {@link #chooseScheduler()} first in their trial setup.
 */
@State(Scope.Benchmark)
public abstract class SchedulerBenchmark {
    @Param({"gmp4j", "jdk"})
    public String scheduler;

    /** True when this fork runs gmp4j (checked to be on its GMP scheduler). */
    protected boolean gmp;

    protected final void chooseScheduler() {
        gmp = SchedulerChoice.isGmp(scheduler);
    }

    @TearDown(Level.Trial)
    public void printSummary() {
        SchedulerChoice.printSummary(gmp);
    }
}
