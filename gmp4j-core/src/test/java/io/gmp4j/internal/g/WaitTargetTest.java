package io.gmp4j.internal.g;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A wait target's description: what a leak report says the goroutine waited on, after the primitive is gone. */
class WaitTargetTest {
    private static final StackTraceElement SITE = new StackTraceElement("com.example.Fetcher", "start", "Fetcher.java", 31);

    @Test
    void channelsReadLikeChanToStringWithTheirSiteWhenCaptured() {
        Object chan = new Object();
        assertThat(WaitTarget.channel(chan, 7, 0, null).describe()).isEqualTo("chan#7 (cap 0)");
        assertThat(WaitTarget.channel(chan, 7, 4, SITE).describe())
                .isEqualTo("chan#7 (cap 4, made at com.example.Fetcher.start(Fetcher.java:31))");
    }

    @Test
    void aSelectListsItsChannels() {
        WaitTarget a = WaitTarget.channel(new Object(), 1, 0, null);
        WaitTarget b = WaitTarget.channel(new Object(), 2, 1, null);
        assertThat(WaitTarget.select(List.of(), new WaitTarget[]{a, b}).describe()).isEqualTo("select on chan#1 (cap 0), chan#2 (cap 1)");
        assertThat(WaitTarget.select(List.of(), new WaitTarget[0]).describe()).isEqualTo("select with no channels");
    }

    @Test
    void otherPrimitivesByKindIdentityDetailAndSite() {
        Object wg = new Object();
        String hex = Long.toHexString(System.identityHashCode(wg));
        assertThat(WaitTarget.of(wg, "sync.WaitGroup", null, null).describe()).isEqualTo("sync.WaitGroup@" + hex);
        assertThat(WaitTarget.of(wg, "sync.Semaphore", "size 3", SITE).describe())
                .isEqualTo("sync.Semaphore@" + hex + " (size 3, made at com.example.Fetcher.start(Fetcher.java:31))");
    }

    @Test
    void theDescriptionOutlivesThePrimitiveWhichIsHeldOnlyWeakly() {
        WaitTarget t = WaitTarget.channel(new Object(), 9, 0, SITE);
        t.enqueue(); // clears the referent as the GC would, without depending on when it runs
        assertThat(t.get()).isNull();
        assertThat(t.describe()).isEqualTo("chan#9 (cap 0, made at com.example.Fetcher.start(Fetcher.java:31))");
    }

    @Test
    void aContextsDoneChannelIsDescribedByItsContextAndASelectListsItsContexts() {
        WaitTarget t = WaitTarget.channel(new Object(), 3, 0, null, new ForeignContext("com.example.RequestContext"));
        assertThat(t.describe()).isEqualTo("ctx.Done() of com.example.RequestContext (chan#3)");
        assertThat(t.contexts()).extracting(io.gmp4j.spi.ContextDescription::kind).containsExactly("com.example.RequestContext");
        WaitTarget plain = WaitTarget.channel(new Object(), 4, 0, null);
        assertThat(plain.contexts()).isEmpty();
        WaitTarget select = WaitTarget.select(List.of(), new WaitTarget[]{plain, t});
        assertThat(select.describe()).isEqualTo("select on chan#4 (cap 0), ctx.Done() of com.example.RequestContext (chan#3)");
        assertThat(select.contexts()).containsExactly(t.contexts().getFirst());
    }
}
