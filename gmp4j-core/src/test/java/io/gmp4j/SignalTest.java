package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.gmp4j.Signal.SIGNAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's {@code chan struct{}}: signal channels in select, range and as a close broadcast. */
class SignalTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    @Test
    void factoriesMakeSignalChannelsOfTheGivenCapacity() {
        Chan<Signal> unbuffered = Chan.signals();
        Chan<Signal> buffered = Chan.signals(3);
        assertThat(unbuffered.cap()).isZero();
        assertThat(buffered.cap()).isEqualTo(3);
        assertThat(buffered.trySend(SIGNAL)).isTrue();
        assertThat(buffered.tryRecv()).isSameAs(SIGNAL);
        assertThat(unbuffered.trySend(SIGNAL)).as("unbuffered: no receiver waits").isFalse();
        assertThatThrownBy(() -> Chan.signals(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void aSignalIsReceivedInSelectAsTheSignalNotAsAClose() {
        Chan<Integer> work = Chan.make();
        Chan<Signal> quit = Chan.signals();
        AtomicReference<String> how = new AtomicReference<>();
        Goroutine g = Go.go(() -> Select.create()
                .recv(work, v -> how.set("work " + v))
                .recv(quit, s -> how.set("quit " + s))
                .select());
        Await.until("blocked in select", LONG, () -> g.state() == GoroutineState.WAITING);
        quit.send(SIGNAL); // unbuffered: returns once the select took it
        assertThat(g.join(LONG)).isTrue();
        assertThat(how.get()).isEqualTo("quit SIGNAL");
    }

    @Test
    void aSelectCanSendASignal() {
        Chan<Signal> ready = Chan.signals(1);
        Chan<Integer> never = Chan.make();
        int chosen = Select.create().recv(never, v -> { }).send(ready, SIGNAL, () -> { }).select();
        assertThat(chosen).isEqualTo(1);
        assertThat(ready.tryRecv()).isSameAs(SIGNAL);
    }

    @Test
    void rangeReceivesEverySignalUntilTheClose() {
        Chan<Signal> events = Chan.signals();
        int n = 50;
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                events.send(SIGNAL);
            }
            events.close();
        });
        int count = 0;
        for (Signal s : events) {
            assertThat(s).isSameAs(SIGNAL);
            count++;
        }
        assertThat(count).isEqualTo(n);
    }

    @Test
    void closeWakesEveryWaiterAtOnceAndEachSeesTheCloseNotASignal() {
        Chan<Signal> quit = Chan.signals();
        int n = 8;
        List<Goroutine> waiters = new ArrayList<>();
        List<CompletableFuture<String>> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<String> f = new CompletableFuture<>();
            seen.add(f);
            if (i % 2 == 0) {
                waiters.add(Go.go(() -> f.complete(String.valueOf(quit.recv()))));
            } else {
                waiters.add(Go.go(() -> Select.create()
                        .recv(quit, s -> f.complete(String.valueOf(s)))
                        .recv(Chan.<Integer>make(), v -> f.complete("other"))
                        .select()));
            }
        }
        Await.until("all waiting", LONG, () -> waiters.stream().allMatch(g -> g.state() == GoroutineState.WAITING));
        quit.close();
        for (Goroutine g : waiters) {
            assertThat(g.join(LONG)).isTrue();
        }
        for (CompletableFuture<String> f : seen) {
            assertThat(f.join()).as("a closed signal channel gives null (ok == false), not SIGNAL").isEqualTo("null");
        }
        assertThat(quit.recvOk()).as("and later receivers see the close at once").isInstanceOf(Polled.Closed.class);
    }

    @Test
    void aBufferedSignalChannelIsACountingSemaphore() {
        int limit = 3;
        Chan<Signal> tokens = Chan.signals(limit);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Chan<Signal> release = Chan.signals();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            gs.add(Go.go(() -> {
                tokens.send(SIGNAL);                // acquire
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                release.recv();
                inside.decrementAndGet();
                tokens.recv();                      // release
            }));
        }
        Await.until("the limit reached", LONG, () -> inside.get() == limit);
        for (int i = 0; i < gs.size(); i++) {
            release.send(SIGNAL);
        }
        for (Goroutine g : gs) {
            assertThat(g.join(LONG)).isTrue();
        }
        assertThat(most.get()).isEqualTo(limit);
    }
}
