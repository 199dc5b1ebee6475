package io.gmp4j.bench;

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

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Channel throughput and latency: gmp4j's {@link Chan} between goroutines against the JDK's
 * blocking queues between virtual threads. The ring (W5) and select (W7) workloads are in
 * {@link ChannelRingBenchmark} and {@link ChannelSelectBenchmark}.
 *
 * <ul>
 *   <li><b>W1 {@link #pingPongUnbuffered}</b>: two goroutines and two unbuffered channels; "ping"
 *       sends a value on one, "pong" receives it and sends it back on the other,
 *       {@value #ROUND_TRIPS} round trips per operation. Two rendezvous per round trip. Reported
 *       as ns per round trip.</li>
 *   <li><b>W2 {@link #spscBuffered}</b>: one producer sends {@value #SPSC_MESSAGES} values into a
 *       channel of capacity {@value #CAPACITY} and closes it; one consumer receives until closed.
 *       Reported as ns per message.</li>
 *   <li><b>W3 {@link #mpmcBuffered}</b>: {@value #MPMC_SIDE} producers send
 *       {@value #MPMC_MESSAGES} values in all into one channel of capacity {@value #CAPACITY};
 *       {@value #MPMC_SIDE} consumers receive until it is closed. The last producer to finish
 *       (a shared countdown, Go's {@code WaitGroup} + closer) closes the channel. Reported as ns
 *       per message.</li>
 * </ul>
 *
 * <p>Messages are preallocated {@link Integer}s ({@link #VALUES}), so no boxing is measured.
 * Every operation checks the count and the sum of what was received and throws if either is
 * wrong. Goroutines (virtual threads) are started and joined by the benchmark thread each
 * operation; that costs a few µs against operations of tens to hundreds of ms.
 *
 * <p>{@code scheduler}: {@code gmp4j} uses {@link Chan} between goroutines ({@link Go#go}) on
 * gmp4j's GMP scheduler; {@code jdk} is the baseline: virtual threads on the JDK's default
 * scheduler with {@link SynchronousQueue} for the unbuffered channels and
 * {@link ArrayBlockingQueue} (same capacity) for the buffered ones. A queue cannot be closed, so the
 * JDK variants end with a sentinel ({@link #STOP}, one per consumer) where gmp4j closes the
 * channel. No gmp4j class is loaded in a {@code jdk} fork.
 *
 * <p>Run (from the project root, with JDK 25):
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -jar gmp4j-bench/target/benchmarks.jar Channel
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ChannelBenchmark extends SchedulerBenchmark {
    static final int ROUND_TRIPS = 100_000;
    static final int SPSC_MESSAGES = 1_000_000;
    static final int MPMC_MESSAGES = 1_000_000;
    static final int MPMC_SIDE = 4;
    static final int CAPACITY = 1024;

    /** Preallocated messages: message i is {@code VALUES[i & MASK]}. */
    static final Integer[] VALUES;
    static final int MASK = (1 << 14) - 1;
    /** The JDK variants' end-of-stream marker (compared by identity; never a message). */
    static final Integer STOP = Integer.valueOf(-1);

    static {
        VALUES = new Integer[MASK + 1];
        for (int i = 0; i <= MASK; i++) {
            VALUES[i] = Integer.valueOf(i);
        }
    }


    @Setup(Level.Trial)
    public void setup() {
        chooseScheduler();
    }


    // ---------------------------------------------------------------------------------------------
    // W1: unbuffered ping-pong

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long pingPongUnbuffered() {
        long[] sum = new long[2]; // sum, round trips
        if (gmp) {
            Chan<Integer> there = Chan.make();
            Chan<Integer> back = Chan.make();
            Goroutine pong = Go.go("pong", () -> {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    back.send(there.recv());
                }
            });
            Goroutine ping = Go.go("ping", () -> {
                long s = 0;
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    there.send(VALUES[i & MASK]);
                    s += back.recv();
                }
                sum[0] = s;
                sum[1] = ROUND_TRIPS;
            });
            ping.join();
            pong.join();
        } else {
            SynchronousQueue<Integer> there = new SynchronousQueue<>();
            SynchronousQueue<Integer> back = new SynchronousQueue<>();
            Thread pong = Thread.ofVirtual().name("pong").start(() -> {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    put(back, take(there));
                }
            });
            Thread ping = Thread.ofVirtual().name("ping").start(() -> {
                long s = 0;
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    put(there, VALUES[i & MASK]);
                    s += take(back);
                }
                sum[0] = s;
                sum[1] = ROUND_TRIPS;
            });
            SkynetBenchmark.join(ping);
            SkynetBenchmark.join(pong);
        }
        check("W1 ping-pong", sum[1], ROUND_TRIPS, sum[0], expectedSum(ROUND_TRIPS));
        return sum[0];
    }

    // ---------------------------------------------------------------------------------------------
    // W2: one producer, one consumer, buffered

    @Benchmark
    @OperationsPerInvocation(SPSC_MESSAGES)
    public long spscBuffered() {
        long[] result = new long[2]; // sum, count
        if (gmp) {
            Chan<Integer> ch = Chan.make(CAPACITY);
            Goroutine consumer = Go.go("consumer", () -> consumeChan(ch, result, 0));
            Goroutine producer = Go.go("producer", () -> {
                produceChan(ch, SPSC_MESSAGES);
                ch.close();
            });
            producer.join();
            consumer.join();
        } else {
            ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
            Thread consumer = Thread.ofVirtual().name("consumer").start(() -> consumeQueue(q, result, 0));
            Thread producer = Thread.ofVirtual().name("producer").start(() -> {
                produceQueue(q, SPSC_MESSAGES);
                put(q, STOP);
            });
            SkynetBenchmark.join(producer);
            SkynetBenchmark.join(consumer);
        }
        check("W2 spsc", result[1], SPSC_MESSAGES, result[0], expectedSum(SPSC_MESSAGES));
        return result[0];
    }

    // ---------------------------------------------------------------------------------------------
    // W3: 4 producers, 4 consumers, one buffered channel

    @Benchmark
    @OperationsPerInvocation(MPMC_MESSAGES)
    public long mpmcBuffered() {
        int perProducer = MPMC_MESSAGES / MPMC_SIDE;
        long[] result = new long[2 * MPMC_SIDE]; // per consumer: sum, count
        AtomicInteger running = new AtomicInteger(MPMC_SIDE);
        if (gmp) {
            Chan<Integer> ch = Chan.make(CAPACITY);
            Goroutine[] all = new Goroutine[2 * MPMC_SIDE];
            for (int c = 0; c < MPMC_SIDE; c++) {
                int slot = 2 * c;
                all[c] = Go.go("consumer-" + c, () -> consumeChan(ch, result, slot));
            }
            for (int p = 0; p < MPMC_SIDE; p++) {
                all[MPMC_SIDE + p] = Go.go("producer-" + p, () -> {
                    produceChan(ch, perProducer);
                    if (running.decrementAndGet() == 0) {
                        ch.close();
                    }
                });
            }
            for (Goroutine g : all) {
                g.join();
            }
        } else {
            ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
            Thread[] all = new Thread[2 * MPMC_SIDE];
            for (int c = 0; c < MPMC_SIDE; c++) {
                int slot = 2 * c;
                all[c] = Thread.ofVirtual().name("consumer-" + c).start(() -> consumeQueue(q, result, slot));
            }
            for (int p = 0; p < MPMC_SIDE; p++) {
                all[MPMC_SIDE + p] = Thread.ofVirtual().name("producer-" + p).start(() -> {
                    produceQueue(q, perProducer);
                    if (running.decrementAndGet() == 0) {
                        for (int c = 0; c < MPMC_SIDE; c++) {
                            put(q, STOP);
                        }
                    }
                });
            }
            for (Thread t : all) {
                SkynetBenchmark.join(t);
            }
        }
        long sum = 0;
        long count = 0;
        for (int c = 0; c < MPMC_SIDE; c++) {
            sum += result[2 * c];
            count += result[2 * c + 1];
        }
        check("W3 mpmc", count, MPMC_MESSAGES, sum, MPMC_SIDE * expectedSum(perProducer));
        return sum;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers (shared with the ring and select benchmarks)

    static void produceChan(Chan<Integer> ch, int n) {
        for (int i = 0; i < n; i++) {
            ch.send(VALUES[i & MASK]);
        }
    }

    /** Receives until closed; stores sum and count in {@code result[slot]}, {@code result[slot + 1]}. */
    static void consumeChan(Chan<Integer> ch, long[] result, int slot) {
        long sum = 0;
        long count = 0;
        Integer v;
        while ((v = ch.recv()) != null) {
            sum += v;
            count++;
        }
        result[slot] = sum;
        result[slot + 1] = count;
    }

    static void produceQueue(BlockingQueue<Integer> q, int n) {
        for (int i = 0; i < n; i++) {
            put(q, VALUES[i & MASK]);
        }
    }

    /** Takes until {@link #STOP}; stores sum and count like {@link #consumeChan}. */
    static void consumeQueue(BlockingQueue<Integer> q, long[] result, int slot) {
        long sum = 0;
        long count = 0;
        Integer v;
        while ((v = take(q)) != STOP) {
            sum += v;
            count++;
        }
        result[slot] = sum;
        result[slot + 1] = count;
    }

    /** The sum of messages 0 .. n-1, i.e. of {@code i & MASK}. */
    static long expectedSum(int n) {
        long full = n / (MASK + 1);
        long rest = n % (MASK + 1);
        return full * ((long) MASK * (MASK + 1) / 2) + rest * (rest - 1) / 2;
    }

    static void check(String what, long count, long expectedCount, long sum, long expectedSum) {
        if (count != expectedCount || sum != expectedSum) {
            throw new AssertionError(what + ": received " + count + " messages summing to " + sum
                    + ", expected " + expectedCount + " summing to " + expectedSum);
        }
    }

    static <T> void put(BlockingQueue<T> q, T v) {
        try {
            q.put(v);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in put", e);
        }
    }

    static <T> T take(BlockingQueue<T> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in take", e);
        }
    }
}
