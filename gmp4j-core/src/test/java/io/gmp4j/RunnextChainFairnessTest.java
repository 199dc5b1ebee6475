package io.gmp4j;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression test for the starvation the demo showed: many goroutine pairs handing off through
 * runnext forever left goroutines woken by timers (which arrive in the global queue) waiting
 * behind one runnext chain per 61 ticks: ~5% of the sleeps that were due completed. Bounding
 * chains and demoting them to the global tail serves them in turn (measured ~90%).
 */
class RunnextChainFairnessTest {

    @Test
    void goroutinesWokenByTimersKeepUpWithManyPingPongPairs() {
        int pairs = 100;
        int sleepers = 200;
        long sleepMillis = 10;
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder sleeps = new LongAdder();
        AtomicLong hops = new AtomicLong();
        List<Goroutine> all = new ArrayList<>();
        List<FairnessTest.PingPong> pps = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            FairnessTest.PingPong pp = new FairnessTest.PingPong(stop, hops);
            pps.add(pp);
            all.add(Go.go(pp::ping));
            all.add(Go.go(pp::pong));
        }
        for (int i = 0; i < sleepers; i++) {
            all.add(Go.go(() -> {
                while (!stop.get()) {
                    LockSupport.parkNanos(sleepMillis * 1_000_000);
                    sleeps.increment();
                }
            }));
        }
        long start = System.nanoTime();
        long runFor = 1_000_000_000L;
        while (System.nanoTime() - start < runFor) {
            LockSupport.parkNanos(runFor - (System.nanoTime() - start));
        }
        long done = sleeps.sum();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        stop.set(true);
        pps.forEach(FairnessTest.PingPong::release);
        for (Goroutine g : all) {
            assertThat(g.join(Duration.ofSeconds(30))).isTrue();
        }
        long due = sleepers * elapsedMs / sleepMillis;
        assertThat(hops.get()).as("the pairs ran").isGreaterThan(10_000);
        assertThat(done).as("sleeps completed of %d due (pairs made %d hops)", due, hops.get()).isGreaterThan(due / 4);
    }
}
