package io.gmp4j.sync;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120) // a safety net: a lost wake-up fails instead of hanging the build
class OnceTest {
    static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void runsExactlyOnceUnder1000ConcurrentCallersWhoAllWaitForIt() {
        Once once = new Once();
        Chan<Boolean> gate = Chan.make();
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger returned = new AtomicInteger();
        AtomicInteger returnedEarly = new AtomicInteger();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            gs.add(Go.go(() -> {
                once.run(() -> {
                    runs.incrementAndGet();
                    gate.recv();
                    finished.set(true);
                });
                if (!finished.get()) {
                    returnedEarly.incrementAndGet();
                }
                returned.incrementAndGet();
            }));
        }
        Await.until("the function is running", LONG, () -> runs.get() == 1);
        Await.until("a caller is blocked", LONG,
                () -> gs.stream().anyMatch(g -> "sync.Mutex.Lock".equals(g.waitReason())));
        assertThat(returned).as("nobody returns while the function runs").hasValue(0);
        gate.close();
        for (Goroutine g : gs) {
            assertThat(g.join(LONG)).isTrue();
        }
        assertThat(runs).hasValue(1);
        assertThat(returned).hasValue(1000);
        assertThat(returnedEarly).hasValue(0);
        once.run(runs::incrementAndGet);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aThrowingFunctionCountsAsDoneAndOnlyItsCallerSeesTheException() {
        Once once = new Once();
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> once.run(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        once.run(runs::incrementAndGet);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRecursiveCallThrowsInsteadOfDeadlocking() {
        Once once = new Once();
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> once.run(() -> {
            runs.incrementAndGet();
            once.run(runs::incrementAndGet);
        })).isInstanceOf(IllegalStateException.class);
        assertThat(runs).hasValue(1);
    }
}
