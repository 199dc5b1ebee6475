package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one P, two goroutines that hand off to each other through runnext forever must not starve
 * a goroutine woken from outside (it lands in the global queue): sysmon ends the runnext chain's
 * time slice. Runs in the procs1 surefire execution (-Dgmp4j.procs=1).
 */
@Tag("procs1")
class FairnessTest {

    @Test
    void aGoroutineWokenFromOutsideRunsWhileTwoPingPongThroughRunnext() {
        assertThat(Scheduler.procs()).isEqualTo(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong hops = new AtomicLong();
        PingPong pp = new PingPong(stop, hops);
        Goroutine a = Go.go("ping", pp::ping);
        Goroutine b = Go.go("pong", pp::pong);

        AtomicBoolean wake = new AtomicBoolean();
        AtomicLong ranAt = new AtomicLong();
        AtomicReference<Thread> sleeperThread = new AtomicReference<>();
        Goroutine sleeper = Go.go("sleeper", () -> {
            sleeperThread.set(Thread.currentThread());
            while (!wake.get()) {
                LockSupport.park();
            }
            ranAt.set(System.nanoTime());
        });
        try {
            Await.until("sleeper parked", Duration.ofSeconds(10), () -> sleeper.state() == GoroutineState.WAITING);
            long hopsBefore = hops.get();
            long nextBefore = Scheduler.processors().getFirst().runnextHits();
            Await.until("ping-pong running", Duration.ofSeconds(10), () -> hops.get() > hopsBefore + 10_000);

            long wokenAt = System.nanoTime();
            wake.set(true);
            LockSupport.unpark(sleeperThread.get()); // from a platform thread: goes to the global queue
            assertThat(sleeper.join(Duration.ofSeconds(10))).isTrue();

            long delayMs = (ranAt.get() - wokenAt) / 1_000_000;
            assertThat(delayMs).as("woken goroutine ran within 100 ms").isLessThan(100);
            assertThat(hops.get()).as("ping-pong still running meanwhile").isGreaterThan(hopsBefore + 10_000);
            long hopsDelta = hops.get() - hopsBefore;
            assertThat(Scheduler.processors().getFirst().runnextHits() - nextBefore)
                    .as("most of the ping-pong's %d hops went through runnext", hopsDelta).isGreaterThan(hopsDelta / 2);
        } finally {
            stop.set(true);
            pp.release();
            a.join();
            b.join();
        }
    }

    @Test
    void aGoroutineStartedFromOutsideRunsWhileTwoPingPong() {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong hops = new AtomicLong();
        PingPong pp = new PingPong(stop, hops);
        Goroutine a = Go.go("ping", pp::ping);
        Goroutine b = Go.go("pong", pp::pong);
        try {
            Await.until("ping-pong running", Duration.ofSeconds(10), () -> hops.get() > 10_000);
            AtomicLong ranAt = new AtomicLong();
            long startedAt = System.nanoTime();
            Goroutine late = Go.go(() -> ranAt.set(System.nanoTime()));
            assertThat(late.join(Duration.ofSeconds(10))).isTrue();
            assertThat((ranAt.get() - startedAt) / 1_000_000).isLessThan(100);
        } finally {
            stop.set(true);
            pp.release();
            a.join();
            b.join();
        }
    }

    /** Two goroutines that alternate forever through park/unpark (each wake-up goes to runnext). */
    static final class PingPong {
        private final AtomicBoolean stop;
        private final AtomicLong hops;
        private final AtomicReference<Thread> pinger = new AtomicReference<>();
        private final AtomicReference<Thread> ponger = new AtomicReference<>();
        private volatile int turn;

        PingPong(AtomicBoolean stop, AtomicLong hops) {
            this.stop = stop;
            this.hops = hops;
        }

        void ping() {
            loop(0, pinger, ponger);
        }

        void pong() {
            loop(1, ponger, pinger);
        }

        private void loop(int me, AtomicReference<Thread> self, AtomicReference<Thread> other) {
            // Meet the partner without spinning (with one P a spinning goroutine would starve it).
            self.set(Thread.currentThread());
            Thread partner = other.get();
            if (partner != null) {
                LockSupport.unpark(partner);
            }
            while (other.get() == null && !stop.get()) {
                LockSupport.park();
            }
            while (!stop.get()) {
                while (turn != me && !stop.get()) {
                    LockSupport.park();
                }
                turn = 1 - me;
                hops.incrementAndGet();
                LockSupport.unpark(other.get());
            }
        }

        void release() {
            Thread t = pinger.get();
            if (t != null) {
                LockSupport.unpark(t);
            }
            t = ponger.get();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
