package io.gmp4j.bench;

import io.gmp4j.RecvChan;
import io.gmp4j.context.CancelableContext;
import io.gmp4j.context.Context;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What a context costs to make, with and without its done channel, and cancelled: the price of
 * the description every context carries for dumps (its trace, and the registration of its done
 * channel). A request's context: made under a value context, asked for its done channel (a
 * select), cancelled when the request ends. Run with {@code -prof gc} for the bytes per context.
 *
 * <pre>{@code
 * java -jar gmp4j-bench/target/benchmarks.jar Context -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class ContextBenchmark {
    private static final Context PARENT = Context.withValue(Context.background(), Context.Key.named("request"), "r1");

    /** {@code ctx, cancel := context.WithCancel(parent); cancel()}. */
    @Benchmark
    public Object withCancel() {
        CancelableContext c = Context.withCancel(PARENT);
        c.cancel();
        return c;
    }

    /** The same, asked for its done channel first (as a select on {@code ctx.Done()} does). */
    @Benchmark
    public Object withCancelAndDone() {
        CancelableContext c = Context.withCancel(PARENT);
        RecvChan<Void> done = c.done();
        c.cancel();
        return done;
    }
}
