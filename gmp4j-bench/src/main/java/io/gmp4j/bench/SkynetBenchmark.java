package io.gmp4j.bench;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;

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

import java.util.concurrent.TimeUnit;

/**
 * The classic skynet benchmark: a tree of concurrent tasks, each node spawning 10 children down to
 * 1,000,000 leaves (1,111,111 goroutines per operation in all); every leaf returns its own number
 * and every node returns the sum of its children, so the root must return {@value #EXPECTED}
 * (checked on every operation; a wrong sum throws).
 *
 * <p>Since gmp4j has no channels yet, each node starts its 10 children, joins them, and reads
 * their results from a {@code long[10]} owned by that node (each child writes its own slot, and
 * the join orders that write before the read), so there is no shared contended counter. The root
 * itself runs in a goroutine (or virtual thread) that the benchmark thread starts and joins.
 *
 * <p>{@code scheduler}:
 * <ul>
 *   <li>{@code gmp4j}: {@link Go#go(Runnable)} + {@link Goroutine#join()} on gmp4j's GMP scheduler
 *       (the setup fails unless {@link Scheduler#mode()} is {@link SchedulerMode#GMP});</li>
 *   <li>{@code jdk}: plain {@code Thread.ofVirtual().start(...)} + {@code Thread.join()} on the
 *       JDK's default virtual-thread scheduler, the baseline. No gmp4j class is loaded in this
 *       fork.</li>
 * </ul>
 * JMH runs each value in its own forked JVM, so the two schedulers never share a process.
 *
 * <p>Reported as average time per whole tree, ms/op. Run (from the project root, with JDK 25):
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -jar gmp4j-bench/target/benchmarks.jar Skynet
 * </pre>
 * The forked JVMs get {@code --add-opens java.base/java.lang=ALL-UNNAMED} from {@link Fork}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms2g", "-Xmx4g"})
public class SkynetBenchmark extends SchedulerBenchmark {
    static final int LEAVES = 1_000_000;
    static final int DIV = 10;
    static final long EXPECTED = 499_999_500_000L;


    @Setup(Level.Trial)
    public void setup() {
        chooseScheduler();
    }


    @Benchmark
    public long skynet() {
        long[] out = new long[1];
        if (gmp) {
            Go.go(() -> out[0] = gmpNode(0, LEAVES)).join();
        } else {
            join(Thread.ofVirtual().start(() -> out[0] = jdkNode(0, LEAVES)));
        }
        long sum = out[0];
        if (sum != EXPECTED) {
            throw new AssertionError("skynet(" + scheduler + ") returned " + sum + ", expected " + EXPECTED);
        }
        return sum;
    }

    /** The subtree of {@code size} leaves numbered from {@code num}, on goroutines. */
    static long gmpNode(long num, int size) {
        if (size == 1) {
            return num;
        }
        int child = size / DIV;
        long[] results = new long[DIV];
        Goroutine[] kids = new Goroutine[DIV];
        for (int i = 0; i < DIV; i++) {
            int slot = i;
            long childNum = num + (long) i * child;
            kids[i] = Go.go(() -> results[slot] = gmpNode(childNum, child));
        }
        long sum = 0;
        for (int i = 0; i < DIV; i++) {
            kids[i].join();
            sum += results[i];
        }
        return sum;
    }

    /** The same on plain virtual threads (the JDK's default scheduler). */
    static long jdkNode(long num, int size) {
        if (size == 1) {
            return num;
        }
        int child = size / DIV;
        long[] results = new long[DIV];
        Thread[] kids = new Thread[DIV];
        for (int i = 0; i < DIV; i++) {
            int slot = i;
            long childNum = num + (long) i * child;
            kids[i] = Thread.ofVirtual().start(() -> results[slot] = jdkNode(childNum, child));
        }
        long sum = 0;
        for (int i = 0; i < DIV; i++) {
            join(kids[i]);
            sum += results[i];
        }
        return sum;
    }

    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining " + t, e);
        }
    }
}
