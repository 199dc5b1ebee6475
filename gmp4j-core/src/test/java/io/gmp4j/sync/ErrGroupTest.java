package io.gmp4j.sync;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.Select;
import io.gmp4j.context.CancelableContext;
import io.gmp4j.context.Context;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120) // a safety net: a lost wake-up fails instead of hanging the build
class ErrGroupTest {
    static final Duration LONG = Duration.ofSeconds(20);

    /** Runs g.await() in a goroutine so that a hang fails the test instead of blocking it. */
    private static Throwable awaitWithin(ErrGroup g) {
        AtomicReference<Throwable> out = new AtomicReference<>();
        Goroutine w = Go.go(() -> out.set(g.await()));
        assertThat(w.join(LONG)).as("await returned").isTrue();
        return out.get();
    }

    @Test
    void noErrorsGivesNullAndAwaitCancelsTheContext() {
        ErrGroup g = ErrGroup.withContext(Context.background());
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            g.go(ran::incrementAndGet);
        }
        assertThat(awaitWithin(g)).isNull();
        assertThat(ran).hasValue(20);
        assertThat(g.context().err()).isSameAs(Context.CANCELED);
        assertThat(g.context().cause()).isSameAs(Context.CANCELED);
    }

    @Test
    void theFirstErrorIsReturnedAndCancelsTheContextWithItAsCause() {
        ErrGroup g = ErrGroup.withContext(Context.background());
        Context ctx = g.context();
        IOException first = new IOException("first");
        AtomicReference<Throwable> causeSeenByOther = new AtomicReference<>();
        // This task fails only after the context was cancelled, so its error is never the first.
        g.go(() -> {
            Select.create().recv(ctx.done(), v -> { }).select();
            causeSeenByOther.set(ctx.cause());
            throw new IllegalStateException("second");
        });
        g.go(() -> {
            throw first;
        });
        assertThat(awaitWithin(g)).isSameAs(first);
        assertThat(causeSeenByOther.get()).as("cancelled by the first error, before await returned").isSameAs(first);
        assertThat(ctx.err()).isSameAs(Context.CANCELED);
        assertThat(ctx.cause()).isSameAs(first);
    }

    @Test
    void theGroupContextEndsWithItsParent() {
        CancelableContext parent = Context.withCancel(Context.background());
        ErrGroup g = ErrGroup.withContext(parent);
        Context ctx = g.context();
        g.go(() -> {
            Select.create().recv(ctx.done(), v -> { }).select();
            throw ctx.err();
        });
        parent.cancel();
        assertThat(awaitWithin(g)).isSameAs(Context.CANCELED);
    }

    @Test
    void aGroupWithoutContextReturnsErrorsAndHasNoContext() {
        ErrGroup g = new ErrGroup();
        assertThatThrownBy(g::context).isInstanceOf(IllegalStateException.class);
        RuntimeException boom = new RuntimeException("boom");
        g.go(() -> { });
        g.go(() -> {
            throw boom;
        });
        assertThat(awaitWithin(g)).isSameAs(boom);
        // The first error sticks.
        g.go(() -> {
            throw new RuntimeException("later");
        });
        assertThat(awaitWithin(g)).isSameAs(boom);
    }

    @Test
    void theLimitBoundsHowManyRunAtOnceAndGoBlocksMeanwhile() {
        int limit = 3;
        int tasks = 50;
        ErrGroup g = new ErrGroup();
        g.setLimit(limit);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Chan<Boolean> gate = Chan.make();
        Goroutine submitter = Go.go(() -> {
            for (int i = 0; i < tasks; i++) {
                g.go(() -> {
                    highWater.accumulateAndGet(running.incrementAndGet(), Math::max);
                    gate.recv();
                    running.decrementAndGet();
                    finished.incrementAndGet();
                });
            }
        });
        Await.until("the limit is reached", LONG, () -> running.get() == limit);
        Await.until("go blocks on the limit", LONG, () -> "chan send".equals(submitter.waitReason()));
        assertThat(running).hasValue(limit);
        assertThat(finished).hasValue(0);
        gate.close();
        assertThat(submitter.join(LONG)).isTrue();
        assertThat(awaitWithin(g)).isNull();
        assertThat(finished).hasValue(tasks);
        assertThat(highWater).hasValue(limit);
    }

    @Test
    void tryGoFailsWhileTheLimitIsReached() {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        Chan<Boolean> gate = Chan.make();
        AtomicInteger ran = new AtomicInteger();
        assertThat(g.tryGo(gate::recv)).isTrue();
        assertThat(g.tryGo(ran::incrementAndGet)).isFalse();
        gate.send(true);
        assertThat(awaitWithin(g)).isNull();
        assertThat(g.tryGo(ran::incrementAndGet)).isTrue();
        assertThat(awaitWithin(g)).isNull();
        assertThat(ran).hasValue(1);

        g.setLimit(0);
        assertThat(g.tryGo(ran::incrementAndGet)).isFalse();
        g.setLimit(-1);
        for (int i = 0; i < 10; i++) {
            assertThat(g.tryGo(ran::incrementAndGet)).isTrue();
        }
        assertThat(awaitWithin(g)).isNull();
        assertThat(ran).hasValue(11);
    }

    @Test
    void changingTheLimitWhileTasksAreActiveThrows() {
        ErrGroup g = new ErrGroup();
        Chan<Boolean> gate = Chan.make();
        g.go(gate::recv);
        assertThatThrownBy(() -> g.setLimit(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("modify limit while 1 goroutines");
        gate.send(true);
        assertThat(awaitWithin(g)).isNull();
        g.setLimit(2);
        assertThat(g.tryGo(() -> { })).isTrue();
        assertThat(awaitWithin(g)).isNull();
    }
}
