package io.gmp4j.internal.sched;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Protocol: no lost wake-ups (GmpScheduler note 3), both halves: the consumer is the spinning M
 * (nmspinning == 1), so a producer that sees it spinning wakes nobody and counts on it to find
 * the work. Real GlobalRunQueue, SpinLock and P; npidle and nmspinning as IdleWakeModel declares
 * them (GmpScheduler's modes).
 *
 * Mirrors (GmpScheduler as of 5f8ee3e):
 *   actor producer  ready(t) called off our M's:
 *                       global.push(t);        // a CAS
 *                       wakep();               // r1: wakep's test passes (IdleWakeModel.wakep)
 *   actor consumer  goIdle(m, p) of the spinning M that found nothing (findRunnable after
 *                   spinForWork ran out):
 *                       idleLock.lock(); try { idleP.push(p); npidle = idleP.size(); }
 *                       finally { idleLock.unlock(); }          // IdleWakeModel.publishIdleP
 *                       m.notBusy(); m.p = null;
 *                       dropSpinning(m);       // nmspinning.decrementAndGet()
 *                       if (hasWorkAnywhere()) { ...take an idle P back, spin again... }   // r2
 *
 * Outcome (r1, r2): the producer wakes an M for an idle P; the consumer's re-check sees work.
 *
 * Forbidden: (false, false), a lost wake-up. The Dekker argument, now over two variables: all the
 * accesses involved are sequentially consistent (CAS, volatile, getAndAdd). If the re-check saw no
 * work it came before the push, and so did npidle = 1 and the decrement; the producer loads npidle
 * and nmspinning after its push, so it reads 1 and 0 and wakep goes on. Go's findRunnable states
 * the same rule: drop nmspinning before checking all P's for work.
 *
 * Weakened twin: NoLostWakeupSpinnerHandshakeRecheckBeforeDrop.
 */
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the producer wakes an M for the idle P")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the consumer finds the work and takes a P back")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both: one M spins for nothing")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "lost wake-up: nobody woken, the consumer parks")
@State
public class NoLostWakeupSpinnerHandshake {
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
        sched.dropSpinning();
        r.r2 = sched.hasWorkAnywhere();
    }
}
