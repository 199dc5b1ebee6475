package io.gmp4j.bench;

import static io.gmp4j.bench.ChannelBenchmark.check;
import static io.gmp4j.bench.ChannelBenchmark.expectedSum;
import static io.gmp4j.bench.ChannelBenchmark.take;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.Select;

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

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * W7, fan-in with select: {@value #PRODUCERS} producers, each sending
 * {@value #MESSAGES}/{@value #PRODUCERS} values into its own channel of capacity
 * {@value #CAPACITY}; one consumer receives {@value #MESSAGES} values in all with a reused
 * {@link Select} over the {@value #PRODUCERS} channels (Go's
 * {@code for { select { case v := <-c0: … case v := <-c1: … } }}), adding each to a sum in the
 * case's handler. The consumer stops after {@value #MESSAGES} selects (the producers do not close
 * their channels, so no closed-channel case is ever ready). Reported as ns per message. The count
 * and the sum are checked every operation; a wrong one throws (a null passed to a handler throws
 * too).
 *
 * <p>{@code scheduler}: {@code gmp4j} runs everything as goroutines on gmp4j's GMP scheduler with
 * {@link Chan} and {@link Select}. The JDK has no select, so the {@code jdk} baseline is not the
 * same program: the 4 producers (virtual threads, default scheduler) put into one shared
 * {@link LinkedBlockingQueue} of capacity 4 × {@value #CAPACITY} and the consumer just takes from
 * it. That is the closest idiomatic JDK equivalent of a fan-in; it has no per-source queues, no
 * random choice among ready sources and no multi-lock, so it is a lower bound, not a like-for-like
 * comparison.
 *
 * <p>Messages are preallocated {@link Integer}s ({@link ChannelBenchmark#VALUES}).
 *
 * <p>Run (from the project root, with JDK 25):
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -jar gmp4j-bench/target/benchmarks.jar ChannelSelect
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ChannelSelectBenchmark extends SchedulerBenchmark {
    static final int MESSAGES = 400_000;
    static final int PRODUCERS = 4;
    static final int CAPACITY = 128;


    @Setup(Level.Trial)
    public void setup() {
        chooseScheduler();
    }


    /** The consumer's totals, updated by the select handlers. */
    static final class Totals {
        long sum;
        long count;
        final long[] perCase = new long[PRODUCERS];

        void add(Integer v) {
            sum += v; // a null (closed channel) throws here
            count++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long selectFanIn() {
        int perProducer = MESSAGES / PRODUCERS;
        Totals t = new Totals();
        if (gmp) {
            @SuppressWarnings("unchecked")
            Chan<Integer>[] chans = new Chan[PRODUCERS];
            Select select = Select.create();
            for (int p = 0; p < PRODUCERS; p++) {
                chans[p] = Chan.make(CAPACITY);
                select.recv(chans[p], t::add);
            }
            Goroutine consumer = Go.go("consumer", () -> {
                long[] perCase = t.perCase;
                for (int i = 0; i < MESSAGES; i++) {
                    perCase[select.select()]++;
                }
            });
            Goroutine[] producers = new Goroutine[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                Chan<Integer> ch = chans[p];
                producers[p] = Go.go("producer-" + p, () -> ChannelBenchmark.produceChan(ch, perProducer));
            }
            for (Goroutine g : producers) {
                g.join();
            }
            consumer.join();
            for (int p = 0; p < PRODUCERS; p++) {
                if (t.perCase[p] != perProducer || chans[p].len() != 0) {
                    throw new AssertionError("W7 select: case " + p + " fired " + t.perCase[p] + " times, expected "
                            + perProducer + "; " + chans[p].len() + " values left in its channel");
                }
            }
        } else {
            LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>(PRODUCERS * CAPACITY);
            Thread consumer = Thread.ofVirtual().name("consumer").start(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    t.add(take(q));
                }
            });
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                producers[p] = Thread.ofVirtual().name("producer-" + p)
                        .start(() -> ChannelBenchmark.produceQueue(q, perProducer));
            }
            for (Thread th : producers) {
                SkynetBenchmark.join(th);
            }
            SkynetBenchmark.join(consumer);
            if (!q.isEmpty()) {
                throw new AssertionError("W7 select(jdk): " + q.size() + " values left in the queue");
            }
        }
        check("W7 select", t.count, MESSAGES, t.sum, PRODUCERS * expectedSum(perProducer));
        return t.sum;
    }
}
