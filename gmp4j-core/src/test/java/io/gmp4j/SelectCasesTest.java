package io.gmp4j;

import io.gmp4j.spi.GoroutineRecord;
import io.gmp4j.spi.Goroutines;
import io.gmp4j.spi.WaitDescription;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed form of select: case handles, values and ok, per-select send values, cases switched on and off. */
class SelectCasesTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    @Test
    void aTypedReceiveGivesTheValueThenGosOkFalseOnceClosedAndDrained() {
        Chan<String> ch = Chan.make(2);
        ch.send("x");
        ch.close();
        Select s = Select.create();
        Select.Recv<String> r = s.recvCase(ch);
        assertThat(s.select()).isEqualTo(r.index()).isZero();
        assertThat(r.fired()).isTrue();
        assertThat(r.ok()).as("a buffered value survives close").isTrue();
        assertThat(r.value()).isEqualTo("x");
        assertThat(s.chosen()).isSameAs(r);

        assertThat(s.select()).isZero();
        assertThat(r.fired()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(r.value()).isNull();
    }

    @Test
    void aBlockedTypedReceiveGetsTheValueSentLater() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Select s = Select.create();
        Select.Recv<Integer> ra = s.recvCase(a);
        Select.Recv<Integer> rb = s.recvCase(b);
        CompletableFuture<String> got = new CompletableFuture<>();
        Goroutine g = Go.go(() -> {
            s.select();
            got.complete(ra.fired() + " " + rb.fired() + " " + rb.ok() + " " + rb.value());
        });
        Await.until("select blocked", LONG, () -> g.state() == GoroutineState.WAITING);
        b.send(7);
        assertThat(got.join()).isEqualTo("false true true 7");
    }

    @Test
    void valueAndOkOfACaseThatDidNotFireThrowWithAClearMessage() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        Select s = Select.create();
        Select.Recv<Integer> ra = s.recvCase(a);
        Select.Recv<Integer> rb = s.recvCase(b);

        assertThatThrownBy(ra::value).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("value() of receive case 0 on chan#" + a.id())
                .hasMessageContaining("no case was chosen")
                .hasMessageContaining("check fired() first");
        assertThatThrownBy(s::chosen).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no select has completed yet");

        b.send(1);
        s.select();
        assertThat(ra.fired()).isFalse();
        assertThatThrownBy(ra::ok).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ok() of receive case 0")
                .hasMessageContaining("case 1 did");
        assertThatThrownBy(ra::value).isInstanceOf(IllegalStateException.class);
        assertThat(rb.value()).isEqualTo(1);
    }

    @Test
    void aSelectThatThrewChoseNothing() {
        Chan<Integer> closed = Chan.make(1);
        closed.close();
        Chan<Integer> in = Chan.make(1);
        in.send(1);
        Select s = Select.create();
        Select.Recv<Integer> r = s.recvCase(in);
        Select.Send<Integer> w = s.sendCase(closed, () -> 5);
        w.disable();
        s.select();
        assertThat(r.fired()).isTrue();
        r.disable();
        w.enable();
        assertThatThrownBy(s::select).isInstanceOf(ChannelClosedException.class);
        assertThat(r.fired()).isFalse();
        assertThat(w.fired()).isFalse();
        assertThatThrownBy(r::value).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::chosen).isInstanceOf(IllegalStateException.class).hasMessageContaining("the last one threw");
    }

    @Test
    void aSendCaseSupplierRunsOncePerSelectAndItsValueIsTheOneDelivered() {
        Chan<Integer> out = Chan.make(1);
        Chan<Integer> other = Chan.make(1);
        AtomicInteger calls = new AtomicInteger();
        Select s = Select.create();
        Select.Send<Integer> w = s.sendCase(out, calls::incrementAndGet);
        Select.Recv<Integer> r = s.recvCase(other);

        s.select();                                   // only the send can proceed
        assertThat(w.fired()).isTrue();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(out.tryRecv()).isEqualTo(1);

        out.send(100);                                // out full: only the receive can proceed
        other.send(-1);
        s.select();
        assertThat(r.fired()).isTrue();
        assertThat(calls.get()).as("computed at the start of every select, fired or not").isEqualTo(2);
        assertThat(out.tryRecv()).isEqualTo(100);

        s.select();                                   // the send again, with a fresh value
        assertThat(w.fired()).isTrue();
        assertThat(calls.get()).isEqualTo(3);
        assertThat(out.tryRecv()).isEqualTo(3);

        w.disable();
        other.send(-2);
        s.select();
        assertThat(calls.get()).as("not computed for a disabled case").isEqualTo(3);
    }

    @Test
    void aBlockedSendCaseDeliversTheValueItsSupplierComputedForThatSelect() {
        Chan<String> out = Chan.make();
        AtomicInteger calls = new AtomicInteger();
        Select s = Select.create();
        Select.Send<String> w = s.sendCase(out, () -> "v" + calls.incrementAndGet());
        Goroutine g = Go.go(() -> {
            s.select();
            s.select();
        });
        assertThat(out.recv()).isEqualTo("v1");
        assertThat(out.recv()).isEqualTo("v2");
        assertThat(g.join(LONG)).isTrue();
        assertThat(calls.get()).isEqualTo(2);
        assertThat(w.fired()).isTrue();
    }

    @Test
    void aSetValueStaysPendingUntilSentAndIsSpentOnce() {
        Chan<Integer> out = Chan.make(1);
        Chan<Integer> other = Chan.make(1);
        Select s = Select.create();
        Select.Send<Integer> w = s.sendCase(out);
        Select.Recv<Integer> r = s.recvCase(other);

        assertThatThrownBy(s::select).isInstanceOf(IllegalStateException.class)
                .hasMessage("send case 0 on " + out + " has no value: call set(value) before select(), or disable the case");

        out.send(0);                                  // full: the send cannot proceed
        other.send(1);
        w.set(5);
        s.select();
        assertThat(r.fired()).isTrue();
        assertThat(out.recv()).isZero();
        s.select();                                   // 5 was still pending
        assertThat(w.fired()).isTrue();
        assertThat(out.recv()).isEqualTo(5);

        assertThatThrownBy(s::select).as("spent once sent").isInstanceOf(IllegalStateException.class);
        assertThat(out.len()).isZero();
        w.disable();
        other.send(2);
        assertThat(s.select()).as("a disabled send case needs no value").isEqualTo(1);
    }

    @Test
    void setIsForValueCasesAndNullIsRejected() {
        Chan<Integer> out = Chan.make(1);
        Select s = Select.create();
        Select.Send<Integer> supplied = s.sendCase(out, () -> 1);
        Select.Send<Integer> set = s.sendCase(out);
        assertThatThrownBy(() -> supplied.set(2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("send case 0 on " + out + " computes its value with its supplier; set() is for sendCase(ch)");
        Integer none = null;
        assertThatThrownBy(() -> set.set(none)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("channels do not carry null");
    }

    @Test
    void aSupplierReturningNullFailsTheSelectBeforeAnythingIsDone() {
        Chan<Integer> out = Chan.make(1);
        Chan<Integer> in = Chan.make(1);
        in.send(1);
        Select s = Select.create();
        s.sendCase(out, () -> null);
        s.recvCase(in);
        assertThatThrownBy(s::select).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the supplier of send case 0 on " + out + " returned null");
        assertThat(in.len()).as("nothing received").isEqualTo(1);
        assertThat(out.len()).isZero();
    }

    @Test
    void aDisabledReadyCaseNeverFiresAndIsNeverTouched() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        Chan<Integer> out = Chan.make(1);
        Select s = Select.create();
        Select.Recv<Integer> ra = s.recvCase(a);
        Select.Recv<Integer> rb = s.recvCase(b);
        Select.Send<Integer> w = s.sendCase(out, () -> 9);
        ra.disable();
        w.disable();
        a.send(1);
        assertThat(ra.enabled()).isFalse();
        for (int i = 0; i < 200; i++) {
            b.send(i);
            s.select();
            assertThat(rb.value()).isEqualTo(i);
        }
        assertThat(a.len()).as("the disabled case took nothing").isEqualTo(1);
        assertThat(out.len()).as("the disabled send sent nothing").isZero();
        Select.Case dflt = s.defaultCase();
        assertThat(s.select()).isEqualTo(dflt.index());

        ra.enable();
        assertThat(s.select()).isEqualTo(ra.index());
        assertThat(ra.value()).isEqualTo(1);
        w.setEnabled(true);
        assertThat(s.select()).isEqualTo(w.index());
        assertThat(out.recv()).isEqualTo(9);
    }

    @Test
    void aBlockedSelectDoesNotWaitOnItsDisabledCasesChannels() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Select s = Select.create();
        Select.Recv<Integer> ra = s.recvCase(a);
        Select.Recv<Integer> rb = s.recvCase(b);
        rb.disable();
        AtomicReference<String> fired = new AtomicReference<>();
        Goroutine g = Go.go(() -> {
            s.select();
            fired.set(ra.fired() ? "a" : "b");
        });
        Await.until("select blocked", LONG, () -> g.state() == GoroutineState.WAITING);
        assertThat(g.waitReason()).isEqualTo("select");
        assertThat(g.waitingOn()).contains(List.of(a));
        assertThat(waitDescription(g)).isEqualTo("select on chan#" + a.id() + " (cap 0)");
        assertThat(b.trySend(1)).as("no waiter of the disabled case on b").isFalse();
        a.send(1);
        assertThat(g.join(LONG)).isTrue();
        assertThat(fired.get()).isEqualTo("a");

        rb.enable();
        ra.disable();
        Goroutine g2 = Go.go(() -> {
            s.select();
            fired.set(ra.fired() ? "a" : "b");
        });
        Await.until("select blocked", LONG, () -> g2.state() == GoroutineState.WAITING);
        assertThat(g2.waitingOn()).contains(List.of(b));
        assertThat(waitDescription(g2)).isEqualTo("select on chan#" + b.id() + " (cap 0)");
        assertThat(a.trySend(1)).isFalse();
        b.send(2);
        assertThat(g2.join(LONG)).isTrue();
        assertThat(fired.get()).isEqualTo("b");
        assertThat(rb.value()).isEqualTo(2);
    }

    @Test
    void disabledTimeoutAndDefaultCasesDoNotFire() {
        Chan<Integer> ch = Chan.make();
        Select s = Select.create();
        Select.Recv<Integer> r = s.recvCase(ch);
        Select.Case now = s.afterCase(Duration.ZERO);
        Select.Case dflt = s.defaultCase();
        now.disable();
        assertThat(s.select()).isEqualTo(dflt.index());
        now.enable();
        dflt.disable();
        assertThat(s.select()).isEqualTo(now.index());
        assertThat(now.fired()).isTrue();
        assertThat(r.fired()).isFalse();
        assertThatThrownBy(() -> s.defaultCase()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyCaseDisabledBlocksUntilInterrupted() {
        Chan<Integer> ch = Chan.make(1);
        ch.send(1);
        Select s = Select.create();
        s.recvCase(ch).disable();
        AtomicReference<Thread> t = new AtomicReference<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Goroutine g = Go.go(() -> {
            t.set(Thread.currentThread());
            try {
                s.select();
            } catch (GoroutineInterruptedException e) {
                seen.set(e);
            }
        });
        Await.until("blocked", LONG, () -> g.state() == GoroutineState.WAITING);
        assertThat(g.waitingOn()).contains(List.of());
        t.get().interrupt();
        assertThat(g.join(LONG)).isTrue();
        assertThat(seen.get()).isInstanceOf(GoroutineInterruptedException.class);
        assertThat(ch.len()).isEqualTo(1);
    }

    @Test
    void handlerAndTypedCasesMix() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        Chan<Integer> out = Chan.make(1);
        List<String> ran = new ArrayList<>();
        Select s = Select.create().recv(a, v -> ran.add("a" + v));
        Select.Recv<Integer> rb = s.recvCase(b);
        s.send(out, 3, () -> ran.add("sent"));
        Select.Case timeout = s.afterCase(Duration.ofSeconds(30));

        a.send(1);
        out.send(0); // full
        assertThat(s.select()).isZero();
        assertThat(ran).containsExactly("a1");
        assertThat(s.chosen().index()).isZero();
        assertThat(s.chosen().fired()).isTrue();
        assertThat(rb.fired()).isFalse();
        assertThat(timeout.fired()).isFalse();

        b.send(2);
        assertThat(s.select()).isEqualTo(1);
        assertThat(rb.value()).isEqualTo(2);
        assertThat(s.chosen()).isSameAs(rb);

        assertThat(out.recv()).isZero();
        assertThat(s.select()).isEqualTo(2);
        assertThat(ran).containsExactly("a1", "sent");
        assertThat(out.recv()).isEqualTo(3);
        assertThat(s.chosen().toString()).isEqualTo("send case 2 on " + out);
        assertThat(timeout.toString()).isEqualTo("timeout case 3");
    }

    @Test
    void aHandlerSeesItsCaseAsChosen() {
        Chan<Integer> a = Chan.make(1);
        a.send(1);
        Select s = Select.create();
        AtomicReference<Boolean> seen = new AtomicReference<>();
        s.recv(a, v -> seen.set(s.chosen().index() == 0));
        s.select();
        assertThat(seen.get()).isTrue();
    }

    @Test
    void aReusableSelectSendsASequenceWithNoValueLostOrDuplicated() throws Exception {
        for (int capacity : new int[]{0, 2}) {
            int count = Await.scale(20_000, 200_000);
            Chan<Integer> out = Chan.make(capacity);
            Chan<Integer> noise = Chan.make();
            Chan<Integer> noiseDone = Chan.make();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger noisesTaken = new AtomicInteger();
            AtomicInteger noisesSent = new AtomicInteger();
            // The sender: case out <- next  |  case <-noise. The noise case fires about half the
            // time, so many selects compute a value that is not sent that time.
            CompletableFuture<Void> sender = run("sender", () -> {
                try {
                    Select s = Select.create();
                    Select.Send<Integer> send = s.sendCase(out, next::get);
                    Select.Recv<Integer> n = s.recvCase(noise);
                    while (next.get() < count) {
                        s.select();
                        if (send.fired()) {
                            next.incrementAndGet();
                        } else if (n.fired()) {
                            noisesTaken.incrementAndGet();
                        }
                    }
                } finally {
                    out.close();
                }
                noiseDone.close();
            });
            CompletableFuture<Void> noiseMaker = run("noise", () -> {
                Select s = Select.create();
                Select.Send<Integer> w = s.sendCase(noise, () -> 0);
                s.recvCase(noiseDone);
                while (true) {
                    s.select();
                    if (!w.fired()) {
                        return; // noiseDone closed
                    }
                    noisesSent.incrementAndGet();
                }
            });
            int expected = 0;
            for (Integer v : out) {
                assertThat(v).as("in order, none lost or duplicated (capacity %d)", capacity).isEqualTo(expected);
                expected++;
            }
            assertThat(expected).isEqualTo(count);
            sender.get(10, TimeUnit.SECONDS);
            noiseMaker.get(10, TimeUnit.SECONDS);
            assertThat(noisesTaken.get()).as("the other case fired too").isPositive().isEqualTo(noisesSent.get());
        }
    }

    @Test
    void theSetFormSendsASequenceWithNoValueLostOrDuplicated() throws Exception {
        int count = Await.scale(20_000, 200_000);
        Chan<Integer> out = Chan.make(1);
        Chan<Integer> ticks = Chan.make(1);
        AtomicInteger tickFired = new AtomicInteger();
        CompletableFuture<Void> sender = run("sender", () -> {
            try {
                Select s = Select.create();
                Select.Send<Integer> send = s.sendCase(out);
                Select.Recv<Integer> tick = s.recvCase(ticks);
                int i = 0;
                send.set(i);
                while (i < count) {
                    ticks.trySend(0);
                    s.select();
                    if (send.fired() && ++i < count) {
                        send.set(i);
                    } else if (tick.fired()) {
                        tickFired.incrementAndGet();
                    }
                }
            } finally {
                out.close();
            }
        });
        int expected = 0;
        for (Integer v : out) {
            assertThat(v).isEqualTo(expected);
            expected++;
        }
        assertThat(expected).isEqualTo(count);
        sender.get(10, TimeUnit.SECONDS);
        assertThat(tickFired.get()).isPositive();
    }

    @Test
    void theReadyPathAllocatesNothingAlsoWhenCasesAreSwitched() throws Exception {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        Chan<Integer> out = Chan.make(1);
        Integer one = 1000;
        Select s = Select.create();
        Select.Recv<Integer> ra = s.recvCase(a);
        Select.Recv<Integer> rb = s.recvCase(b);
        Select.Send<Integer> w = s.sendCase(out, () -> one);
        Select.Send<Integer> set = s.sendCase(out);
        s.afterCase(Duration.ofSeconds(30)).disable();
        long[] sum = {0};
        Select handlers = Select.create().recv(a, v -> sum[0] += v).send(out, one, null);
        Runnable loop = () -> {
            for (int i = 0; i < 10_000; i++) {
                ra.setEnabled(i % 2 == 0);
                rb.setEnabled(i % 2 == 1);
                w.setEnabled(i % 3 == 0);
                set.setEnabled(i % 3 == 1);
                set.set(one);
                (i % 2 == 0 ? a : b).trySend(one);
                out.tryRecv();
                s.select();
                if (!ra.fired() && !rb.fired()) {
                    (i % 2 == 0 ? a : b).tryRecv();
                }
                a.trySend(one);
                out.tryRecv();
                handlers.select();
                a.tryRecv();
            }
        };
        for (int warm = 0; warm < 5; warm++) {
            loop.run();
        }
        Object bean = ManagementFactory.getThreadMXBean();
        Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        long before = (long) allocatedBytes.invoke(bean);
        loop.run();
        long allocated = (long) allocatedBytes.invoke(bean) - before;
        assertThat(allocated).as("bytes allocated by 10,000 selects of each form").isLessThan(10_000);
    }

    /** What the goroutine's record says it waits on (the description dumps show). */
    private static String waitDescription(Goroutine g) {
        GoroutineRecord rec = Goroutines.byId(g.id()).orElseThrow();
        WaitDescription d = rec.waitDescription();
        assertThat(d).isNotNull();
        return d.describe();
    }

    /** Runs body in a goroutine; the future fails with what the body threw. */
    private static CompletableFuture<Void> run(String name, Runnable body) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Go.go(name, () -> {
            try {
                body.run();
                f.complete(null);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }
}
