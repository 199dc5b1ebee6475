package io.gmp4j.internal.sched;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/*
 * Where the no-lost-wake-up handshake (GmpScheduler note 3) does NOT reach: a goroutine readied
 * into its own M's local ring. Real M, P, LocalRunQueue, GlobalRunQueue and SpinLock; npidle and
 * nmspinning as IdleWakeModel declares them.
 *
 * Mirrors (GmpScheduler as of 5f8ee3e):
 *   actor producer  ready(t) for a goroutine re-submitting itself on M0, which holds P0 (self:
 *                   Thread.yield, or a park that raced with its unpark):
 *                       m.busy = true;
 *                       if (p.owner == m) {
 *                           try { putLocal(p, t); }    // p.runq.offer(t): tail by setRelease
 *                           finally { m.notBusy(); }   // a release store
 *                           wakep(); return;           // r1: wakep's test passes
 *                       }
 *   actor consumer  goIdle(m, p) of another M, not spinning, giving up P1: as in
 *                   NoLostWakeupHandshake (publishIdleP, then hasWorkAnywhere over P0 and P1; r2).
 *
 * Outcome (r1, r2): the producer wakes an M for the idle P; the consumer's re-check sees work.
 *
 * (false, false) is a lost wake-up as in NoLostWakeupHandshake, and it is NOT forbidden here: the
 * offer publishes the goroutine with a release store of the ring's tail, and nothing between it
 * and wakep's load of npidle is a full fence (notBusy is a release store too). Release/acquire
 * does not order a store with a later load, so the JMM allows the outcome, and x86 shows it: the
 * tail store waits in M0's store buffer while wakep reads npidle == 0 and the consumer reads the
 * old tail. Note 3's "both sides are sequentially consistent" holds for a global push (a CAS:
 * NoLostWakeupHandshake) and, by the same argument, for runnext (putNext is a getAndSet; not
 * tested here), not for this offer.
 *
 * Why it is tolerated: the goroutine sits in the ring of a P whose M is running, and on the self
 * path it is that M's current goroutine, about to unmount, and M0 takes it from its own ring in
 * findRunnable; if M0 were stuck instead, sysmon's nudge and hand-off apply. What is lost is
 * a chance for the idle P to run it in parallel, not the goroutine. A full fence before wakep's
 * loads (VarHandle.fullFence) would close the window if that ever matters. The driver reports how
 * often jcstress sees it; it asserts only that the test passes.
 */
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the producer wakes an M for the idle P")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the consumer finds the work and takes a P back")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both: one M spins for nothing")
@Outcome(id = "false, false", expect = ACCEPTABLE_INTERESTING,
        desc = "nobody woken: the goroutine waits for its own, running M (no fence after a local offer)")
@State
public class NoLostWakeupLocalOffer {
    private static final GTask READIED = new GTask(null, null);

    final M m = new M(null, 0);
    final P producersP = new P(0, 2);
    final P consumersP = new P(1, 2);
    final IdleWakeModel sched = new IdleWakeModel(0, producersP, consumersP);

    public NoLostWakeupLocalOffer() {
        producersP.owner = m;
    }

    @Actor
    public void producer(ZZ_Result r) {
        m.busy = true;
        if (producersP.owner == m) {
            try {
                producersP.runq.offer(READIED);
            } finally {
                m.notBusy();
            }
            r.r1 = sched.wakep();
        }
    }

    @Actor
    public void consumer(ZZ_Result r) {
        sched.publishIdleP();
        r.r2 = sched.hasWorkAnywhere();
    }
}
