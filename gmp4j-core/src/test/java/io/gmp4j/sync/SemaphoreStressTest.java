package io.gmp4j.sync;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.context.CancelableContext;
import io.gmp4j.context.Context;
import io.gmp4j.context.ContextException;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many goroutines acquire random weights under contexts that are cancelled at random moments
 * (before the call, racing with it, by tiny deadlines): holders never exceed the size, and every
 * permit is free at the end (none leaked by a cancelled or interrupted waiter).
 */
@Timeout(600) // a safety net: a lost wake-up fails instead of hanging the build
class SemaphoreStressTest {
    @Test
    void permitsAreNeverExceededNorLeakedUnderRandomCancellation() {
        long size = 10;
        int goroutines = Await.scale(100, 1_000);
        int iterations = Await.scale(200, 2_000);
        Semaphore s = new Semaphore(size);
        AtomicLong holders = new AtomicLong();
        AtomicLong highWater = new AtomicLong();
        LongAdder granted = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder wrongError = new LongAdder();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < goroutines; i++) {
            gs.add(Go.go(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int it = 0; it < iterations; it++) {
                    long n = rnd.nextLong(1, 5);
                    CancelableContext ctx = switch (it == 0 ? 3 : rnd.nextInt(4)) {
                        case 0 -> Context.withCancel(Context.background());
                        case 1 -> {
                            CancelableContext c = Context.withCancel(Context.background());
                            int yields = rnd.nextInt(3);
                            Go.go(() -> {
                                for (int y = 0; y < yields; y++) {
                                    Go.yield();
                                }
                                c.cancel();
                            });
                            yield c;
                        }
                        case 2 -> Context.withTimeout(Context.background(), Duration.ofNanos(rnd.nextLong(0, 300_000)));
                        default -> {
                            CancelableContext c = Context.withCancel(Context.background());
                            c.cancel();
                            yield c;
                        }
                    };
                    try {
                        s.acquire(ctx, n);
                    } catch (ContextException e) {
                        if (e != Context.CANCELED && e != Context.DEADLINE_EXCEEDED) {
                            wrongError.increment();
                        }
                        failed.increment();
                        continue;
                    } finally {
                        ctx.cancel();
                    }
                    long h = holders.addAndGet(n);
                    highWater.accumulateAndGet(h, Math::max);
                    if (rnd.nextBoolean()) {
                        Go.yield();
                    }
                    holders.addAndGet(-n);
                    s.release(n);
                    granted.increment();
                }
            }));
        }
        for (Goroutine g : gs) {
            assertThat(g.join(Duration.ofSeconds(60))).as("goroutine %s finished", g).isTrue();
        }
        assertThat(highWater.get()).as("holders never exceed the size").isLessThanOrEqualTo(size);
        assertThat(wrongError.sum()).isZero();
        assertThat(granted.sum() + failed.sum()).isEqualTo((long) goroutines * iterations);
        assertThat(granted.sum()).isPositive();
        assertThat(failed.sum()).isGreaterThanOrEqualTo(goroutines);
        assertThat(holders.get()).isZero();
        assertThat(s.queued()).as("no waiter left behind").isZero();
        assertThat(s.held()).as("no permit leaked").isZero();
        assertThat(s.tryAcquire(size)).as("all permits available").isTrue();
    }
}
