package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's select behaviours, in our own words. */
class SelectTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    @Test
    void runsTheReadyCaseAndReturnsItsIndex() {
        Chan<String> a = Chan.make(1);
        Chan<String> b = Chan.make(1);
        b.send("from b");
        AtomicReference<String> got = new AtomicReference<>();
        int idx = Select.create().recv(a, got::set).recv(b, got::set).select();
        assertThat(idx).isEqualTo(1);
        assertThat(got.get()).isEqualTo("from b");
        assertThat(a.len() + b.len()).isZero();
    }

    @Test
    void defaultRunsWhenNothingIsReadyAndTouchesNothing() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> full = Chan.make(1);
        full.send(1);
        AtomicInteger ran = new AtomicInteger(-1);
        int idx = Select.create().recv(a, v -> ran.set(0)).send(full, 2, () -> ran.set(1)).orElse(() -> ran.set(2)).select();
        assertThat(idx).isEqualTo(2);
        assertThat(ran.get()).isEqualTo(2);
        assertThat(full.len()).isEqualTo(1);
        assertThat(full.recv()).isEqualTo(1);
    }

    @Test
    void aSecondDefaultIsRejected() {
        assertThatThrownBy(() -> Select.create().orElse(() -> { }).orElse(() -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void blocksUntilACaseBecomesReadyThenCommitsOnlyThatOne() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        AtomicReference<String> got = new AtomicReference<>();
        AtomicInteger idx = new AtomicInteger(-1);
        Goroutine g = Go.go(() -> idx.set(Select.create().recv(a, v -> got.set("a" + v)).recv(b, v -> got.set("b" + v)).select()));
        Await.until("select blocked", LONG, () -> g.state() == GoroutineState.WAITING);
        assertThat(g.waitReason()).isEqualTo("select");
        b.send(5);
        assertThat(g.join(LONG)).isTrue();
        assertThat(idx.get()).isEqualTo(1);
        assertThat(got.get()).isEqualTo("b5");
        assertThat(a.trySend(1)).as("the select's stale waiter on a is gone").isFalse();
    }

    @Test
    void sendCaseDeliversToABlockedReceiver() {
        Chan<Integer> ch = Chan.make();
        CompletableFuture<Integer> got = new CompletableFuture<>();
        Goroutine r = Go.go(() -> got.complete(ch.recv()));
        Await.until("receiver blocked", LONG, () -> r.state() == GoroutineState.WAITING);
        AtomicInteger sent = new AtomicInteger();
        int idx = Select.create().send(ch, 11, sent::incrementAndGet).select();
        assertThat(idx).isZero();
        assertThat(sent.get()).isEqualTo(1);
        assertThat(got.join()).isEqualTo(11);
    }

    @Test
    void closedReceiveCaseIsReadyWithNull() {
        Chan<Integer> ch = Chan.make();
        ch.close();
        AtomicReference<Integer> got = new AtomicReference<>(-1);
        assertThat(Select.create().recv(ch, got::set).select()).isZero();
        assertThat(got.get()).isNull();
    }

    @Test
    void closeWakesABlockedSelectOnItsReceiveCase() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        AtomicReference<Integer> got = new AtomicReference<>(-1);
        AtomicInteger idx = new AtomicInteger(-1);
        Goroutine g = Go.go(() -> idx.set(Select.create().recv(a, got::set).recv(b, got::set).select()));
        Await.until("select blocked", LONG, () -> g.state() == GoroutineState.WAITING);
        a.close();
        assertThat(g.join(LONG)).isTrue();
        assertThat(idx.get()).isZero();
        assertThat(got.get()).isNull();
    }

    @Test
    void sendCaseOnAClosedChannelThrows() {
        Chan<Integer> ch = Chan.make(1);
        ch.close();
        assertThatThrownBy(() -> Select.create().send(ch, 1, null).orElse(null).select())
                .isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void closingUnderABlockedSendCaseThrows() {
        Chan<Integer> ch = Chan.make();
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Goroutine g = Go.go(() -> {
            try {
                Select.create().send(ch, 1, null).select();
                seen.complete(null);
            } catch (Throwable e) {
                seen.complete(e);
            }
        });
        Await.until("select blocked", LONG, () -> g.state() == GoroutineState.WAITING);
        ch.close();
        assertThat(seen.join()).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void timeoutCaseFiresWhenNothingElseDoes() {
        Chan<Integer> ch = Chan.make();
        long start = System.nanoTime();
        int idx = Select.create().recv(ch, v -> { }).after(Duration.ofMillis(50), null).select();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(idx).isEqualTo(1);
        assertThat(ms).isGreaterThanOrEqualTo(50);
        assertThat(ch.trySend(1)).as("no stale receiver left").isFalse();
    }

    @Test
    void theEarliestTimeoutWins() {
        int idx = Select.create().after(Duration.ofSeconds(30), null).after(Duration.ofMillis(10), null).select();
        assertThat(idx).isEqualTo(1);
    }

    @Test
    void aReadyCaseBeatsAnExpiredTimeout() {
        Chan<Integer> ch = Chan.make(1);
        ch.send(1);
        assertThat(Select.create().after(Duration.ZERO, null).recv(ch, v -> { }).select()).isEqualTo(1);
    }

    @Test
    void noCasesBlocksForeverWithGosWaitReason() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<Thread> t = new AtomicReference<>();
        Goroutine g = Go.go(() -> {
            t.set(Thread.currentThread());
            try {
                Select.create().select();
            } catch (GoroutineInterruptedException e) {
                seen.set(e);
            }
        });
        Await.until("blocked", LONG, () -> g.state() == GoroutineState.WAITING);
        assertThat(g.waitReason()).isEqualTo("select (no cases)");
        assertThat(g.join(Duration.ofMillis(50))).as("still blocked").isFalse();
        t.get().interrupt();
        assertThat(g.join(LONG)).isTrue();
        assertThat(seen.get()).isInstanceOf(GoroutineInterruptedException.class);
    }

    @Test
    void aNullChannelIsGosNilChannelNeverReady() {
        Chan<Integer> ready = Chan.make(1);
        ready.send(3);
        assertThat(Select.create().recv(null, v -> { }).recv(ready, v -> { }).select()).isEqualTo(1);
        assertThat(Select.create().recv(null, v -> { }).orElse(null).select()).isEqualTo(1);
    }

    @Test
    void interruptedSelectCommitsNothing() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make(1);
        b.send(0); // full: a send case on b blocks
        AtomicReference<Thread> t = new AtomicReference<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Goroutine g = Go.go(() -> {
            t.set(Thread.currentThread());
            try {
                Select.create().recv(a, v -> { }).send(b, 1, null).select();
            } catch (GoroutineInterruptedException e) {
                seen.set(Thread.currentThread().isInterrupted() ? e : new AssertionError("status lost"));
            }
        });
        Await.until("blocked", LONG, () -> g.state() == GoroutineState.WAITING);
        t.get().interrupt();
        assertThat(g.join(LONG)).isTrue();
        assertThat(seen.get()).isInstanceOf(GoroutineInterruptedException.class);
        assertThat(a.trySend(1)).isFalse();
        assertThat(b.recv()).isEqualTo(0);
        assertThat(b.tryRecv()).as("the send case never delivered").isNull();
    }

    @Test
    void aSelectCanBeReusedInALoop() {
        Chan<Integer> ch = Chan.make(10);
        Chan<Integer> quit = Chan.make();
        for (int i = 0; i < 10; i++) {
            ch.send(i);
        }
        int[] sum = {0};
        boolean[] done = {false};
        Select s = Select.create().recv(ch, v -> sum[0] += v).recv(quit, v -> done[0] = true).orElse(() -> done[0] = true);
        while (!done[0]) {
            s.select();
        }
        assertThat(sum[0]).isEqualTo(45);
    }
}
