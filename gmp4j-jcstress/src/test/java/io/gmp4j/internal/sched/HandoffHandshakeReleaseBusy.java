package io.gmp4j.internal.sched;

import io.gmp4j.jcstress.WeakenedTwin;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Weakened twin of HandoffHandshake (read its comment first): the same actors and outcomes, with
 * the M's busy = true written by a release store (setRelease) instead of a volatile store.
 *
 * A release store orders what precedes it, not what follows: the M's owner load may now be
 * satisfied before busy = true is visible. The JMM allows (true, false), and x86 shows it: the
 * store waits in the store buffer (HotSpot emits no fence after a release store) while the load
 * reads owner == m; sysmon's CAS lands, its load of busy reads the old false, and it reads
 * ringAccess before the M's write drains. Expected: jcstress FAILS this test.
 *
 * Seen 19 to 578 times in runs of 1 s here (the rate varies tenfold between forks, and a loaded
 * machine cuts the samples), so the driver's short run gives this twin 3 s.
 */
@WeakenedTwin(of = HandoffHandshake.class,
        weakened = "the M's busy = true is a release store, not a volatile one",
        shortRunSeconds = 3)
@JCStressTest
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "M kept the P; its access finished before sysmon stopped waiting")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "sysmon took the P first; the M saw that and left the ring alone")
@Outcome(id = "true, false", expect = FORBIDDEN, desc = "two owners: sysmon stopped waiting before the M's owner access")
@Outcome(expect = FORBIDDEN, desc = "the M's access appeared although it saw the P gone")
@State
public class HandoffHandshakeReleaseBusy {
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(M.class, "busy", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final M m = new M(null, 0);
    final P p = new P(0, 2);
    int ringAccess;

    public HandoffHandshakeReleaseBusy() {
        p.owner = m;
    }

    @Actor
    public void m(ZZ_Result r) {
        BUSY.setRelease(m, true); // weakened: was m.busy = true
        boolean owner = p.owner == m;
        if (owner) {
            ringAccess = 1;
        }
        m.notBusy();
        r.r1 = owner;
    }

    @Actor
    public void sysmon(ZZ_Result r) {
        p.casOwner(m, null);
        while (m.busy) {
            Thread.onSpinWait();
        }
        r.r2 = ringAccess == 1;
    }
}
