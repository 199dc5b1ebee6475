package io.gmp4j;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one P, a goroutine queued behind a CPU-bound goroutine that never yields runs while that
 * goroutine is still running: sysmon hands the P to a spare carrier and records the hog. Without the
 * hand-off it could run only once the hog ended. How soon it runs (10 ms after the hog's dispatch,
 * plus sysmon's period, on a quiet machine) is a latency, measured beside Go in the peer harness,
 * not asserted here: under load the hand-off takes longer (seen: 190-340 ms at load 8-12), so the
 * hog spins for 1 s, far beyond that. Runs in the procs1 surefire execution.
 */
@Tag("procs1")
class HandoffTest {
    private static final long HOG_NANOS = 1_000_000_000L;

    @Test
    void aGoroutineQueuedLocallyBehindACpuHogRunsWhileTheHogStillRuns() {
        assertThat(Scheduler.procs()).isEqualTo(1);
        AtomicBoolean hogStillRunning = new AtomicBoolean();
        AtomicReference<Goroutine> queued = new AtomicReference<>();
        Goroutine hog = Go.go("hog", () -> {
            long start = System.nanoTime();
            // Queued on this P (runnext), behind us.
            queued.set(Go.go(() -> {
                hogStillRunning.set(System.nanoTime() - start < HOG_NANOS);
            }));
            spinFor(start, HOG_NANOS);
        });
        hog.join();
        queued.get().join();
        assertThat(hogStillRunning.get()).as("it ran while the hog was still running").isTrue();
        assertThat(Scheduler.handoffs()).anySatisfy(h -> {
            assertThat(h.goroutineId()).isEqualTo(hog.id());
            assertThat(h.goroutineName()).isEqualTo("hog");
            assertThat(h.runningFor()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
            assertThat(h.syscall()).as("computing, not in a system call").isFalse();
        });
    }

    @Test
    void aGoroutineStartedFromOutsideBehindACpuHogRunsWhileTheHogStillRuns() {
        AtomicLong hogStart = new AtomicLong();
        AtomicBoolean hogRunning = new AtomicBoolean();
        Goroutine hog = Go.go("hog2", () -> {
            long start = System.nanoTime();
            hogStart.set(start);
            hogRunning.set(true);
            spinFor(start, HOG_NANOS);
        });
        io.gmp4j.testing.Await.until("hog running", Duration.ofSeconds(10), hogRunning::get);
        AtomicBoolean hogAliveWhenItRan = new AtomicBoolean();
        Goroutine late = Go.go(() -> hogAliveWhenItRan.set(System.nanoTime() - hogStart.get() < HOG_NANOS)); // global queue
        late.join();
        assertThat(hogAliveWhenItRan.get()).as("it ran while the hog was still running").isTrue();
        hog.join();
        assertThat(Scheduler.handoffs()).anySatisfy(h -> assertThat(h.goroutineName()).isEqualTo("hog2"));
    }

    private static void spinFor(long start, long nanos) {
        while (System.nanoTime() - start < nanos) {
            Thread.onSpinWait();
        }
    }
}
