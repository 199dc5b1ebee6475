package io.gmp4j.bench;

import io.gmp4j.CreationSite;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.Scheduler;
import io.gmp4j.SchedulerMode;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of starting and joining one goroutine on gmp4j's GMP scheduler, per creation-site
 * capture mode ({@code -Dgmp4j.creationSite}: {@code none}, {@code caller}, {@code stack}).
 *
 * <p>Each operation starts a batch of {@value #BATCH} goroutines with a trivial body and then
 * joins all of them; the score is ns per goroutine ({@link OperationsPerInvocation} =
 * {@value #BATCH}). Four variants:
 * <ul>
 *   <li>{@code lambdaFromThread}: the body is a (non-capturing) lambda, spawned from the JMH
 *       benchmark thread (a platform thread);</li>
 *   <li>{@code namedFromThread}: the body is an instance of a named {@code Runnable} class;</li>
 *   <li>{@code lambdaFromGoroutine}, {@code namedFromGoroutine}: the same batch spawned and joined
 *       by a goroutine (one extra spawn per batch, under 0.1%).</li>
 * </ul>
 * Lambda vs. named matters in {@code caller} mode: the caller frame is cached per lambda (hidden)
 * class, but a named class can be started from anywhere, so every spawn walks the stack to the
 * first frame outside gmp4j. {@code stack} mode walks the whole stack on every spawn, which is
 * deeper from the JMH thread than from a goroutine.
 *
 * <p>The mode is read once per JVM, by a static initializer inside gmp4j, so it cannot change
 * within a JVM. JMH runs every parameter value in a fresh forked JVM, and the trial
 * {@link Setup} sets {@code gmp4j.creationSite} before anything in {@code io.gmp4j} is
 * initialised (this class touches gmp4j only in its setup and benchmark methods); the setup then
 * checks that the frames captured for a probe goroutine match the mode, and fails loudly if not.
 *
 * <p>Run (from the project root, with JDK 25):
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -jar gmp4j-bench/target/benchmarks.jar Spawn
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SpawnBenchmark {
    static final int BATCH = 1000;

    @Param({"none", "caller", "stack"})
    public String creationSite;

    private final Goroutine[] batch = new Goroutine[BATCH];

    /** A named (non-hidden) Runnable class: in caller mode each spawn of it walks the stack. */
    static final class Noop implements Runnable {
        static final Noop INSTANCE = new Noop();

        @Override
        public void run() {
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        // Must come before the first use of any io.gmp4j class (gmp4j reads it once, statically).
        System.setProperty("gmp4j.creationSite", creationSite);
        SchedulerMode mode = Scheduler.mode();
        if (mode != SchedulerMode.GMP) {
            throw new IllegalStateException("SpawnBenchmark needs gmp4j's GMP scheduler but Scheduler.mode() is "
                    + mode + " (missing --add-opens java.base/java.lang=ALL-UNNAMED, or -Dgmp4j.scheduler=jdk?)");
        }
        checkMode("lambda", Go.go(() -> { }));
        checkMode("named", Go.go(Noop.INSTANCE));
        System.out.println("# gmp4j: creationSite=" + creationSite + " " + Scheduler.summary());
    }

    /** Fails unless the probe's captured frames match the mode this trial asked for. */
    private void checkMode(String what, Goroutine probe) {
        probe.join();
        CreationSite site = probe.creationSite();
        List<StackTraceElement> frames = site.frames();
        boolean ok = switch (creationSite) {
            case "none" -> frames.isEmpty();
            case "caller" -> frames.size() == 1 && frames.getFirst().getClassName().equals(SpawnBenchmark.class.getName());
            case "stack" -> frames.size() > 1 && frames.getFirst().getClassName().equals(SpawnBenchmark.class.getName());
            default -> throw new IllegalArgumentException("creationSite must be none, caller or stack: " + creationSite);
        };
        if (!ok) {
            throw new IllegalStateException("gmp4j.creationSite=" + creationSite + " did not take effect (was gmp4j initialised"
                    + " before the setup?): a " + what + " probe captured " + frames.size() + " frames: " + frames);
        }
    }

    @TearDown(Level.Iteration)
    public void checkNoLeftovers() {
        int n = Go.numGoroutine();
        if (n != 0) {
            throw new IllegalStateException(n + " goroutines still alive after an iteration: " + Scheduler.summary());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void lambdaFromThread() {
        lambdaBatch(batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void namedFromThread() {
        namedBatch(batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void lambdaFromGoroutine() {
        Goroutine[] b = batch;
        Go.go(() -> lambdaBatch(b)).join();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void namedFromGoroutine() {
        Goroutine[] b = batch;
        Go.go(() -> namedBatch(b)).join();
    }

    private static void lambdaBatch(Goroutine[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = Go.go(() -> { });
        }
        joinAll(b);
    }

    private static void namedBatch(Goroutine[] b) {
        Runnable body = Noop.INSTANCE;
        for (int i = 0; i < b.length; i++) {
            b[i] = Go.go(body);
        }
        joinAll(b);
    }

    private static void joinAll(Goroutine[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i].join();
            b[i] = null;
        }
    }
}
