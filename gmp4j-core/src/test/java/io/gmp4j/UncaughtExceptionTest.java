package io.gmp4j;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

class UncaughtExceptionTest {

    @Test
    void escapingExceptionsReachTheHandlerAndTheSchedulerCarriesOn() throws Exception {
        CompletableFuture<Object[]> seen = new CompletableFuture<>();
        UncaughtGoroutineHandler previous = Go.setUncaughtHandler((g, e) -> seen.complete(new Object[]{g.id(), g.name(), e}));
        try {
            int threadsBefore = Scheduler.threads();
            Goroutine g = Go.go("boom", () -> {
                throw new IllegalStateException("kaput");
            });
            Object[] got = seen.get();
            g.join();
            assertThat(got[0]).isEqualTo(g.id());
            assertThat(got[1]).isEqualTo("boom");
            assertThat((Throwable) got[2]).isInstanceOf(IllegalStateException.class).hasMessage("kaput");
            assertThat(g.state()).isEqualTo(GoroutineState.DEAD);

            // The scheduler keeps running goroutines on the same carriers.
            LongAdder ran = new LongAdder();
            java.util.List<Goroutine> more = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                more.add(Go.go(ran::increment));
            }
            more.forEach(Goroutine::join);
            assertThat(ran.sum()).isEqualTo(1000);
            assertThat(Scheduler.threads()).isLessThanOrEqualTo(Math.max(threadsBefore, Scheduler.procs()) + 1);
        } finally {
            Go.setUncaughtHandler(previous);
        }
    }

    @Test
    void aFailingHandlerDoesNotBreakAnything() throws Exception {
        UncaughtGoroutineHandler previous = Go.setUncaughtHandler((g, e) -> {
            throw new RuntimeException("handler bug");
        });
        try {
            Goroutine g = Go.go(() -> {
                throw new IllegalArgumentException("first");
            });
            g.join();
            assertThat(g.state()).isEqualTo(GoroutineState.DEAD);
            CompletableFuture<Boolean> after = new CompletableFuture<>();
            Go.go(() -> after.complete(true));
            assertThat(after.get()).isTrue();
        } finally {
            Go.setUncaughtHandler(previous);
        }
    }

    @Test
    void defaultHandlerRendersGoPanicShape() {
        Goroutine g = Go.go("render-me", () -> { });
        g.join();
        String text = io.gmp4j.internal.g.Uncaught.render(g, new IllegalStateException("bad"));
        assertThat(text).startsWith("panic: java.lang.IllegalStateException: bad")
                .contains("goroutine " + g.id() + " [running] \"render-me\":")
                .contains("created by " + UncaughtExceptionTest.class.getName());
    }

    @Test
    void aContextErrorPanicsWithGoText() {
        Goroutine g = Go.go("ctx-panic", () -> { });
        g.join();
        String text = io.gmp4j.internal.g.Uncaught.render(g, io.gmp4j.context.Context.CANCELED);
        assertThat(text).startsWith("panic: context canceled" + System.lineSeparator());
    }
}
