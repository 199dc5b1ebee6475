package io.gmp4j;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one P, a goroutine queued behind a 400 ms CPU-bound goroutine runs within 150 ms: sysmon
 * hands the P to a spare carrier and records the hog. Runs in the procs1 surefire execution.
 */
@Tag("procs1")
class HandoffTest {
    private static final long HOG_NANOS = 400_000_000L;

    @Test
    void aGoroutineQueuedLocallyBehindACpuHogRunsWithin150ms() {
        assertThat(Scheduler.procs()).isEqualTo(1);
        AtomicLong queuedAt = new AtomicLong();
        AtomicLong ranAt = new AtomicLong();
        AtomicBoolean hogStillRunning = new AtomicBoolean();
        AtomicReference<Goroutine> queued = new AtomicReference<>();
        Goroutine hog = Go.go("hog", () -> {
            long start = System.nanoTime();
            queuedAt.set(start);
            // Queued on this P (runnext), behind us.
            queued.set(Go.go(() -> {
                ranAt.set(System.nanoTime());
                hogStillRunning.set(System.nanoTime() - start < HOG_NANOS);
            }));
            spinFor(start, HOG_NANOS);
        });
        hog.join();
        queued.get().join();
        assertThat((ranAt.get() - queuedAt.get()) / 1_000_000).as("ms until the queued goroutine ran").isLessThan(150);
        assertThat(hogStillRunning.get()).as("it ran while the hog was still running").isTrue();
        assertThat(Scheduler.handoffs()).anySatisfy(h -> {
            assertThat(h.goroutineId()).isEqualTo(hog.id());
            assertThat(h.goroutineName()).isEqualTo("hog");
            assertThat(h.runningFor()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
            assertThat(h.syscall()).as("computing, not in a system call").isFalse();
        });
    }

    @Test
    void aGoroutineStartedFromOutsideBehindACpuHogRunsWithin150ms() {
        AtomicBoolean hogRunning = new AtomicBoolean();
        Goroutine hog = Go.go("hog2", () -> {
            long start = System.nanoTime();
            hogRunning.set(true);
            spinFor(start, HOG_NANOS);
        });
        io.gmp4j.testing.Await.until("hog running", Duration.ofSeconds(10), hogRunning::get);
        AtomicLong ranAt = new AtomicLong();
        long startedAt = System.nanoTime();
        Goroutine late = Go.go(() -> ranAt.set(System.nanoTime())); // global queue
        late.join();
        assertThat((ranAt.get() - startedAt) / 1_000_000).isLessThan(150);
        assertThat(hog.state()).as("the hog was still running").isNotEqualTo(GoroutineState.DEAD);
        hog.join();
    }

    private static void spinFor(long start, long nanos) {
        while (System.nanoTime() - start < nanos) {
            Thread.onSpinWait();
        }
    }
}
