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
 * Weakened twin of NoLostWakeupHandshake (read its comment first): npidle is published with a
 * release store (setRelease) and read with an acquire load (getAcquire) instead of volatile
 * accesses. The store also moves from inside the lock to just after the unlock: inside, the
 * unlock's volatile store would put a full fence after it on x86 and hide the reordering (the JMM
 * allows the outcome there as well).
 *
 * Release/acquire orders a store with what precedes it and a load with what follows it, never a
 * store with a later load: the consumer's re-check may now read the queue before its npidle store
 * is visible (x86: the store waits in the store buffer), and the producer, whose push lands in
 * between, reads the old npidle == 0. Both give up. Expected: jcstress FAILS this test.
 *
 * The outcome is rare (the producer's push ends with a locked increment of the queue's size,
 * which leaves the consumer's store a short window): 4 to 345 times in forks of 1 s here, so the
 * driver's short run gives this twin 3 s.
 */
@WeakenedTwin(of = NoLostWakeupHandshake.class,
        weakened = "npidle published with setRelease after the unlock and read with getAcquire",
        shortRunSeconds = 3)
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the producer wakes an M for the idle P")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the consumer finds the work and takes a P back")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both: one M spins for nothing")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "lost wake-up: nobody woken, the consumer parks")
@State
public class NoLostWakeupHandshakeReleaseNpidle {
    private static final VarHandle NPIDLE;

    static {
        try {
            NPIDLE = MethodHandles.lookup().findVarHandle(IdleWakeModel.class, "npidle", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final GTask READIED = new GTask(null, null);

    final P consumersP = new P(1, 2);
    final IdleWakeModel sched = new IdleWakeModel(0, consumersP);

    @Actor
    public void producer(ZZ_Result r) {
        sched.global.push(READIED);
        // wakep's test with npidle read by getAcquire (weakened: was a volatile load)
        r.r1 = !((int) NPIDLE.getAcquire(sched) == 0
                || sched.nmspinning.get() != 0 || !sched.nmspinning.compareAndSet(0, 1));
    }

    @Actor
    public void consumer(ZZ_Result r) {
        int idle;
        sched.idleLock.lock();
        try {
            idle = ++sched.idlePs;
        } finally {
            sched.idleLock.unlock();
        }
        NPIDLE.setRelease(sched, idle); // weakened: was npidle = idleP.size() inside the lock
        r.r2 = sched.hasWorkAnywhere();
    }
}
