package io.gmp4j.examples;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.RecvChan;
import io.gmp4j.Select;
import io.gmp4j.context.Context;
import io.gmp4j.sync.WaitGroup;

import java.util.function.Function;

/**
 * The worker pool of the reference article's first chapter, in gmp4j: a fixed number of goroutines
 * drain a jobs channel into a results channel until the jobs run out or the context ends; the
 * results channel is closed once every worker has stopped. {@link #start} is the README's
 * example, verbatim ({@code ReadmeExamplesTest} keeps them equal).
 */
public final class WorkerPool {
    private WorkerPool() {
    }

    static <J, R> RecvChan<R> start(Context ctx, int workers, RecvChan<J> jobs, Function<J, R> work) {
        Chan<R> results = Chan.make(workers);
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < workers; i++) {
            wg.go(() -> {
                Select next = Select.create();
                Select.Recv<J> job = next.recvCase(jobs);                    // case job, ok := <-jobs
                Select.Recv<Void> cancelled = next.recvCase(ctx.done());     // case <-ctx.Done()
                Select deliver = Select.create();
                Select.Send<R> result = deliver.sendCase(results);           // case results <- r
                deliver.recvCase(ctx.done());                                // case <-ctx.Done()
                while (true) {
                    next.select();
                    if (cancelled.fired() || !job.ok()) return;              // cancelled, or jobs closed and drained
                    result.set(work.apply(job.value()));
                    deliver.select();
                    if (!result.fired()) return;                             // cancelled while delivering
                }
            });
        }
        Go.go(() -> { wg.await(); results.close(); });
        return results;
    }
}
