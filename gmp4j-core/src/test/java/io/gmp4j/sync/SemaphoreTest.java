package io.gmp4j.sync;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.context.CancelableContext;
import io.gmp4j.context.Context;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120) // a safety net: a lost wake-up fails instead of hanging the build
class SemaphoreTest {
    static final Duration LONG = Duration.ofSeconds(20);

    /** A goroutine acquiring n; what it threw (or null) goes to {@code thrown}. */
    private static Goroutine acquirer(Semaphore s, Context ctx, long n, AtomicReference<Throwable> thrown) {
        return Go.go(() -> {
            try {
                s.acquire(ctx, n);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
    }

    private static void awaitQueued(Semaphore s, int n) {
        Await.until(n + " queued on " + s, LONG, () -> s.queued() == n);
    }

    @Test
    void tryAcquireAndReleaseCountPermits() {
        Semaphore s = new Semaphore(5);
        assertThat(s.tryAcquire(3)).isTrue();
        assertThat(s.tryAcquire(3)).isFalse();
        assertThat(s.tryAcquire(2)).isTrue();
        assertThat(s.tryAcquire(0)).isTrue();
        assertThat(s.held()).isEqualTo(5);
        assertThatThrownBy(() -> s.release(6)).isInstanceOf(IllegalStateException.class)
                .hasMessage("semaphore: released more than held");
        assertThat(s.held()).as("unchanged by the failed release").isEqualTo(5);
        s.release(5);
        assertThatThrownBy(() -> s.release(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.tryAcquire(5)).isTrue();
    }

    @Test
    void acquireTakesFreePermitsAtOnceAndWaitsWithReasonSemacquire() {
        Semaphore s = new Semaphore(2);
        s.acquire(Context.background(), 2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = acquirer(s, Context.background(), 1, thrown);
        Await.until("blocked", LONG, () -> "semacquire".equals(g.waitReason()));
        assertThat(g.waitingOn()).containsSame(s);
        s.release(1);
        assertThat(g.join(LONG)).isTrue();
        assertThat(thrown.get()).isNull();
        assertThat(s.held()).isEqualTo(2);
    }

    @Test
    void aLargeWaiterAtTheHeadBlocksSmallerOnesBehindIt() {
        Semaphore s = new Semaphore(10);
        assertThat(s.tryAcquire(10)).isTrue();
        CancelableContext bigCtx = Context.withCancel(Context.background());
        AtomicReference<Throwable> bigErr = new AtomicReference<>();
        AtomicReference<Throwable> smallErr = new AtomicReference<>();
        Goroutine big = acquirer(s, bigCtx, 8, bigErr);
        awaitQueued(s, 1);
        Goroutine small = acquirer(s, Context.background(), 1, smallErr);
        awaitQueued(s, 2);

        s.release(2); // 2 free: the head (8) does not fit, so the small one must wait too
        assertThat(s.held()).isEqualTo(8);
        assertThat(s.queued()).isEqualTo(2);
        assertThat(s.tryAcquire(1)).as("tryAcquire does not overtake waiters").isFalse();

        bigCtx.cancel(); // the head leaves: the small one now fits and is granted
        assertThat(big.join(LONG)).isTrue();
        assertThat(small.join(LONG)).isTrue();
        assertThat(bigErr.get()).isSameAs(Context.CANCELED);
        assertThat(smallErr.get()).isNull();
        assertThat(s.held()).isEqualTo(9);
        s.release(9);
        assertThat(s.tryAcquire(10)).isTrue();
    }

    @Test
    void waitersAreServedInArrivalOrder() {
        Semaphore s = new Semaphore(1);
        assertThat(s.tryAcquire(1)).isTrue();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int id = i;
            gs.add(Go.go(() -> {
                s.acquire(Context.background(), 1);
                order.add(id);
                s.release(1); // hands the permit to the next in line
            }));
            awaitQueued(s, i + 1);
        }
        s.release(1);
        gs.forEach(g -> assertThat(g.join(LONG)).isTrue());
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(s.tryAcquire(1)).isTrue();
    }

    @Test
    void anAcquireCancelledByItsContextHoldsNoPermits() {
        Semaphore s = new Semaphore(5);
        assertThat(s.tryAcquire(3)).isTrue();
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = acquirer(s, ctx, 4, thrown);
        awaitQueued(s, 1);
        ctx.cancel();
        assertThat(g.join(LONG)).isTrue();
        assertThat(thrown.get()).isSameAs(Context.CANCELED);
        assertThat(s.queued()).isZero();
        s.release(3);
        assertThat(s.tryAcquire(5)).as("every permit is free again").isTrue();
    }

    @Test
    void aDeadlineEndsTheWaitWithDeadlineExceeded() {
        Semaphore s = new Semaphore(1);
        assertThat(s.tryAcquire(1)).isTrue();
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertThatThrownBy(() -> s.acquire(ctx, 1)).isSameAs(Context.DEADLINE_EXCEEDED);
        assertThat(s.queued()).isZero();
        s.release(1);
        assertThat(s.tryAcquire(1)).isTrue();
    }

    @Test
    void anEndedContextFailsEvenWhenPermitsAreFree() {
        Semaphore s = new Semaphore(3);
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertThatThrownBy(() -> s.acquire(ctx, 1)).isSameAs(Context.CANCELED);
        assertThat(s.held()).isZero();
    }

    @Test
    void aRequestLargerThanTheSizeWaitsForTheContextWithoutBlockingOthers() {
        Semaphore s = new Semaphore(3);
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = acquirer(s, ctx, 4, thrown);
        Await.until("blocked", LONG, () -> "semacquire".equals(g.waitReason()));
        assertThat(s.queued()).isZero();
        assertThat(s.tryAcquire(3)).isTrue();
        s.release(3);
        ctx.cancel();
        assertThat(g.join(LONG)).isTrue();
        assertThat(thrown.get()).isSameAs(Context.CANCELED);
        assertThat(s.held()).isZero();
    }

    @Test
    void anInterruptedAcquireThrowsHoldsNothingAndKeepsItsStatus() throws Exception {
        Semaphore s = new Semaphore(2);
        assertThat(s.tryAcquire(2)).isTrue();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                s.acquire(Context.background(), 1);
            } catch (Throwable e) {
                thrown.set(e);
                statusKept.set(Thread.currentThread().isInterrupted());
            }
        });
        awaitQueued(s, 1);
        t.interrupt();
        assertThat(t.join(LONG)).isTrue();
        assertThat(thrown.get()).isInstanceOf(GoroutineInterruptedException.class);
        assertThat(statusKept).isTrue();
        assertThat(s.queued()).isZero();
        s.release(2);
        assertThat(s.tryAcquire(2)).isTrue();
    }
}
