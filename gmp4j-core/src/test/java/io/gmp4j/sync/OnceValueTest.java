package io.gmp4j.sync;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Timeout(120) // a safety net: a lost wake-up fails instead of hanging the build
class OnceValueTest {
    static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void computesOnceAndEveryCallerGetsTheSameValue() {
        AtomicInteger calls = new AtomicInteger();
        OnceValue<Object> v = OnceValue.of(() -> {
            calls.incrementAndGet();
            return new Object();
        });
        Set<Object> seen = ConcurrentHashMap.newKeySet();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            gs.add(Go.go(() -> seen.add(v.get())));
        }
        gs.forEach(g -> assertThat(g.join(LONG)).isTrue());
        assertThat(calls).hasValue(1);
        assertThat(seen).hasSize(1);
        assertThat(v.get()).isSameAs(seen.iterator().next());
    }

    @Test
    void aNullValueIsCachedToo() {
        AtomicInteger calls = new AtomicInteger();
        OnceValue<String> v = OnceValue.of(() -> {
            calls.incrementAndGet();
            return null;
        });
        assertThat(v.get()).isNull();
        assertThat(v.get()).isNull();
        assertThat(calls).hasValue(1);
    }

    @Test
    void anExceptionIsCachedAndRethrownToEveryCaller() {
        AtomicInteger calls = new AtomicInteger();
        OnceValue<String> v = OnceValue.of(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad config #" + calls.get());
        });
        Throwable first = catchThrowable(v::get);
        Throwable second = catchThrowable(v::get);
        Throwable fromGoroutine = catchInGoroutine(v);
        assertThat(first).isInstanceOf(IllegalArgumentException.class).hasMessage("bad config #1");
        assertThat(second).isSameAs(first);
        assertThat(fromGoroutine).isSameAs(first);
        assertThat(calls).hasValue(1);
    }

    private static Throwable catchInGoroutine(OnceValue<String> v) {
        Throwable[] out = new Throwable[1];
        Goroutine g = Go.go(() -> out[0] = catchThrowable(v::get));
        assertThat(g.join(LONG)).isTrue();
        return out[0];
    }
}
