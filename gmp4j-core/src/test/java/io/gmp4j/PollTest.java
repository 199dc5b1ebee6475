package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code poll()} tells "nothing ready" from "closed"; {@code recvOk()} is Go's {@code v, ok := <-ch}. */
class PollTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    /** An exhaustive switch without default: it compiles only while the three outcomes are all there is. */
    private static String describe(Polled<String> p) {
        return switch (p) {
            case Polled.Value(var v) -> "value " + v;
            case Polled.NotReady() -> "not ready";
            case Polled.Closed() -> "closed";
        };
    }

    private static String describe(Polled.Received<String> r) {
        return switch (r) {
            case Polled.Value(var v) -> "value " + v;
            case Polled.Closed() -> "closed";
        };
    }

    @Test
    void pollTellsNothingReadyFromAValueFromClosed() {
        Chan<String> ch = Chan.make(2);
        assertThat(describe(ch.poll())).isEqualTo("not ready");
        ch.send("a");
        assertThat(describe(ch.poll())).isEqualTo("value a");
        assertThat(describe(ch.poll())).isEqualTo("not ready");
        ch.close();
        assertThat(describe(ch.poll())).isEqualTo("closed");
        assertThat(ch.tryRecv()).as("tryRecv is unchanged: null for both").isNull();
    }

    @Test
    void aClosedChannelGivesItsBufferedValuesInOrderBeforeClosed() {
        Chan<String> ch = Chan.make(3);
        ch.send("a");
        ch.send("b");
        ch.send("c");
        ch.close();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seen.add(describe(ch.poll()));
        }
        assertThat(seen).containsExactly("value a", "value b", "value c", "closed", "closed");
    }

    @Test
    void pollTakesFromAWaitingSenderOfAnUnbufferedChannelAndReleasesIt() {
        Chan<String> ch = Chan.make();
        AtomicBoolean sent = new AtomicBoolean();
        Goroutine sender = Go.go(() -> {
            ch.send("x");
            sent.set(true);
        });
        Await.until("sender blocked", LONG, () -> sender.state() == GoroutineState.WAITING);
        assertThat(describe(ch.poll())).isEqualTo("value x");
        assertThat(sender.join(LONG)).isTrue();
        assertThat(sent.get()).isTrue();
        assertThat(describe(ch.poll())).as("an unbuffered channel with no sender").isEqualTo("not ready");
    }

    @Test
    void pollOnAFullBufferWithAWaitingSenderKeepsFifo() {
        Chan<Integer> ch = Chan.make(1);
        ch.send(1);
        Goroutine sender = Go.go(() -> ch.send(2));
        Await.until("sender blocked", LONG, () -> sender.state() == GoroutineState.WAITING);
        assertThat(ch.poll()).isEqualTo(new Polled.Value<>(1));
        assertThat(sender.join(LONG)).isTrue();
        assertThat(ch.poll()).isEqualTo(new Polled.Value<>(2));
        assertThat(ch.poll()).isInstanceOf(Polled.NotReady.class);
    }

    @Test
    void theOutcomesWithoutAValueAreSharedInstances() {
        Chan<String> open = Chan.make();
        Chan<Integer> closed = Chan.make();
        closed.close();
        Chan<String> otherClosed = Chan.make(1);
        otherClosed.close();
        assertThat(open.poll()).isSameAs(open.poll()).isSameAs(Chan.make().poll())
                .isEqualTo(new Polled.NotReady<>());
        assertThat(closed.poll()).isSameAs(closed.recvOk()).isSameAs(otherClosed.recvOk())
                .isEqualTo(new Polled.Closed<>());
    }

    @Test
    void recvOkBlocksForAValueAndSaysClosedOnceClosedAndDrained() {
        Chan<String> ch = Chan.make(1);
        CompletableFuture<String> got = new CompletableFuture<>();
        Goroutine r = Go.go(() -> got.complete(describe(ch.recvOk())));
        Await.until("receiver blocked", LONG, () -> r.state() == GoroutineState.WAITING);
        assertThat(r.waitReason()).isEqualTo("chan receive");
        ch.send("v");
        assertThat(got.join()).isEqualTo("value v");

        ch.send("last");
        ch.close();
        assertThat(describe(ch.recvOk())).as("a buffered value survives the close").isEqualTo("value last");
        assertThat(describe(ch.recvOk())).isEqualTo("closed");
    }

    @Test
    void aReceiverBlockedInRecvOkIsWokenByCloseWithClosed() {
        Chan<String> ch = Chan.make();
        CompletableFuture<String> got = new CompletableFuture<>();
        Goroutine r = Go.go(() -> got.complete(describe(ch.recvOk())));
        Await.until("receiver blocked", LONG, () -> r.state() == GoroutineState.WAITING);
        ch.close();
        assertThat(got.join()).isEqualTo("closed");
    }

    @Test
    void recvOkDrivesAGoStyleReceiveLoop() {
        Chan<Integer> ch = Chan.make(4);
        Go.go(() -> {
            for (int i = 1; i <= 100; i++) {
                ch.send(i);
            }
            ch.close();
        });
        int sum = 0;
        while (ch.recvOk() instanceof Polled.Value<Integer>(var v)) {
            sum += v;
        }
        assertThat(sum).isEqualTo(5050);
    }
}
