package io.gmp4j.internal.sched;

import io.gmp4j.jcstress.WeakenedTwin;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Weakened twin of NoLostWakeupSpinnerHandshake (read its comment first): the consumer re-checks
 * the queues before it drops spinning instead of after. Every access keeps its mode; the ordering
 * weakened is the program order of the decrement and the re-check.
 *
 * No reordering by the hardware is needed: the consumer finds nothing, the producer pushes, sees
 * the consumer still counted as spinning and wakes nobody, then the consumer drops spinning and
 * parks. Go's findRunnable warns against exactly this order. Expected: jcstress FAILS this test.
 */
@WeakenedTwin(of = NoLostWakeupSpinnerHandshake.class,
        weakened = "the re-check comes before nmspinning.decrementAndGet instead of after")
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the producer wakes an M for the idle P")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the consumer finds the work and takes a P back")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both: one M spins for nothing")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "lost wake-up: nobody woken, the consumer parks")
@State
public class NoLostWakeupSpinnerHandshakeRecheckBeforeDrop {
    private static final GTask READIED = new GTask(null, null);

    final P consumersP = new P(1, 2);
    final IdleWakeModel sched = new IdleWakeModel(1, consumersP);

    @Actor
    public void producer(ZZ_Result r) {
        sched.global.push(READIED);
        r.r1 = sched.wakep();
    }

    @Actor
    public void consumer(ZZ_Result r) {
        sched.publishIdleP();
        r.r2 = sched.hasWorkAnywhere(); // weakened: moved before dropSpinning
        sched.dropSpinning();
    }
}
