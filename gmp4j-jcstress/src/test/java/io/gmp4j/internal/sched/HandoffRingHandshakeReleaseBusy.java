package io.gmp4j.internal.sched;

import io.gmp4j.jcstress.WeakenedTwin;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZII_Result;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Weakened twin of HandoffRingHandshake (read its comment first): the M's busy = true is a release
 * store (setRelease) instead of a volatile store; nothing else changes.
 *
 * The M's owner load may then pass its busy store (x86: the store waits in the store buffer), so
 * sysmon's CAS and its load of the old busy == false can both fall between them: the spare M
 * starts on the ring while the M, which saw itself as owner, is offering into it. jcstress shows
 * both forbidden states, the empty ring (true, 0, 2) and the lost goroutine (true, 0, 1).
 * Expected: jcstress FAILS this test.
 *
 * Seen 5 to 557 times in runs of 1 s here (the rate varies a hundredfold between forks), so the
 * driver's short run gives this twin 3 s.
 */
@WeakenedTwin(of = HandoffRingHandshake.class,
        weakened = "the M's busy = true is a release store, not a volatile one",
        shortRunSeconds = 3)
@JCStressTest
@Outcome(id = "true, 1, 2", expect = ACCEPTABLE, desc = "M kept the P and queued locally before the spare M started")
@Outcome(id = "false, 0, 2", expect = ACCEPTABLE, desc = "sysmon took the P first; the M queued globally")
@Outcome(id = "true, 0, 2", expect = FORBIDDEN, desc = "two owners: the spare M started during the M's offer")
@Outcome(id = "true, 0, 1", expect = FORBIDDEN, desc = "two owners wrote the same slot: a goroutine lost")
@Outcome(expect = FORBIDDEN, desc = "not a state of the protocol")
@State
public class HandoffRingHandshakeReleaseBusy {
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(M.class, "busy", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final GTask READIED_BY_M = new GTask(null, null);
    private static final GTask QUEUED_BY_SPARE_M = new GTask(null, null);

    final M m = new M(null, 0);
    final P p = new P(0, 2);
    final GlobalRunQueue global = new GlobalRunQueue();

    public HandoffRingHandshakeReleaseBusy() {
        p.owner = m;
    }

    @Actor
    public void m(ZII_Result r) {
        BUSY.setRelease(m, true); // weakened: was m.busy = true
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
