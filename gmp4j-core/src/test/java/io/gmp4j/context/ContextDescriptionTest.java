package io.gmp4j.context;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Select;
import io.gmp4j.internal.g.G;
import io.gmp4j.spi.ContextDescription;
import io.gmp4j.spi.GoroutineRecord;
import io.gmp4j.spi.WaitDescription;
import io.gmp4j.testing.Await;
import io.gmp4j.spi.GoText;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What goroutine records say about contexts: the wait target of {@code ctx.done()} describes its
 * context, {@code Go.go(ctx, ...)} records the context it was started with, and neither keeps a
 * leaked goroutine reachable.
 */
class ContextDescriptionTest {
    private static final Duration LONG = Duration.ofSeconds(10);
    /** Go's time.Time.String() in UTC, then the time left: {@code 2026-12-02 17:00:00.5 +0000 UTC [59m59.998s]}. */
    private static final String GO_DEADLINE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})? \\+0000 UTC \\[[0-9hms.]+\\]";

    private static GoroutineRecord blockedIn(Goroutine g, String reason) {
        Await.until(g + " blocks in " + reason, LONG, () -> g.state() == GoroutineState.WAITING && reason.equals(g.waitReason()));
        return (GoroutineRecord) g;
    }

    @Test
    void goTextIsGosTimeAndDurationText() {
        assertThat(GoText.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoText.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoText.duration(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(GoText.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoText.duration(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(GoText.duration(Duration.ofHours(26).plusMillis(5))).isEqualTo("26h0m0.005s");
        assertThat(GoText.duration(Duration.ofNanos(1_500_000))).isEqualTo("1.5ms");
        assertThat(GoText.duration(Duration.ofNanos(2_050))).isEqualTo("2.05µs");
        assertThat(GoText.duration(Duration.ofNanos(999))).isEqualTo("999ns");
        assertThat(GoText.duration(Duration.ofMillis(-250))).isEqualTo("-250ms");
        assertThat(GoText.duration(Duration.ofSeconds(-61, -100_000_000))).isEqualTo("-1m1.1s");
        assertThat(GoText.time(Instant.parse("2026-12-02T17:00:00Z"))).isEqualTo("2026-12-02 17:00:00 +0000 UTC");
        assertThat(GoText.time(Instant.parse("2026-12-02T17:00:00.500Z"))).isEqualTo("2026-12-02 17:00:00.5 +0000 UTC");
        assertThat(GoText.time(Instant.parse("2026-12-02T17:00:00.000000007Z"))).isEqualTo("2026-12-02 17:00:00.000000007 +0000 UTC");
    }

    @Test
    void theDoneChannelOfATimeoutContextIsDescribedByItsContextWhileTheWaitReasonStaysGos() {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1));
        Goroutine g = Go.go(() -> ctx.done().recv());
        GoroutineRecord r = blockedIn(g, "chan receive");
        WaitDescription w = r.waitDescription();
        assertThat(w).isNotNull();
        assertThat(w.contexts()).hasSize(1);
        ContextDescription d = w.contexts().getFirst();
        assertThat(d.kind()).isEqualTo("WithTimeout");
        assertThat(d.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(d.deadline()).isEqualTo(ctx.deadline().orElseThrow());
        assertThat(d.err()).isNull();
        assertThat(d.cause()).isNull();
        assertThat(d.describe()).matches("context\\.Background\\.WithDeadline\\(" + GO_DEADLINE + "\\)")
                .contains(GoText.time(ctx.deadline().orElseThrow()));
        assertThat(d.details()).isEqualTo("timeout 1h0m0s"); // no site: creation sites are captured in stack mode only
        assertThat(w.describe()).matches(Pattern.quote("ctx.Done() of ") + "context\\.Background\\.WithDeadline\\(" + GO_DEADLINE
                + "\\) \\(chan#\\d+, timeout 1h0m0s\\)");
        assertThat(ctx.toString()).as("toString is Go's String()").matches("context\\.Background\\.WithDeadline\\(" + GO_DEADLINE + "\\)");
        ctx.cancel();
        assertThat(g.join(LONG)).isTrue();
    }

    @Test
    void aSelectWithCtxDoneAmongItsCasesNamesTheContextForThatCase() {
        CancelableContext ctx = Context.withDeadline(Context.background(), Instant.now().plus(Duration.ofHours(2)));
        Chan<Integer> work = Chan.make();
        Goroutine g = Go.go(() -> Select.create().recv(work, v -> { }).recv(ctx.done(), v -> { }).select());
        WaitDescription w = blockedIn(g, "select").waitDescription();
        assertThat(w).isNotNull();
        assertThat(w.contexts()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("WithDeadline");
            assertThat(d.timeout()).isNull();
            assertThat(d.deadline()).isEqualTo(ctx.deadline().orElseThrow());
        });
        assertThat(w.describe()).startsWith("select on ")
                .contains("chan#" + work.id() + " (cap 0)", "ctx.Done() of context.Background.WithDeadline(");
        ctx.cancel();
        assertThat(g.join(LONG)).isTrue();
    }

    @Test
    void goWithANameAndAContextNamesTheGoroutineAndRecordsTheContextWithItsCauseOnceCancelled() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Integer> release = Chan.make();
        AtomicReference<Context> seen = new AtomicReference<>();
        Goroutine g = Go.go("bound-worker", ctx, c -> {
            seen.set(c);
            release.recv();
        });
        GoroutineRecord r = blockedIn(g, "chan receive");
        assertThat(g.name()).isEqualTo("bound-worker");
        assertThat(r.boundContext()).isSameAs(ctx);
        ContextDescription d = r.contextDescription();
        assertThat(d).isNotNull();
        assertThat(d.kind()).isEqualTo("WithCancel");
        assertThat(d.describe()).isEqualTo("context.Background.WithCancel");
        assertThat(d.err()).isNull();
        assertThat(d.details()).isEmpty();
        assertThat(r.waitDescription().contexts()).as("it waits on another channel").isEmpty();

        ctx.cancel(new IOException("client gone"));
        assertThat(d.err()).isEqualTo("context canceled");
        assertThat(d.cause()).isInstanceOf(IOException.class).hasMessage("client gone");
        assertThat(d.details()).isEqualTo("err: context canceled, cause: java.io.IOException: client gone");
        assertThat(d.summary()).isEqualTo("context.Background.WithCancel (err: context canceled, cause: java.io.IOException: client gone)");
        release.send(1);
        assertThat(g.join(LONG)).isTrue();
        assertThat(seen.get()).isSameAs(ctx);
    }

    @Test
    void aContextThatEndsByItsDeadlineHasNoCauseBeyondItsError() {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1));
        Goroutine g = Go.go("times-out", ctx, c -> c.done().recv());
        assertThat(g.join(LONG)).isTrue();
        ContextDescription d = ((GoroutineRecord) g).contextDescription();
        assertThat(d.err()).isEqualTo("context deadline exceeded");
        assertThat(d.cause()).isNull();
        assertThat(d.details()).isEqualTo("timeout 1ms, err: context deadline exceeded");
        assertThat(d.describe()).contains("[-"); // its deadline has passed
    }

    @Test
    void goroutinesStartedWithAContextFromTwoPlacesShowTheirOwnCreationSites() {
        Context ctx = Context.background();
        Goroutine a = Go.go("a", ctx, c -> { });
        Goroutine b = Go.go("b", ctx, c -> { });
        Goroutine c = Go.go(ctx, x -> { });
        a.join();
        b.join();
        c.join();
        StackTraceElement siteA = a.creationSite().caller();
        StackTraceElement siteB = b.creationSite().caller();
        StackTraceElement siteC = c.creationSite().caller();
        assertThat(siteA).isNotNull();
        assertThat(siteA.getMethodName()).isEqualTo("goroutinesStartedWithAContextFromTwoPlacesShowTheirOwnCreationSites");
        assertThat(siteB.getLineNumber()).isEqualTo(siteA.getLineNumber() + 1);
        assertThat(siteC.getLineNumber()).isEqualTo(siteA.getLineNumber() + 2);
    }

    @Test
    void goWithLabelsAddsThemToTheContextItsBodyReceivesAndToTheGoroutine() {
        Context ctx = Labels.with(Context.background(), "route", "/api", "tier", "web");
        AtomicReference<Context> seen = new AtomicReference<>();
        Goroutine g = Go.go("handler", ctx, Map.of("tier", "db", "job", "7"), seen::set);
        g.join();
        assertThat(g.name()).isEqualTo("handler");
        assertThat(g.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("route", "/api", "tier", "db", "job", "7"));
        assertThat(Labels.of(seen.get())).containsExactlyInAnyOrderEntriesOf(Map.of("route", "/api", "tier", "db", "job", "7"));
        assertThat(((GoroutineRecord) g).boundContext()).isSameAs(seen.get());
        assertThat(((GoroutineRecord) g).contextDescription().describe())
                .startsWith("context.Background.WithValue(gmp4j.labels, {").contains("job=7");
        assertThat(((GoroutineRecord) g).contextDescription().kind()).isEqualTo("WithValue");

        assertThatThrownBy(() -> Go.go(null, ctx, c -> { })).isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> Go.go("x", (Context) null, c -> { })).isInstanceOf(NullPointerException.class).hasMessageContaining("ctx");
        assertThatThrownBy(() -> Go.go("x", ctx, (Map<String, String>) null, c -> { })).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Go.go("x", ctx, Map.of(), null)).isInstanceOf(NullPointerException.class).hasMessageContaining("body");
    }

    private record Session(String user) {
    }

    private enum Tier { GOLD }

    @Test
    void descriptionsFollowGosStringThroughValuesAndDetachedContexts() {
        Context.Key<String> user = Context.Key.named("user");
        Context.Key<Session> session = Context.Key.named("session");
        Context.Key<Tier> tier = Context.Key.named("tier");
        CancelableContext c = Context.withCancel(Context.withValue(Context.withValue(
                Context.withValue(Context.background(), user, "alice"), session, new Session("s1")), tier, Tier.GOLD));
        assertThat(c).hasToString("context.Background.WithValue(user, alice).WithValue(session, "
                + Session.class.getName() + ").WithValue(tier, GOLD).WithCancel");
        Context detached = Context.withoutCancel(c);
        ContextDescription d = ContextTrace.of(detached);
        assertThat(d.kind()).isEqualTo("WithoutCancel");
        assertThat(d.describe()).endsWith(".WithValue(tier, GOLD).WithCancel.WithoutCancel");
        c.cancel();
        assertThat(d.err()).as("a detached context never ends").isNull();
        assertThat(ContextTrace.of(Context.withValue(c, user, "bob")).err()).as("a value context ends with its parent").isEqualTo("context canceled");
        assertThat(ContextTrace.of(Context.todo()).describe()).isEqualTo("context.TODO");
        CancelableContext deadlineUnderDetached = Context.withTimeout(detached, Duration.ofMinutes(5));
        assertThat(ContextTrace.of(Context.withCancel(deadlineUnderDetached)).deadline()).isEqualTo(deadlineUnderDetached.deadline().orElseThrow());
        assertThat(ContextTrace.of(Context.withCancel(detached)).deadline()).isNull();
        deadlineUnderDetached.cancel();
    }

    @Test
    void aDeepChainIsDescribedFromItsLastLinksWithoutOverflowingTheStack() {
        Context c = Context.background();
        for (int i = 0; i < 100_000; i++) {
            c = i % 2 == 0 ? Context.withValue(c, Context.Key.named("k"), i) : Context.withCancel(c);
        }
        ContextDescription d = ContextTrace.of(c);
        String s = d.describe();
        assertThat(s).startsWith("….").endsWith(".WithCancel");
        assertThat(s.split("\\.With", -1)).hasSize(ContextTrace.SHOWN + 1);
        assertThat(d.deadline()).isNull();
        assertThat(d.err()).isNull();
    }

    /** In its own frame, so that nothing of the test's keeps the context or the goroutine's thread. */
    private static Goroutine leakOnTheDoneChannelOfADroppedContext(AtomicReference<WeakReference<Object>> ctxRef) {
        CancelableContext ctx = Context.withCancel(Context.background()); // Go's "lost cancel"
        ctxRef.set(new WeakReference<>(ctx));
        return Go.go("leaks-on-done", ctx, c -> c.done().recv());
    }

    @Test
    void theDescriptionsKeepNeitherTheContextNorTheLeakedGoroutineReachable() {
        AtomicReference<WeakReference<Object>> ctxRef = new AtomicReference<>();
        Goroutine g = leakOnTheDoneChannelOfADroppedContext(ctxRef);
        GoroutineRecord r = blockedIn(g, "chan receive");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (((G) g).get() != null || ctxRef.get().get() != null) {
            assertThat(System.nanoTime() - deadline).as("the leaked goroutine's thread and its context are collected").isNegative();
            System.gc();
            LockSupport.parkNanos(20_000_000);
        }
        // The record still says what it was started with and waited on.
        assertThat(r.contextDescription().kind()).isEqualTo("WithCancel");
        assertThat(r.waitDescription().contexts()).singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo("WithCancel"));
        assertThat(r.waitDescription().describe()).matches("ctx\\.Done\\(\\) of context\\.Background\\.WithCancel \\(chan#\\d+\\)");
    }

    @Test
    void aWaitOnADoneChannelOfAContextThatNeverEndsNamesThatContext() {
        Context never = Context.withoutCancel(Context.background());
        RecvChanHolder h = new RecvChanHolder(never);
        Goroutine g = Go.go(() -> h.done.recv());
        WaitDescription w = blockedIn(g, "chan receive").waitDescription();
        assertThat(w.describe()).matches("ctx\\.Done\\(\\) of context\\.Background\\.WithoutCancel \\(chan#\\d+\\)");
        assertThat(w.contexts()).singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo("WithoutCancel"));
        ((Chan<Void>) h.done).close();
        assertThat(g.join(LONG)).isTrue();
    }

    /** Keeps one done channel of a context that never ends, so that the test can release its waiter. */
    private static final class RecvChanHolder {
        final io.gmp4j.RecvChan<Void> done;

        RecvChanHolder(Context c) {
            done = c.done();
        }
    }
}
