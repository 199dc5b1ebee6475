package io.gmp4j.diag.leaks;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Select;
import io.gmp4j.context.CancelableContext;
import io.gmp4j.context.Context;
import io.gmp4j.sync.ErrGroup;
import io.gmp4j.sync.Semaphore;
import io.gmp4j.sync.WaitGroup;
import io.gmp4j.time.Ticker;
import io.gmp4j.time.Time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The leak corpus: each scenario is a small program written the way real code leaks goroutines,
 * with a twin that differs only by the fix. {@code run(leak)} starts the scenario from the
 * calling goroutine and returns once the caller's part is over (as the function that leaks would
 * return); it returns how many goroutines the leaking variant leaves blocked for ever.
 */
enum LeakCorpus {
    /** The article's first: a worker sends its result on an unbuffered channel after the caller gave up waiting. */
    SENDER_WITHOUT_RECEIVER(1) {
        @Override void run(boolean leak) {
            Chan<String> result = leak ? Chan.make() : Chan.make(1); // the fix: room for the late result
            Chan<Void> callerGaveUp = Chan.make();
            Go.go(() -> {
                callerGaveUp.recv(); // the slow work, finishing after the caller's timeout
                result.send("late");
            });
            Select.create().recv(result, v -> { }).after(Duration.ofMillis(1), () -> { }).select();
            callerGaveUp.close();
        }
    },
    /** The article's second: a goroutine waits on a context whose cancel function was dropped. */
    CONTEXT_NEVER_CANCELLED(1) {
        @Override void run(boolean leak) {
            CancelableContext ctx = Context.withCancel(Context.background());
            Chan<Void> started = Chan.make();
            Go.go(() -> {
                started.close();
                ctx.done().recv();
            });
            started.recv();
            if (!leak) {
                ctx.cancel(); // the fix: cancellation propagated (Go's defer cancel())
            }
        }
    },
    /** The article's third: a listener registry whose delivery goroutines hold the registry through their closures. */
    LISTENER_REGISTRY_CYCLE(3) {
        @Override void run(boolean leak) {
            EventBus bus = new EventBus();
            for (int i = 0; i < 3; i++) {
                bus.subscribe(e -> bus.delivered++);
            }
            bus.publish("hello");
            if (!leak) {
                bus.close(); // the fix: the owner closes the feeds when it drops the bus
            }
        }
    },
    /** A worker loops on a select with no done case; its input is abandoned. */
    SELECT_LOOP_WITHOUT_DONE(1) {
        @Override void run(boolean leak) {
            Chan<Integer> in = Chan.make();
            Chan<Void> done = Chan.make();
            Go.go(() -> {
                for (boolean more = true; more; ) {
                    Select s = Select.create().recv(in, v -> { });
                    if (!leak) {
                        s.recv(done, v -> { }); // the fix: a way out
                    }
                    more = s.select() == 0;
                }
            });
            in.send(1);
            in.send(2);
            done.close();
        }
    },
    /** A producer returns early on an error without closing its channel; the consumer ranges over it. */
    RECEIVER_ON_NEVER_CLOSED_CHANNEL(1) {
        @Override void run(boolean leak) {
            Chan<Integer> items = Chan.make();
            Chan<Void> consumerStarted = Chan.make();
            Go.go(() -> {
                consumerStarted.close();
                int sum = 0;
                for (int v : items) {
                    sum += v;
                }
                if (sum < 0) {
                    throw new AssertionError();
                }
            });
            consumerStarted.recv();
            try {
                items.send(1);
                if (items.id() > 0) {
                    return; // an early return, as on an error
                }
            } finally {
                if (!leak) {
                    items.close(); // the fix: close on every path
                }
            }
        }
    },
    /** A worker returns early without Done; the goroutine waiting for the group waits for ever. */
    WAITGROUP_NEVER_DONE(1) {
        @Override void run(boolean leak) {
            WaitGroup wg = new WaitGroup();
            Chan<Void> waiterStarted = Chan.make();
            wg.add(2);
            Go.go(wg::done);
            Go.go(() -> {
                if (leak) {
                    return; // forgot Done on this path
                }
                wg.done();
            });
            Go.go(() -> {
                waiterStarted.close();
                wg.await();
            });
            waiterStarted.recv();
        }
    },
    /** An ErrGroup task fails; its sibling keeps sending without watching the group's context, and the goroutine waiting for the group never returns. */
    ERRGROUP_FORGOTTEN_GOROUTINE(2) {
        @Override void run(boolean leak) {
            ErrGroup g = ErrGroup.withContext(Context.background());
            Chan<Integer> out = Chan.make();
            Chan<Void> waiting = Chan.make();
            g.go(() -> {
                for (int i = 0; ; i++) {
                    if (leak) {
                        out.send(i);
                    } else if (Select.create().send(out, i, () -> { }).recv(g.context().done(), v -> { }).select() == 1) {
                        return; // the fix: give up when the group is cancelled
                    }
                }
            });
            g.go(() -> {
                out.recv();
                throw new IllegalStateException("consumer failed");
            });
            Go.go(() -> {
                waiting.close();
                g.await();
            });
            waiting.recv();
        }
    },
    /** A producer keeps filling a buffered channel after its consumer failed. */
    PRODUCER_INTO_FULL_BUFFER(1) {
        @Override void run(boolean leak) {
            Chan<Integer> jobs = Chan.make(2);
            Chan<Void> consumerFailed = Chan.make();
            Go.go(() -> {
                for (int i = 0; ; i++) {
                    if (leak) {
                        jobs.send(i);
                    } else if (Select.create().send(jobs, i, () -> { }).recv(consumerFailed, v -> { }).select() == 1) {
                        return; // the fix: the producer hears of the failure
                    }
                }
            });
            jobs.recv();
            consumerFailed.close(); // the consumer fails after one job
        }
    },
    /**
     * A goroutine refreshes every hour until told to stop, and nobody keeps the means to tell it.
     * Not a proven leak: an armed ticker keeps a goroutine blocked on its channel reachable (as Go's
     * runtime timers do), so it is found as a suspected leak, by age, instead.
     */
    TICKER_NEVER_STOPPED(0) {
        @Override void run(boolean leak) {
            Chan<Void> stop = Chan.make();
            Chan<Void> started = Chan.make();
            Go.go(() -> {
                Ticker t = Time.newTicker(Duration.ofHours(1));
                started.close();
                for (;;) {
                    boolean[] stopped = {false};
                    Select.create().recv(t.c(), v -> { }).recv(stop, v -> stopped[0] = true).select();
                    if (stopped[0]) {
                        t.stop();
                        return;
                    }
                }
            });
            started.recv();
            if (!leak) {
                stop.close(); // the fix: the owner stops it
            }
        }
    },
    /** A goroutine acquires a semaphore whose permits were never released by a failed holder. */
    SEMAPHORE_NEVER_RELEASED(1) {
        @Override void run(boolean leak) {
            Semaphore sem = new Semaphore(1);
            Chan<Void> holderDone = Chan.make();
            Chan<Void> waiterStarted = Chan.make();
            Go.go(() -> {
                sem.acquire(Context.background(), 1);
                if (!leak) {
                    sem.release(1); // the fix: release in finally
                }
                holderDone.close();
            });
            holderDone.recv();
            Go.go(() -> {
                waiterStarted.close();
                sem.acquire(Context.background(), 1);
                sem.release(1);
            });
            waiterStarted.recv();
        }
    },
    /** Outside gmp4j's primitives: a goroutine waits on a JDK latch that nobody will count down. */
    JDK_LATCH_NEVER_COUNTED_DOWN(1) {
        @Override void run(boolean leak) {
            CountDownLatch latch = new CountDownLatch(1);
            Chan<Void> started = Chan.make();
            Go.go(() -> {
                started.close();
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            started.recv();
            if (!leak) {
                latch.countDown();
            }
        }
    };

    /** How many goroutines the leaking variant leaves blocked where nothing can reach them. */
    final int leaked;

    LeakCorpus(int leaked) {
        this.leaked = leaked;
    }

    abstract void run(boolean leak);

    /** A tiny event bus: feeds per subscriber, delivery goroutines whose closures refer back to the bus. */
    static final class EventBus {
        final List<Chan<String>> feeds = new ArrayList<>();
        int delivered;

        void subscribe(Consumer<String> listener) {
            Chan<String> feed = Chan.make();
            feeds.add(feed);
            Go.go(() -> {
                for (String e : feed) {
                    listener.accept(e);
                }
            });
        }

        void publish(String e) {
            for (Chan<String> f : feeds) {
                f.send(e);
            }
        }

        void close() {
            feeds.forEach(Chan::close);
        }
    }
}
