package io.gmp4j.bench;

import io.gmp4j.Chan;
import io.gmp4j.Select;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@link Select}'s ready path, one thread, no goroutine switch: the typed form (case handles:
 * {@code recvCase}, {@code sendCase}) beside the handler form ({@code recv}, {@code send}) on the
 * same two-case select. Every select has one case that can proceed at once and one that never
 * can (an empty, or full, channel nobody else touches), so each op is: make the ready case ready
 * with a non-blocking channel operation, then one select that commits it. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per op, which should be ~0
 * for both forms (values are one preallocated {@link Integer}).
 *
 * <ul>
 *   <li>{@code recvHandler} / {@code recvTyped}: {@code trySend} into a channel of capacity 1, then
 *       a select over a receive from it and a receive from an empty channel; the value is added
 *       to a sum (in the handler, or from {@code Recv.value()}).</li>
 *   <li>{@code sendHandler} / {@code sendTypedSet} / {@code sendTypedSupplier}: a select over a
 *       send into an empty channel of capacity 1 and a receive from an empty channel, then
 *       {@code tryRecv} of what it sent; the typed send's value is given by {@code set} before
 *       each select, or computed by its supplier at each select.</li>
 *   <li>{@code recvTypedSwitched}: {@code recvTyped} with the idle case switched off and on again
 *       around each select, so every select lists its enabled cases again (Go's nil-channel
 *       idiom in a loop).</li>
 * </ul>
 *
 * <p>Run (from the project root, with JDK 25):
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -jar gmp4j-bench/target/benchmarks.jar SelectReadyPath -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SelectReadyPathBenchmark {
    private static final Integer VALUE = 1_000;

    private Chan<Integer> in;
    private Chan<Integer> out;
    private Chan<Integer> idle;
    private long sum;

    private Select recvHandler;
    private Select recvTyped;
    private Select.Recv<Integer> received;
    private Select.Recv<Integer> idleCase;
    private Select sendHandler;
    private Select sendTypedSet;
    private Select.Send<Integer> setCase;
    private Select sendTypedSupplier;

    @Setup(Level.Trial)
    public void setup() {
        in = Chan.make(1);
        out = Chan.make(1);
        idle = Chan.make();
        recvHandler = Select.create().recv(in, v -> sum += v).recv(idle, v -> sum = -1);
        recvTyped = Select.create();
        received = recvTyped.recvCase(in);
        idleCase = recvTyped.recvCase(idle);
        sendHandler = Select.create().send(out, VALUE, null).recv(idle, v -> sum = -1);
        sendTypedSet = Select.create();
        setCase = sendTypedSet.sendCase(out);
        sendTypedSet.recvCase(idle);
        sendTypedSupplier = Select.create();
        sendTypedSupplier.sendCase(out, () -> VALUE);
        sendTypedSupplier.recvCase(idle);
    }

    @TearDown(Level.Trial)
    public void check() {
        if (sum < 0 || in.len() != 0 || out.len() != 0) {
            throw new AssertionError("a never-ready case fired, or a value was left: sum " + sum
                    + ", in " + in.len() + ", out " + out.len());
        }
    }

    @Benchmark
    public long recvHandler() {
        in.trySend(VALUE);
        recvHandler.select();
        return sum;
    }

    @Benchmark
    public long recvTyped() {
        in.trySend(VALUE);
        recvTyped.select();
        Integer v = received.value();
        if (v == null) {
            throw new AssertionError("nothing received");
        }
        sum += v;
        return sum;
    }

    @Benchmark
    public long recvTypedSwitched() {
        idleCase.disable();
        in.trySend(VALUE);
        recvTyped.select();
        idleCase.enable();
        Integer v = received.value();
        if (v == null) {
            throw new AssertionError("nothing received");
        }
        sum += v;
        return sum;
    }

    @Benchmark
    public Integer sendHandler() {
        sendHandler.select();
        return take();
    }

    @Benchmark
    public Integer sendTypedSet() {
        setCase.set(VALUE);
        sendTypedSet.select();
        return take();
    }

    @Benchmark
    public Integer sendTypedSupplier() {
        sendTypedSupplier.select();
        return take();
    }

    private Integer take() {
        Integer v = out.tryRecv();
        if (v == null) {
            throw new AssertionError("nothing sent");
        }
        return v;
    }
}
