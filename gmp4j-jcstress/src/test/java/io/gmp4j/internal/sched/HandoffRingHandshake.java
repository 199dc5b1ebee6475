package io.gmp4j.internal.sched;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Protocol: the hand-off handshake (GmpScheduler note 4), with the owner-only access itself: the
 * stuck M readies a goroutine into its P's ring while sysmon takes the P for a spare M, which
 * starts queueing into the same ring. Real M, P, LocalRunQueue and GlobalRunQueue.
 *
 * Mirrors (GmpScheduler as of 5f8ee3e):
 *   actor m       ready(t) for a goroutine re-submitting itself (self: putLocal, whose first step
 *                 is p.runq.offer(t)):
 *                     m.busy = true;
 *                     if (p.owner == m) {
 *                         try { putLocal(p, t); } finally { m.notBusy(); }
 *                         wakep(); return;
 *                     }
 *                     m.notBusy();
 *                     global.push(t); wakep();
 *                 (wakep is left out: it touches neither the ring nor busy.)
 *   actor sysmon  handoff(): p.casOwner(m, null); while (m.busy) Thread.onSpinWait(); then the
 *                 spare M that startM hands the P to, here played by sysmon itself (startM and
 *                 handP order it after sysmon with volatile stores): it looks at the ring
 *                 (runq.size()) and queues a goroutine of its own (runq.offer, owner side).
 *   arbiter       counts the goroutines queued in the end, ring and global queue.
 *
 * Outcome (r1, r2, r3): the M saw itself as owner; the ring's size when the spare M started on it;
 * goroutines queued in the end (two were readied).
 *
 * Forbidden: (true, 0, _). The M offered into the ring as its owner, yet the spare M found the ring
 * empty: it started while the M's offer was still under way. With (true, 0, 1) the two owners
 * wrote the same slot and a goroutine was lost. The argument is HandoffHandshake's: if the M read
 * owner == m, sysmon can stop waiting only on notBusy's release store, so the whole offer (the
 * slot's plain store, the tail's release store) happens-before the spare M's size() and offer().
 * Every outcome other than (true, 1, 2) and (false, 0, 2) is forbidden.
 *
 * Weakened twin: HandoffRingHandshakeReleaseBusy.
 */
@JCStressTest
@Outcome(id = "true, 1, 2", expect = ACCEPTABLE, desc = "M kept the P and queued locally before the spare M started")
@Outcome(id = "false, 0, 2", expect = ACCEPTABLE, desc = "sysmon took the P first; the M queued globally")
@Outcome(id = "true, 0, 2", expect = FORBIDDEN, desc = "two owners: the spare M started during the M's offer")
@Outcome(id = "true, 0, 1", expect = FORBIDDEN, desc = "two owners wrote the same slot: a goroutine lost")
@Outcome(expect = FORBIDDEN, desc = "not a state of the protocol")
@State
public class HandoffRingHandshake {
    private static final GTask READIED_BY_M = new GTask(null, null);
    private static final GTask QUEUED_BY_SPARE_M = new GTask(null, null);

    final M m = new M(null, 0);
    final P p = new P(0, 2); // room for both goroutines: offer never fails, putLocal never spills
    final GlobalRunQueue global = new GlobalRunQueue();

    public HandoffRingHandshake() {
        p.owner = m;
    }

    @Actor
    public void m(ZII_Result r) {
        m.busy = true;
        if (p.owner == m) {
            try {
                p.runq.offer(READIED_BY_M);
            } finally {
                m.notBusy();
            }
            r.r1 = true;
            return;
        }
        m.notBusy();
        global.push(READIED_BY_M);
    }

    @Actor
    public void sysmon(ZII_Result r) {
        p.casOwner(m, null);
        while (m.busy) {
            Thread.onSpinWait();
        }
        r.r2 = p.runq.size();
        p.runq.offer(QUEUED_BY_SPARE_M);
    }

    @Arbiter
    public void queued(ZII_Result r) {
        r.r3 = p.runq.size() + global.size();
    }
}
