package io.gmp4j.bench;

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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ping-pong: the cost of one park/unpark round trip between two goroutines (Go's unbuffered
 * channel ping-pong, without channels): a wake-up of a parked goroutine, a context switch, and the
 * same back.
 *
 * <p>Each operation starts two fresh goroutines, "ping" and "pong", that hand a turn back and
 * forth {@value #ROUND_TRIPS} times through a volatile {@code turn} field and
 * {@link LockSupport#park()}/{@link LockSupport#unpark(Thread)}; each side waits with
 * {@code while (turn != me) LockSupport.park();}, so spurious wake-ups and stale permits are
 * harmless. Before any hand-off each side publishes its own {@code Thread} in a volatile field, and
 * ping does not hand over until pong's is visible; pong reads ping's only after seeing the turn
 * that ping wrote after publishing it. So nobody unparks an unknown thread and no wake-up is lost.
 * The spawn and join of the two goroutines are amortised over the round trips (well under 0.1%).
 *
 * <p>Reported as ns per round trip ({@link OperationsPerInvocation} = {@value #ROUND_TRIPS}).
 * {@code scheduler}: {@code gmp4j} runs the two as goroutines ({@link Go#go(String, Runnable)},
 * {@link Goroutine#join()}) on gmp4j's GMP scheduler, where each wake-up goes into the waker's
 * P's {@code runnext}; {@code jdk} runs them as plain virtual threads on the JDK's default
 * scheduler (the baseline; no gmp4j class is loaded in that fork).
 *
 * <p>Run (from the project root, with JDK 25):
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -jar gmp4j-bench/target/benchmarks.jar PingPong
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class PingPongBenchmark extends SchedulerBenchmark {
    static final int ROUND_TRIPS = 100_000;
    private static final int PING = 0;
    private static final int PONG = 1;


    @Setup(Level.Trial)
    public void setup() {
        chooseScheduler();
    }


    /** One game: the turn and both players' threads, each published by its owner. */
    static final class Table {
        volatile int turn = PING;
        volatile Thread ping;
        volatile Thread pong;
        /** Round trips completed by ping, to check the game really ran. */
        int rounds;

        void ping() {
            Thread self = Thread.currentThread();
            ping = self;
            Thread other;
            while ((other = pong) == null) {
                Thread.yield(); // pong has not started yet; it publishes itself before anything else
            }
            for (int i = 0; i < ROUND_TRIPS; i++) {
                turn = PONG;
                LockSupport.unpark(other);
                while (turn != PING) {
                    LockSupport.park(this);
                }
            }
            rounds = ROUND_TRIPS;
        }

        void pong() {
            pong = Thread.currentThread();
            Thread other = null;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                while (turn != PONG) {
                    LockSupport.park(this);
                }
                if (other == null) {
                    other = ping; // written by ping before its first turn = PONG, so visible now
                }
                turn = PING;
                LockSupport.unpark(other);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int pingPong() {
        Table t = new Table();
        if (gmp) {
            Goroutine pong = Go.go("pong", t::pong);
            Goroutine ping = Go.go("ping", t::ping);
            ping.join();
            pong.join();
        } else {
            Thread pong = Thread.ofVirtual().name("pong").start(t::pong);
            Thread ping = Thread.ofVirtual().name("ping").start(t::ping);
            SkynetBenchmark.join(ping);
            SkynetBenchmark.join(pong);
        }
        if (t.rounds != ROUND_TRIPS || t.turn != PING) {
            throw new AssertionError("ping-pong(" + scheduler + ") ended with rounds=" + t.rounds + " turn=" + t.turn);
        }
        return t.rounds;
    }
}
