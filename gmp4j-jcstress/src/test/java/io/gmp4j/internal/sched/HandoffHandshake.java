package io.gmp4j.internal.sched;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Protocol: the hand-off handshake between a stuck M and sysmon (GmpScheduler note 4; M.busy,
 * P.owner), in its minimal form. The real M and P, and their real operations.
 *
 * Mirrors (GmpScheduler as of 5f8ee3e):
 *   actor m       ready(), the branch for a goroutine running on one of our M's:
 *                     m.busy = true;               // volatile store (M.busy)
 *                     if (p.owner == m) {          // volatile load (P.owner)
 *                         try { ...owner-only access of p.runq... } finally { m.notBusy(); }
 *                 notBusy() is M's release store (BUSY.setRelease). schedule() opens every round
 *                 with the same "m.busy = true; if (p.owner != m)".
 *   actor sysmon  handoff():
 *                     p.casOwner(m, null)          // CAS (P.OWNER.compareAndSet)
 *                     while (m.busy) Thread.onSpinWait();
 *                     ...startM(p, false): the P goes to a spare M...
 * The owner-only access is a plain write to ringAccess (the ring's owner side writes its slots
 * with plain stores). Sysmon reads it where the spare M would start on the ring: startM and handP
 * order the spare M after sysmon with volatile stores, so what sysmon sees the spare M sees.
 *
 * Outcome (r1, r2): the M saw itself as the owner; sysmon, once it stopped waiting, saw the M's
 * access.
 *
 * Forbidden: (true, false). The M used the ring as its owner, and sysmon stopped waiting without
 * seeing that access: for a while the ring had two owners. The Dekker argument: busy = true, the
 * owner load, the CAS and sysmon's loads of busy are all volatile (or a CAS), so they fall in one
 * total order consistent with each thread's program order. The M read owner == m, so its load
 * precedes the CAS, and so does its busy = true; every busy load sysmon makes after its CAS then
 * sees true, until the M's notBusy. Sysmon can stop only on the false written by notBusy, and a
 * volatile load that reads a release store synchronizes with it: the M's access happens-before
 * sysmon's read of ringAccess, which sees 1. (true, true): the M got there first; (false, false):
 * sysmon did, and the M left the ring alone (ready() then pushes to the global queue).
 *
 * Cost: an M is an unstarted Thread; constructing one took ~50 ns here, small beside jcstress's
 * own cost per sample (~300 ns on this 2-CPU machine), so each state gets its own M and P.
 *
 * Weakened twin: HandoffHandshakeReleaseBusy.
 */
@JCStressTest
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "M kept the P; its access finished before sysmon stopped waiting")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "sysmon took the P first; the M saw that and left the ring alone")
@Outcome(id = "true, false", expect = FORBIDDEN, desc = "two owners: sysmon stopped waiting before the M's owner access")
@Outcome(expect = FORBIDDEN, desc = "the M's access appeared although it saw the P gone")
@State
public class HandoffHandshake {
    final M m = new M(null, 0);
    final P p = new P(0, 2);
    /** Stands for the M's owner-only access to p.runq: 1 once done. */
    int ringAccess;

    public HandoffHandshake() {
        p.owner = m; // the M holds the P; jcstress publishes the state to both actors
    }

    @Actor
    public void m(ZZ_Result r) {
        m.busy = true;
        boolean owner = p.owner == m;
        if (owner) {
            ringAccess = 1;
        }
        m.notBusy();
        r.r1 = owner;
    }

    @Actor
    public void sysmon(ZZ_Result r) {
        p.casOwner(m, null); // always wins: nobody else moves this P
        while (m.busy) {
            Thread.onSpinWait();
        }
        r.r2 = ringAccess == 1;
    }
}
