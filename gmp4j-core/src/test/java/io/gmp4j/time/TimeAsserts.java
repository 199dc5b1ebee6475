package io.gmp4j.time;

import io.gmp4j.RecvChan;
import io.gmp4j.testing.Await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Receives with a deadline and checks that nothing arrives during a window (no bare sleeps). */
final class TimeAsserts {
    static final Duration LONG = Duration.ofSeconds(10);

    private TimeAsserts() {
    }

    /** The next value of ch, failing if none arrives within {@link #LONG}. */
    static <T> T recvWithin(RecvChan<T> ch) {
        AtomicReference<T> got = new AtomicReference<>();
        Await.until("a value on " + ch, LONG, () -> {
            T v = ch.tryRecv();
            got.set(v);
            return v != null;
        });
        return got.get();
    }

    /** Polls ch for the whole window and fails on the first value seen. */
    static void assertNothingArrives(RecvChan<?> ch, Duration window) {
        long end = System.nanoTime() + window.toNanos();
        do {
            assertThat(ch.tryRecv()).as("value on " + ch).isNull();
            LockSupport.parkNanos(1_000_000);
        } while (System.nanoTime() - end < 0);
        assertThat(ch.tryRecv()).as("value on " + ch).isNull();
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
