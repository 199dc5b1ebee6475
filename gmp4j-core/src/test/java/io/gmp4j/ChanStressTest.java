package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many producers and consumers over channels of capacities 0, 1, 2 and 8, with plain and select
 * operations, random select timeouts, random interrupts and channels closed while traffic flows.
 * Every value is accounted for: received exactly once if its send returned normally, and never
 * received if its sender learned it was not sent (timeout, closed channel, interrupt).
 */
class ChanStressTest {

    @RepeatedTest(3)
    void everyValueIsReceivedExactlyOnceOrItsSenderKnowsItWasNotSent() {
        int producers = 6;
        int consumers = 4;
        int perProducer = Await.scale(5_000, 100_000);
        List<Chan<Long>> chans = List.of(Chan.make(0), Chan.make(1), Chan.make(2), Chan.make(8));
        ConcurrentLinkedQueue<Long> sent = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> notSent = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> received = new ConcurrentLinkedQueue<>();
        LongAdder timeouts = new LongAdder();
        LongAdder interrupts = new LongAdder();
        LongAdder closedSends = new LongAdder();
        AtomicInteger producersLeft = new AtomicInteger(producers);
        List<AtomicReference<Thread>> threads = new ArrayList<>();
        List<Goroutine> gs = new ArrayList<>();

        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            AtomicReference<Thread> self = new AtomicReference<>();
            threads.add(self);
            gs.add(Go.go("producer-" + p, () -> {
                self.set(Thread.currentThread());
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < perProducer; i++) {
                    long v = base | i;
                    try {
                        if (rnd.nextBoolean()) {
                            chans.get(rnd.nextInt(chans.size())).send(v);
                            sent.add(v);
                        } else {
                            Chan<Long> a = chans.get(rnd.nextInt(chans.size()));
                            Chan<Long> b = chans.get(rnd.nextInt(chans.size()));
                            int idx = Select.create().send(a, v, null).send(b, v, null)
                                    .after(Duration.ofNanos(rnd.nextInt(200_000)), null).select();
                            if (idx == 2) {
                                timeouts.increment();
                                notSent.add(v);
                            } else {
                                sent.add(v);
                            }
                        }
                    } catch (ChannelClosedException e) {
                        closedSends.increment();
                        notSent.add(v);
                    } catch (GoroutineInterruptedException e) {
                        Thread.interrupted();
                        interrupts.increment();
                        notSent.add(v);
                    }
                }
                Thread.interrupted();
                if (producersLeft.decrementAndGet() == 0) {
                    for (Chan<Long> c : chans) {
                        if (!c.isClosed()) {
                            try {
                                c.close();
                            } catch (ChannelClosedException e) {
                                // closed by the closer meanwhile
                            }
                        }
                    }
                }
            }));
        }
        for (int c = 0; c < consumers; c++) {
            AtomicReference<Thread> self = new AtomicReference<>();
            threads.add(self);
            gs.add(Go.go("consumer-" + c, () -> {
                self.set(Thread.currentThread());
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                boolean[] drained = new boolean[chans.size()];
                int left = chans.size();
                while (left > 0) {
                    try {
                        if (rnd.nextInt(4) == 0) {
                            int k = rnd.nextInt(chans.size());
                            if (drained[k]) {
                                continue;
                            }
                            Long v = chans.get(k).recv();
                            if (v == null) {
                                drained[k] = true;
                                left--;
                            } else {
                                received.add(v);
                            }
                        } else {
                            Select s = Select.create();
                            int[] which = new int[chans.size()];
                            int m = 0;
                            Long[] got = new Long[1];
                            for (int k = 0; k < chans.size(); k++) {
                                if (!drained[k]) {
                                    which[m++] = k;
                                    s.recv(chans.get(k), v -> got[0] = v);
                                }
                            }
                            s.after(Duration.ofNanos(rnd.nextInt(200_000)), null);
                            int idx = s.select();
                            if (idx < m) {
                                if (got[0] == null) {
                                    drained[which[idx]] = true;
                                    left--;
                                } else {
                                    received.add(got[0]);
                                }
                            }
                        }
                    } catch (GoroutineInterruptedException e) {
                        Thread.interrupted();
                        interrupts.increment();
                    }
                }
            }));
        }
        // Interrupt random goroutines and close one channel early while traffic flows.
        AtomicBoolean closedEarly = new AtomicBoolean();
        Goroutine chaos = Go.go("chaos", () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            int rounds = 0;
            while (producersLeft.get() > 0 && rounds < 2_000) {
                Thread t = threads.get(rnd.nextInt(threads.size())).get();
                if (t != null) {
                    t.interrupt();
                }
                if (sent.size() > producers * perProducer / 3 && closedEarly.compareAndSet(false, true)) {
                    chans.get(rnd.nextInt(chans.size())).close();
                }
                rounds++;
                pause(200);
            }
        });
        for (Goroutine g : gs) {
            assertThat(g.join(Duration.ofMinutes(2))).as(g.name() + " finished").isTrue();
        }
        chaos.join();

        Set<Long> sentSet = new HashSet<>(sent);
        Set<Long> notSentSet = new HashSet<>(notSent);
        List<Long> recvList = new ArrayList<>(received);
        Set<Long> recvSet = new HashSet<>(recvList);
        assertThat(sentSet.size() + notSentSet.size()).as("every value has one fate").isEqualTo(producers * perProducer);
        assertThat(recvList.size()).as("no value received twice").isEqualTo(recvSet.size());
        assertThat(recvSet).as("received exactly the values that were sent").isEqualTo(sentSet);
        assertThat(timeouts.sum() + closedSends.sum()).as("the unhappy paths ran").isPositive();
        assertThat(closedEarly.get()).isTrue();
    }

    private static void pause(long micros) {
        java.util.concurrent.locks.LockSupport.parkNanos(micros * 1_000);
    }
}
