package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reusable typed selects under load, with cases switched on and off at random and channels closed
 * while traffic flows. Producers send a sequence with one select whose send cases (one per
 * channel, Go's {@code case ch <- next}) share a supplier of the current value; a send case whose
 * channel was closed is switched off (Go's nil-channel idiom). Consumers receive with one select
 * of typed receive cases and switch a case off once its channel is closed and drained. Every
 * value is accounted for: received exactly once if a send case fired with it, never if its
 * producer gave it up because every channel was closed.
 */
class SelectCasesStressTest {
    private static final int CHANNELS = 4;

    @RepeatedTest(2)
    void noValueIsLostOrDuplicatedWhileCasesAreSwitchedAndChannelsClose() throws Exception {
        int producers = 4;
        int consumers = 3;
        int perProducer = Await.scale(20_000, 200_000);
        List<Chan<Long>> chans = List.of(Chan.make(0), Chan.make(1), Chan.make(2), Chan.make(8));
        ConcurrentLinkedQueue<Long> sent = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> notSent = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> received = new ConcurrentLinkedQueue<>();
        LongAdder sentCount = new LongAdder();
        LongAdder closedSends = new LongAdder();
        LongAdder timeouts = new LongAdder();
        AtomicInteger producersLeft = new AtomicInteger(producers);
        List<CompletableFuture<Void>> all = new ArrayList<>();

        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            all.add(run("producer-" + p, () -> {
                try {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    AtomicLong current = new AtomicLong();
                    Select s = Select.create();
                    List<Select.Send<Long>> sends = new ArrayList<>();
                    for (Chan<Long> c : chans) {
                        sends.add(s.sendCase(c, current::get));
                    }
                    Select.Case timeout = s.afterCase(Duration.ofNanos(rnd.nextInt(100_000)));
                    boolean[] closed = new boolean[CHANNELS];
                    int open = CHANNELS;
                    int i = 0;
                    while (i < perProducer) {
                        long v = base | i;
                        if (open == 0) {
                            notSent.add(v);
                            i++;
                            continue;
                        }
                        current.set(v);
                        switchAtRandom(sends, closed, rnd);
                        int idx;
                        try {
                            idx = s.select();
                        } catch (ChannelClosedException e) {
                            closedSends.increment();
                            for (int k = 0; k < CHANNELS; k++) {
                                if (!closed[k] && chans.get(k).isClosed()) {
                                    closed[k] = true;
                                    open--;
                                    sends.get(k).disable();
                                }
                            }
                            continue; // v was not sent: try it again
                        }
                        if (idx == timeout.index()) {
                            timeouts.increment();
                            continue;
                        }
                        assertThat(sends.get(idx).fired()).isTrue();
                        sent.add(v);
                        sentCount.increment();
                        i++;
                    }
                } finally {
                    if (producersLeft.decrementAndGet() == 0) {
                        for (Chan<Long> c : chans) {
                            closeIfOpen(c);
                        }
                    }
                }
            }));
        }
        for (int c = 0; c < consumers; c++) {
            all.add(run("consumer-" + c, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                Select s = Select.create();
                List<Select.Recv<Long>> recvs = new ArrayList<>();
                for (Chan<Long> ch : chans) {
                    recvs.add(s.recvCase(ch));
                }
                s.afterCase(Duration.ofNanos(rnd.nextInt(100_000)));
                boolean[] drained = new boolean[CHANNELS];
                int left = CHANNELS;
                while (left > 0) {
                    switchAtRandom(recvs, drained, rnd);
                    int idx = s.select();
                    if (idx >= CHANNELS) {
                        continue; // the timeout
                    }
                    Select.Recv<Long> r = recvs.get(idx);
                    if (r.ok()) {
                        received.add(r.value());
                    } else {
                        assertThat(r.value()).isNull();
                        drained[idx] = true;
                        left--;
                        r.disable();
                    }
                }
            }));
        }
        // Close two channels while traffic flows; the last producer closes the rest.
        CompletableFuture<Void> chaos = run("chaos", () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            long total = (long) producers * perProducer;
            int closedEarly = 0;
            while (producersLeft.get() > 0 && closedEarly < 2) {
                if (sentCount.sum() > total * (closedEarly + 1) / 3) {
                    closeIfOpen(chans.get(rnd.nextInt(CHANNELS)));
                    closedEarly++;
                }
                LockSupport.parkNanos(200_000);
            }
        });
        for (CompletableFuture<Void> f : all) {
            f.get(2, TimeUnit.MINUTES);
        }
        chaos.get(1, TimeUnit.MINUTES);

        Set<Long> sentSet = new HashSet<>(sent);
        Set<Long> notSentSet = new HashSet<>(notSent);
        List<Long> recvList = new ArrayList<>(received);
        Set<Long> recvSet = new HashSet<>(recvList);
        assertThat(sent.size()).as("no value sent twice").isEqualTo(sentSet.size());
        assertThat(sentSet.size() + notSentSet.size()).as("every value has one fate").isEqualTo(producers * perProducer);
        assertThat(recvList.size()).as("no value received twice").isEqualTo(recvSet.size());
        assertThat(recvSet).as("received exactly the values that were sent").isEqualTo(sentSet);
        assertThat(closedSends.sum()).as("sends met closed channels").isPositive();
    }

    /** Each case still open is switched on with probability 3/4, at least one of them always. */
    private static void switchAtRandom(List<? extends Select.Case> cases, boolean[] gone, ThreadLocalRandom rnd) {
        int on = 0;
        int last = -1;
        for (int k = 0; k < cases.size(); k++) {
            if (!gone[k]) {
                boolean enable = rnd.nextInt(4) != 0;
                cases.get(k).setEnabled(enable);
                on += enable ? 1 : 0;
                last = k;
            }
        }
        if (on == 0 && last >= 0) {
            cases.get(last).enable();
        }
    }

    private static void closeIfOpen(Chan<Long> c) {
        try {
            c.close();
        } catch (ChannelClosedException e) {
            // closed by someone else meanwhile
        }
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
