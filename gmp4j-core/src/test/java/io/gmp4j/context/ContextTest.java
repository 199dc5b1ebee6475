package io.gmp4j.context;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Select;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's context behaviours, in our own words. */
class ContextTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    @Test
    void backgroundAndTodoNeverEnd() {
        for (Context c : List.of(Context.background(), Context.todo())) {
            assertThat(c.err()).isNull();
            assertThat(c.cause()).isNull();
            assertThat(c.deadline()).isEmpty();
            assertThat(c.done().tryRecv()).isNull();
            assertThat(c.done().isClosed()).isFalse();
        }
        assertThat(Context.background()).hasToString("context.Background");
    }

    @Test
    void cancelClosesDoneSetsErrAndReachesDescendantsAtOnce() {
        CancelableContext root = Context.withCancel(Context.background());
        CancelableContext child = Context.withCancel(root);
        Context value = Context.withValue(child, Context.Key.named("k"), "v");
        CancelableContext grandchild = Context.withCancel(value);
        assertThat(grandchild.err()).isNull();
        root.cancel();
        for (Context c : List.of(root, child, value, grandchild)) {
            assertThat(c.err()).isSameAs(Context.CANCELED);
            assertThat(c.done().isClosed()).isTrue();
            assertThat(c.done().recv()).isNull();
        }
        root.cancel(); // idempotent
        assertThat(root.err()).isSameAs(Context.CANCELED);
    }

    @Test
    void cancellingAChildLeavesTheParentAliveAndDropsTheChild() {
        CancelableContext parent = Context.withCancel(Context.background());
        CancelableContext child = Context.withCancel(parent);
        CancelableContext other = Context.withCancel(parent);
        assertThat(((CancelContext) parent).childCount()).isEqualTo(2);
        child.cancel();
        assertThat(parent.err()).isNull();
        assertThat(other.err()).isNull();
        assertThat(((CancelContext) parent).childCount()).as("a cancelled child is dropped").isEqualTo(1);
        parent.cancel();
        assertThat(other.err()).isSameAs(Context.CANCELED);
    }

    @Test
    void aChildOfAnEndedParentIsBornEnded() {
        CancelableContext parent = Context.withCancel(Context.background());
        parent.cancel(new IllegalStateException("shutdown"));
        CancelableContext child = Context.withCancel(parent);
        assertThat(child.err()).isSameAs(Context.CANCELED);
        assertThat(child.cause()).isInstanceOf(IllegalStateException.class).hasMessage("shutdown");
    }

    @Test
    void causeIsTheGivenCauseElseTheError() {
        CancelableContext a = Context.withCancel(Context.background());
        assertThat(a.cause()).isNull();
        a.cancel();
        assertThat(a.cause()).isSameAs(Context.CANCELED);

        CancelableContext b = Context.withCancel(Context.background());
        CancelableContext bChild = Context.withCancel(b);
        RuntimeException why = new RuntimeException("upstream failed");
        b.cancel(why);
        b.cancel(new RuntimeException("later")); // the first cause stays
        assertThat(b.err()).isSameAs(Context.CANCELED);
        assertThat(b.cause()).isSameAs(why);
        assertThat(bChild.cause()).as("descendants get the cause").isSameAs(why);
    }

    @Test
    void timeoutEndsWithDeadlineExceeded() {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30));
        assertThat(ctx.deadline()).isPresent();
        assertThat(ctx.done().recv()).isNull(); // blocks until the deadline
        assertThat(ctx.err()).isSameAs(Context.DEADLINE_EXCEEDED);
        assertThat(ctx.cause()).isSameAs(Context.DEADLINE_EXCEEDED);
    }

    @Test
    void aDeadlineInThePastEndsAtOnce() {
        CancelableContext ctx = Context.withDeadline(Context.background(), Instant.now().minusSeconds(1));
        assertThat(ctx.err()).isSameAs(Context.DEADLINE_EXCEEDED);
    }

    @Test
    void aChildWithALaterDeadlineEndsWithItsParent() {
        CancelableContext parent = Context.withTimeout(Context.background(), Duration.ofMillis(40));
        CancelableContext child = Context.withTimeout(parent, Duration.ofHours(1));
        assertThat(child.deadline()).isEqualTo(parent.deadline());
        assertThat(child.done().recv()).isNull();
        assertThat(child.err()).isSameAs(Context.DEADLINE_EXCEEDED);
    }

    @Test
    void anEarlierChildDeadlineWins() {
        CancelableContext parent = Context.withTimeout(Context.background(), Duration.ofHours(1));
        CancelableContext child = Context.withTimeout(parent, Duration.ofMillis(20));
        assertThat(child.deadline().orElseThrow()).isBefore(parent.deadline().orElseThrow());
        child.done().recv();
        assertThat(child.err()).isSameAs(Context.DEADLINE_EXCEEDED);
        assertThat(parent.err()).isNull();
        parent.cancel();
    }

    @Test
    void valuesAreFoundUpTheChainAndShadowed() {
        Context.Key<String> user = Context.Key.named("user");
        Context.Key<String> sameName = Context.Key.named("user");
        Context a = Context.withValue(Context.background(), user, "alice");
        CancelableContext b = Context.withCancel(a);
        Context c = Context.withValue(b, user, "bob");
        assertThat(a.value(user)).isEqualTo("alice");
        assertThat(b.value(user)).isEqualTo("alice");
        assertThat(c.value(user)).isEqualTo("bob");
        assertThat(c.value(sameName)).as("keys compare by identity").isNull();
        assertThat(Context.background().value(user)).isNull();
        b.cancel();
    }

    @Test
    void withoutCancelKeepsValuesButNeverEnds() {
        Context.Key<Integer> k = Context.Key.named("k");
        CancelableContext parent = Context.withTimeout(Context.withValue(Context.background(), k, 7), Duration.ofHours(1));
        Context detached = Context.withoutCancel(parent);
        CancelableContext underDetached = Context.withCancel(detached);
        parent.cancel();
        assertThat(detached.err()).isNull();
        assertThat(detached.deadline()).isEmpty();
        assertThat(detached.value(k)).isEqualTo(7);
        assertThat(underDetached.err()).isNull();
        underDetached.cancel();
    }

    @Test
    void afterFuncRunsOnceInItsOwnGoroutineWhenTheContextEnds() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        CompletableFuture<Long> ranIn = new CompletableFuture<>();
        AtomicInteger runs = new AtomicInteger();
        AfterFunc h = Context.afterFunc(ctx, () -> {
            runs.incrementAndGet();
            ranIn.complete(Go.current().map(Goroutine::id).orElse(-1L));
        });
        ctx.cancel();
        ctx.cancel();
        assertThat(ranIn.get()).isPositive();
        assertThat(h.stop()).as("already started").isFalse();
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void afterFuncStoppedInTimeNeverRuns() {
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicInteger runs = new AtomicInteger();
        AfterFunc h = Context.afterFunc(ctx, runs::incrementAndGet);
        assertThat(h.stop()).isTrue();
        assertThat(h.stop()).isFalse();
        assertThat(((CancelContext) ctx).childCount()).isZero();
        ctx.cancel();
        Goroutine probe = Go.go(() -> { });
        probe.join();
        assertThat(runs.get()).isZero();
    }

    @Test
    void afterFuncOnAnEndedContextRunsAtOnce() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        Context.afterFunc(ctx, () -> ran.complete(true));
        assertThat(ran.get()).isTrue();
    }

    @Test
    void doneWorksInSelect() {
        CancelableContext ctx = Context.withCancel(Context.background());
        io.gmp4j.Chan<Integer> work = io.gmp4j.Chan.make();
        AtomicReference<String> how = new AtomicReference<>();
        Goroutine g = Go.go(() -> Select.create()
                .recv(work, v -> how.set("work"))
                .recv(ctx.done(), v -> how.set("cancelled: " + ctx.err().getMessage()))
                .select());
        Await.until("blocked in select", LONG, () -> g.state() == GoroutineState.WAITING);
        ctx.cancel();
        assertThat(g.join(LONG)).isTrue();
        assertThat(how.get()).isEqualTo("cancelled: context canceled");
    }

    @Test
    void errPrintsGoTextWithoutTheClassName() {
        CancelableContext cancelled = Context.withCancel(Context.background());
        cancelled.cancel(new IllegalStateException("shutting down"));
        assertThat("stopped: " + cancelled.err()).isEqualTo("stopped: context canceled");
        assertThat(String.valueOf(cancelled.cause())).as("the cause is separate, as Go's context.Cause")
                .isEqualTo("java.lang.IllegalStateException: shutting down");

        CancelableContext late = Context.withDeadline(Context.background(), Instant.now().minusSeconds(1));
        assertThat("stopped: " + late.err()).isEqualTo("stopped: context deadline exceeded");
        assertThat(Context.CANCELED).hasToString("context canceled").hasMessage("context canceled");
        assertThat(Context.DEADLINE_EXCEEDED).hasToString("context deadline exceeded")
                .hasMessage("context deadline exceeded");
    }

    @Test
    void goWithAContextCarriesItsLabelsAndTheContext() {
        CancelableContext ctx = Context.withCancel(Labels.with(Context.background(), "route", "/api", "tier", "web"));
        Context narrower = Labels.with(ctx, "tier", "db");
        AtomicReference<Context> seen = new AtomicReference<>();
        Goroutine g = Go.go(narrower, seen::set);
        g.join();
        assertThat(seen.get()).isSameAs(narrower);
        assertThat(g.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("route", "/api", "tier", "db"));
        assertThat(((io.gmp4j.internal.g.G) g).boundContext()).isSameAs(narrower);
        assertThatThrownBy(() -> Labels.with(ctx, "odd")).isInstanceOf(IllegalArgumentException.class);
        ctx.cancel();
    }

    @Test
    void aCancelTreeOf100000ContextsReachesEveryLeaf() {
        CancelableContext root = Context.withCancel(Context.background());
        List<Context> leaves = new ArrayList<>();
        // A wide part (fan-out 10, 4 levels: 11,110 contexts) and a deep chain (88,890 contexts).
        List<Context> level = List.of(root);
        int made = 1;
        for (int depth = 0; depth < 4; depth++) {
            List<Context> next = new ArrayList<>();
            for (Context p : level) {
                for (int i = 0; i < 10; i++) {
                    next.add(Context.withCancel(p));
                    made++;
                }
            }
            level = next;
        }
        leaves.addAll(level);
        Context deep = root;
        while (made < 100_000) {
            deep = (made % 3 == 0) ? Context.withValue(deep, Context.Key.named("d"), made) : Context.withCancel(deep);
            made++;
        }
        leaves.add(deep);
        root.cancel();
        assertThat(leaves).allSatisfy(c -> assertThat(c.err()).isSameAs(Context.CANCELED));
        assertThat(deep.done().isClosed()).isTrue();
    }

    @Test
    void aForgottenChildOfBackgroundAndACancelledChildOfALiveParentAreCollectable() {
        WeakReference<Context> forgotten = new WeakReference<>(Context.withCancel(Context.background()));
        WeakReference<Context> forgottenDetached = new WeakReference<>(Context.withoutCancel(Context.withValue(Context.todo(), Context.Key.named("x"), 1)));
        CancelableContext live = Context.withCancel(Context.background());
        CancelableContext cancelled = Context.withCancel(live);
        cancelled.cancel();
        WeakReference<Context> cancelledRef = new WeakReference<>(cancelled);
        cancelled = null;
        Await.until("collected", LONG, () -> {
            System.gc();
            return forgotten.get() == null && forgottenDetached.get() == null && cancelledRef.get() == null;
        });
        assertThat(live.err()).isNull();
        assertThat(((CancelContext) live).childCount()).isZero();
        live.cancel();
    }

    @Test
    void aLiveParentRetainsAForgottenUncancelledChild() {
        // The control for the test above (and Go's "lost cancel" leak): registered children stay.
        CancelableContext live = Context.withCancel(Context.background());
        WeakReference<Context> child = new WeakReference<>(Context.withCancel(live));
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertThat(child.get()).isNotNull();
        live.cancel();
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> Context.withCancel(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Context.withValue(Context.background(), null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Context.withTimeout(Context.background(), null)).isInstanceOf(NullPointerException.class);
    }
}
