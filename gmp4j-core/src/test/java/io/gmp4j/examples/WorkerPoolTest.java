package io.gmp4j.examples;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.RecvChan;
import io.gmp4j.context.CancelableContext;
import io.gmp4j.context.Context;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerPoolTest {

    @Test
    void everyJobIsDoneOnceAndTheResultsChannelClosesWhenJobsRunOut() {
        int before = Go.numGoroutine();
        Chan<Integer> jobs = Chan.make(16);
        Go.go(() -> {
            for (int i = 1; i <= 1000; i++) {
                jobs.send(i);
            }
            jobs.close();
        });
        RecvChan<Integer> results = WorkerPool.start(Context.background(), 4, jobs, j -> j * j);
        Set<Integer> seen = new HashSet<>();
        long sum = 0;
        for (Integer r : results) {
            assertThat(seen.add(r)).as("result %d once", r).isTrue();
            sum += r;
        }
        assertThat(seen).hasSize(1000);
        assertThat(sum).isEqualTo(333_833_500L); // sum of squares 1..1000
        Await.until("workers gone", Duration.ofSeconds(10), () -> Go.numGoroutine() <= before);
    }

    @Test
    void cancellingTheContextStopsEveryWorkerAndClosesResults() {
        int before = Go.numGoroutine();
        Chan<Integer> jobs = Chan.make(); // never closed: only the context can stop the pool
        CancelableContext ctx = Context.withCancel(Context.background());
        RecvChan<Integer> results = WorkerPool.start(ctx, 8, jobs, j -> j + 1);
        jobs.send(41);
        assertThat(results.recv()).isEqualTo(42);
        ctx.cancel();
        assertThat(results.recv()).as("closed after every worker stopped").isNull();
        Await.until("workers gone", Duration.ofSeconds(10), () -> Go.numGoroutine() <= before);
    }
}
