package io.gmp4j.bench;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Scheduler;
import io.gmp4j.SchedulerMode;
import io.gmp4j.diag.Snapshot;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of {@code Snapshot.capture()} with {@code goroutines} goroutines parked in
 * {@code Chan.recv} (the dumps issue's target: under 300 ms at 100,000, without stopping the
 * program). {@code repeat}: captures in a row, so goroutines that stayed in one wait reuse their
 * cached stacks after the first; the JMH warm-up makes the first capture of each iteration warm,
 * not cold (a cold first capture, measured by hand, took ~1.3 s). Run:
 * <pre>
 * bin/gmp4j bench SnapshotBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx4g"})
public class SnapshotBenchmark {
    @Param({"100000"})
    int goroutines;

    /** 1: every capture walks every stack (the cache is cleared by new waits); 2: the second reuses them. */
    @Param({"1", "2"})
    int repeat;

    private Chan<Integer> never;
    private final List<Goroutine> parked = new ArrayList<>();

    @Setup(Level.Iteration)
    public void park() throws InterruptedException {
        if (Scheduler.mode() != SchedulerMode.GMP) {
            throw new IllegalStateException("needs the GMP scheduler (--add-opens java.base/java.lang=ALL-UNNAMED)");
        }
        never = Chan.make();
        for (int i = 0; i < goroutines; i++) {
            parked.add(Go.go(never::recv)); // a new wait each iteration: no stack is cached yet
        }
        for (Goroutine g : parked) {
            while (g.state() != GoroutineState.WAITING) {
                Thread.sleep(1);
            }
        }
    }

    @TearDown(Level.Iteration)
    public void release() {
        never.close();
        for (Goroutine g : parked) {
            g.join();
        }
        parked.clear();
    }

    @Benchmark
    public int capture() {
        int n = 0;
        for (int i = 0; i < repeat; i++) {
            n += Snapshot.capture().goroutines().size();
        }
        if (n < goroutines * repeat) {
            throw new AssertionError("captured " + n + " goroutines, expected at least " + goroutines * repeat);
        }
        return n;
    }
}
