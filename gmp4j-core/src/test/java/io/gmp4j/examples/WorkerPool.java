package io.gmp4j.examples;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.RecvChan;
import io.gmp4j.Select;
import io.gmp4j.SendChan;
import io.gmp4j.context.Context;
import io.gmp4j.sync.WaitGroup;

import java.util.function.Function;

/**
 * The worker pool of the reference article's first chapter, in gmp4j: a fixed number of goroutines
 * drain a jobs channel into a results channel until the jobs run out or the context ends; the
 * results channel is closed once every worker has stopped. (The README shows the same code.)
 */
public final class WorkerPool {
    private WorkerPool() {
    }

    public static <J, R> RecvChan<R> start(Context ctx, int workers, RecvChan<J> jobs, Function<J, R> work) {
        Chan<R> results = Chan.make(workers);
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < workers; i++) {
            wg.go(() -> worker(ctx, jobs, results, work));
        }
        Go.go(() -> {
            wg.await();
            results.close();
        });
        return results;
    }

    private static <J, R> void worker(Context ctx, RecvChan<J> jobs, SendChan<R> results, Function<J, R> work) {
        boolean[] stop = {false};
        Object[] job = {null};
        Select next = Select.create()
                .recv(jobs, j -> { job[0] = j; stop[0] = j == null; })   // null: jobs closed and drained
                .recv(ctx.done(), x -> stop[0] = true);
        while (true) {
            next.select();
            if (stop[0]) {
                return;
            }
            @SuppressWarnings("unchecked")
            R r = work.apply((J) job[0]);
            boolean[] sent = {false};
            Select.create()
                    .send(results, r, () -> sent[0] = true)
                    .recv(ctx.done(), x -> { })
                    .select();
            if (!sent[0]) {
                return;
            }
        }
    }
}
