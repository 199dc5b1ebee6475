package io.gmp4j.bench;

import static io.gmp4j.bench.ChannelBenchmark.STOP;
import static io.gmp4j.bench.ChannelBenchmark.VALUES;
import static io.gmp4j.bench.ChannelBenchmark.put;
import static io.gmp4j.bench.ChannelBenchmark.take;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;

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

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * W5, token ring: {@value #NODES} goroutines in a ring, each with an unbuffered channel to the
 * next; one token goes round {@value #LAPS} times per operation, so each operation is
 * {@value #NODES} × {@value #LAPS} = 1,000,000 hops (a hop = one unbuffered send/receive
 * rendezvous plus the wake-up of the next goroutine). Reported as ns per hop.
 *
 * <p>The ring is built once per trial: {@value #NODES}{@code - 1} forwarders, node {@code k}
 * receiving from {@code link[k-1]} and sending to {@code link[k]}, stay parked between
 * operations. Node 0 is a driver goroutine started per operation: each lap it sends message 0 on
 * {@code link[0]} and receives from {@code link[NODES-1]}. Each forwarder passes on the successor
 * of what it received ({@code VALUES[v + 1]}, preallocated), so the driver must get back
 * {@code NODES - 1}, proving every node forwarded the token exactly once per lap; a wrong value
 * throws. At the end of the trial the driver side closes {@code link[0]}, the close propagates
 * round the ring and every forwarder is joined (with a timeout, so a wedged ring fails the run).
 *
 * <p>{@code scheduler}: {@code gmp4j} uses unbuffered {@link Chan}s between goroutines on gmp4j's
 * GMP scheduler; {@code jdk} is the baseline: {@link SynchronousQueue}s between virtual threads
 * on the JDK's default scheduler (ended by a sentinel instead of close).
 *
 * <p>Run (from the project root, with JDK 25):
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -jar gmp4j-bench/target/benchmarks.jar ChannelRing
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ChannelRingBenchmark extends SchedulerBenchmark {
    static final int NODES = 10_000;
    static final int LAPS = 100;
    static final int HOPS = NODES * LAPS;
    private static final Duration TEARDOWN_TIMEOUT = Duration.ofSeconds(30);

    static {
        if (VALUES.length < NODES) {
            throw new ExceptionInInitializerError("need " + NODES + " preallocated values");
        }
    }

    private Chan<Integer>[] links;
    private Goroutine[] forwarders;
    private SynchronousQueue<Integer>[] queues;
    private Thread[] threads;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setup() {
        chooseScheduler();
        if (gmp) {
            links = new Chan[NODES];
            for (int k = 0; k < NODES; k++) {
                links[k] = Chan.make();
            }
            forwarders = new Goroutine[NODES];
            for (int k = 1; k < NODES; k++) {
                Chan<Integer> in = links[k - 1];
                Chan<Integer> out = links[k];
                forwarders[k] = Go.go("ring-" + k, () -> {
                    Integer v;
                    while ((v = in.recv()) != null) {
                        out.send(VALUES[v + 1]);
                    }
                    out.close();
                });
            }
        } else {
            queues = new SynchronousQueue[NODES];
            for (int k = 0; k < NODES; k++) {
                queues[k] = new SynchronousQueue<>();
            }
            threads = new Thread[NODES];
            for (int k = 1; k < NODES; k++) {
                SynchronousQueue<Integer> in = queues[k - 1];
                SynchronousQueue<Integer> out = queues[k];
                boolean last = k == NODES - 1;
                threads[k] = Thread.ofVirtual().name("ring-" + k).start(() -> {
                    Integer v;
                    while ((v = take(in)) != STOP) {
                        put(out, VALUES[v + 1]);
                    }
                    if (!last) {
                        put(out, STOP); // nobody takes from the last link at the end
                    }
                });
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (gmp) {
            links[0].close();
            for (int k = 1; k < NODES; k++) {
                if (!forwarders[k].join(TEARDOWN_TIMEOUT)) {
                    throw new IllegalStateException("ring node " + k + " did not end: " + forwarders[k].state()
                            + " " + forwarders[k].waitReason());
                }
            }
            if (!links[NODES - 1].isClosed()) {
                throw new IllegalStateException("close did not go round the ring");
            }
        } else {
            queues[0].put(STOP);
            for (int k = 1; k < NODES; k++) {
                if (!threads[k].join(TEARDOWN_TIMEOUT)) {
                    throw new IllegalStateException("ring node " + k + " did not end: " + threads[k].getState());
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public long ring() {
        long[] result = new long[2]; // sum of returned tokens, laps
        if (gmp) {
            Chan<Integer> first = links[0];
            Chan<Integer> last = links[NODES - 1];
            Go.go("ring-driver", () -> {
                long sum = 0;
                for (int lap = 0; lap < LAPS; lap++) {
                    first.send(VALUES[0]);
                    sum += last.recv();
                }
                result[0] = sum;
                result[1] = LAPS;
            }).join();
        } else {
            SynchronousQueue<Integer> first = queues[0];
            SynchronousQueue<Integer> last = queues[NODES - 1];
            SkynetBenchmark.join(Thread.ofVirtual().name("ring-driver").start(() -> {
                long sum = 0;
                for (int lap = 0; lap < LAPS; lap++) {
                    put(first, VALUES[0]);
                    sum += take(last);
                }
                result[0] = sum;
                result[1] = LAPS;
            }));
        }
        ChannelBenchmark.check("W5 ring", result[1], LAPS, result[0], (long) LAPS * (NODES - 1));
        return result[0];
    }
}
