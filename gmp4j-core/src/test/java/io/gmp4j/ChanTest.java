package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's channel behaviours (chan_test.go's, in our own words), over unbuffered and buffered channels. */
class ChanTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    @Test
    void negativeCapacityIsRejected() {
        assertThatThrownBy(() -> Chan.make(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void nullIsRejected() {
        Chan<String> ch = Chan.make(1);
        assertThatThrownBy(() -> ch.send(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ch.trySend(null)).isInstanceOf(NullPointerException.class);
        assertThat(ch.len()).isZero();
    }

    @Test
    void unbufferedSendBlocksUntilAReceiverTakesTheValue() {
        Chan<Integer> ch = Chan.make();
        AtomicBoolean sent = new AtomicBoolean();
        Goroutine sender = Go.go(() -> {
            ch.send(1);
            sent.set(true);
        });
        Await.until("sender blocked", LONG, () -> sender.state() == GoroutineState.WAITING);
        assertThat(sent.get()).isFalse();
        assertThat(sender.waitReason()).isEqualTo("chan send");
        assertThat(sender.waitingOn()).contains(ch);
        assertThat(ch.recv()).isEqualTo(1);
        assertThat(sender.join(LONG)).isTrue();
        assertThat(sent.get()).isTrue();
    }

    @Test
    void receiverBlocksUntilAValueArrivesAndShowsItsWaitReason() {
        Chan<String> ch = Chan.make();
        CompletableFuture<String> got = new CompletableFuture<>();
        Goroutine r = Go.go(() -> got.complete(ch.recv()));
        Await.until("receiver blocked", LONG, () -> r.state() == GoroutineState.WAITING);
        assertThat(r.waitReason()).isEqualTo("chan receive");
        assertThat(r.waitingOn()).contains(ch);
        assertThat(got).isNotDone();
        ch.send("x");
        assertThat(got.join()).isEqualTo("x");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 16})
    void perChannelFifoAcrossManyValues(int cap) {
        Chan<Integer> ch = Chan.make(cap);
        int n = 20_000;
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
            ch.close();
        });
        int expect = 0;
        for (Integer v : ch) {
            assertThat(v).isEqualTo(expect++);
        }
        assertThat(expect).isEqualTo(n);
        assertThat(ch.recv()).as("closed and drained").isNull();
    }

    @Test
    void bufferedSendDoesNotBlockUntilFull() {
        Chan<Integer> ch = Chan.make(2);
        ch.send(1);
        ch.send(2);
        assertThat(ch.len()).isEqualTo(2);
        assertThat(ch.cap()).isEqualTo(2);
        assertThat(ch.trySend(3)).isFalse();
        assertThat(ch.tryRecv()).isEqualTo(1);
        assertThat(ch.trySend(3)).isTrue();
        assertThat(ch.recv()).isEqualTo(2);
        assertThat(ch.recv()).isEqualTo(3);
        assertThat(ch.tryRecv()).isNull();
    }

    @Test
    void tryOpsOnUnbufferedNeedACounterpart() {
        Chan<Integer> ch = Chan.make();
        assertThat(ch.trySend(1)).isFalse();
        assertThat(ch.tryRecv()).isNull();
        CompletableFuture<Integer> got = new CompletableFuture<>();
        Goroutine r = Go.go(() -> got.complete(ch.recv()));
        Await.until("receiver blocked", LONG, () -> r.state() == GoroutineState.WAITING);
        assertThat(ch.trySend(7)).isTrue();
        assertThat(got.join()).isEqualTo(7);
    }

    @Test
    void closeWakesReceiversWithNullAndSendersWithAnException() {
        Chan<Integer> ch = Chan.make();
        List<CompletableFuture<Object>> outcomes = new ArrayList<>();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Object> f = new CompletableFuture<>();
            outcomes.add(f);
            gs.add(Go.go(() -> f.complete(String.valueOf(ch.recv()))));
        }
        Chan<Integer> full = Chan.make(1);
        full.send(0);
        CompletableFuture<Object> senderOutcome = new CompletableFuture<>();
        gs.add(Go.go(() -> {
            try {
                full.send(1);
                senderOutcome.complete("sent");
            } catch (ChannelClosedException e) {
                senderOutcome.complete(e);
            }
        }));
        Await.until("all blocked", LONG, () -> gs.stream().allMatch(g -> g.state() == GoroutineState.WAITING));
        ch.close();
        full.close();
        for (CompletableFuture<Object> f : outcomes) {
            assertThat(f.join()).isEqualTo("null");
        }
        assertThat(senderOutcome.join()).isInstanceOf(ChannelClosedException.class);
        assertThat(full.recv()).as("buffered value survives close").isEqualTo(0);
        assertThat(full.recv()).isNull();
    }

    @Test
    void closedChannelRules() {
        Chan<Integer> ch = Chan.make(3);
        ch.send(1);
        ch.close();
        assertThat(ch.isClosed()).isTrue();
        assertThatThrownBy(() -> ch.send(2)).isInstanceOf(ChannelClosedException.class).hasMessageContaining("send on closed channel");
        assertThatThrownBy(() -> ch.trySend(2)).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(ch::close).isInstanceOf(ChannelClosedException.class).hasMessageContaining("close of closed channel");
        assertThat(ch.recv()).isEqualTo(1);
        assertThat(ch.recv()).isNull();
        assertThat(ch.tryRecv()).isNull();
        assertThat(ch.len()).isZero();
    }

    @Test
    void tryWithResourcesClosesTheChannelAsGoDeferCloseDoes() {
        Chan<Integer> results = Chan.make(4);
        Goroutine producer = Go.go(() -> {
            try (SendChan<Integer> out = results) {
                for (int i = 0; i < 3; i++) {
                    out.send(i);
                }
            }
        });
        List<Integer> got = new ArrayList<>();
        for (Integer v : results) { // ends only because the producer's try closed the channel
            got.add(v);
        }
        assertThat(got).containsExactly(0, 1, 2);
        assertThat(producer.join(LONG)).isTrue();
        assertThat(results.isClosed()).isTrue();
    }

    @Test
    void tryWithResourcesClosesTheChannelWhenTheBodyThrows() {
        Chan<String> ch = Chan.make(1);
        CompletableFuture<String> receiver = new CompletableFuture<>();
        Goroutine r = Go.go(() -> receiver.complete(String.valueOf(ch.recv())));
        Await.until("receiver blocked", LONG, () -> r.state() == GoroutineState.WAITING);
        assertThatThrownBy(() -> {
            try (Chan<String> _ = ch) { // Go's defer close(ch), with nothing else to do with it
                throw new IllegalStateException("failed half-way");
            }
        }).isInstanceOf(IllegalStateException.class).hasNoSuppressedExceptions();
        assertThat(receiver.join()).as("the blocked receiver saw the close").isEqualTo("null");
        assertThat(ch.isClosed()).isTrue();
    }

    @Test
    @SuppressWarnings("try") // javac's -Xlint:try flags this very mistake: an explicit close() of a resource
    void anExplicitCloseInsideTryWithResourcesFailsWithGoTextAndAHint() {
        Chan<Integer> ch = Chan.make();
        assertThatThrownBy(() -> {
            try (Chan<Integer> owned = ch) {
                owned.close();
            }
        }).isInstanceOf(ChannelClosedException.class)
                .hasMessageStartingWith("close of closed channel " + ch)
                .hasMessageContaining("by an explicit close() or by the try-with-resources that owns it, not both");
        assertThat(ch.isClosed()).isTrue();
    }

    @Test
    @SuppressWarnings("try") // the explicit close() of a resource, on purpose
    void aDoubleCloseAfterAFailedBodyIsSuppressedNotLost() {
        Chan<Integer> ch = Chan.make();
        assertThatThrownBy(() -> {
            try (Chan<Integer> owned = ch) {
                owned.close();
                throw new IllegalStateException("body failed");
            }
        }).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .isInstanceOf(ChannelClosedException.class));
    }

    @Test
    void interruptedReceiverThrowsKeepsItsStatusAndTakesNothing() {
        Chan<Integer> ch = Chan.make();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        Goroutine r = Go.go(() -> {
            thread.set(Thread.currentThread());
            try {
                ch.recv();
            } catch (GoroutineInterruptedException e) {
                seen.set(Thread.currentThread().isInterrupted() ? e : new AssertionError("status lost"));
            }
        });
        Await.until("receiver blocked", LONG, () -> r.state() == GoroutineState.WAITING);
        thread.get().interrupt();
        assertThat(r.join(LONG)).isTrue();
        assertThat(seen.get()).isInstanceOf(GoroutineInterruptedException.class);
        assertThat(ch.trySend(5)).as("no receiver is left behind").isFalse();
    }

    @Test
    void interruptedSenderThrowsAndItsValueIsNeverReceived() {
        Chan<Integer> ch = Chan.make();
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Goroutine s = Go.go(() -> {
            thread.set(Thread.currentThread());
            try {
                ch.send(42);
            } catch (GoroutineInterruptedException e) {
                seen.set(e);
            }
        });
        Await.until("sender blocked", LONG, () -> s.state() == GoroutineState.WAITING);
        thread.get().interrupt();
        assertThat(s.join(LONG)).isTrue();
        assertThat(seen.get()).isInstanceOf(GoroutineInterruptedException.class);
        assertThat(ch.tryRecv()).isNull();
    }

    @Test
    void channelsWorkFromPlatformThreadsToo() throws Exception {
        Chan<Integer> ch = Chan.make();
        Thread t = Thread.ofPlatform().start(() -> ch.send(9));
        assertThat(ch.recv()).isEqualTo(9);
        t.join();
    }

    @Test
    void toStringNamesTheChannel() {
        Chan<Integer> ch = Chan.make(4);
        assertThat(ch.toString()).isEqualTo("chan#" + ch.id() + " (cap 4)");
    }
}
