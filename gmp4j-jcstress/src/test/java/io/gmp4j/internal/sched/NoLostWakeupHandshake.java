package io.gmp4j.internal.sched;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Protocol: no lost wake-ups (GmpScheduler note 3), the idle-P half: a goroutine readied from
 * outside our M's against an M that was not spinning and gives up its P. Real GlobalRunQueue,
 * SpinLock and P; npidle and nmspinning as IdleWakeModel declares them (GmpScheduler's modes).
 *
 * Mirrors (GmpScheduler as of 5f8ee3e):
 *   actor producer  ready(t) called off our M's (a timer thread, the poller, another thread):
 *                       global.push(t);        // ConcurrentLinkedQueue.offer: a CAS
 *                       wakep();               // r1: wakep's test passes (IdleWakeModel.wakep)
 *   actor consumer  goIdle(m, p) of an M with m.spinning == false:
 *                       idleLock.lock(); try { idleP.push(p); npidle = idleP.size(); }
 *                       finally { idleLock.unlock(); }          // IdleWakeModel.publishIdleP
 *                       m.notBusy(); m.p = null; dropSpinning(m); // not spinning: no change
 *                       if (hasWorkAnywhere()) { ...take an idle P back... }   // r2
 *                   Left out: the casOwner, clearStale and parks++ before the publication, and
 *                   notBusy (a release store) after it: none orders the re-check.
 *
 * Outcome (r1, r2): the producer wakes an M for an idle P; the consumer's re-check sees work.
 *
 * Forbidden: (false, false). The producer saw no idle P and woke nobody, and the consumer saw no
 * work and parks: the goroutine waits in the global queue while a P is idle, until something else
 * happens (a lost wake-up). The Dekker argument: the push (a CAS), the producer's loads of npidle
 * and nmspinning, the consumer's npidle store and its re-check (volatile loads of the queue's head
 * and of the ring) are all sequentially consistent, so they fall in one total order. If the
 * re-check saw no work it came before the push, and npidle = 1 before it; the producer's load of
 * npidle comes after its push, so it reads 1, nmspinning is 0 throughout, and wakep goes on.
 * (true, true) is harmless: one M spins for nothing.
 *
 * Weakened twin: NoLostWakeupHandshakeReleaseNpidle.
 */
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the producer wakes an M for the idle P")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the consumer finds the work and takes a P back")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both: one M spins for nothing")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "lost wake-up: nobody woken, the consumer parks")
@State
public class NoLostWakeupHandshake {
    private static final GTask READIED = new GTask(null, null);

    final P consumersP = new P(1, 2);
    final IdleWakeModel sched = new IdleWakeModel(0, consumersP);

    @Actor
    public void producer(ZZ_Result r) {
        sched.global.push(READIED);
        r.r1 = sched.wakep();
    }

    @Actor
    public void consumer(ZZ_Result r) {
        sched.publishIdleP();
        r.r2 = sched.hasWorkAnywhere();
    }
}
