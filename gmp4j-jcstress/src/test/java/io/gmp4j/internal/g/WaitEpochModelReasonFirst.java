package io.gmp4j.internal.g;

import io.gmp4j.jcstress.WeakenedTwin;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static io.gmp4j.internal.g.WaitReadings.FIRST_REASON;
import static io.gmp4j.internal.g.WaitReadings.FIRST_TARGET;
import static io.gmp4j.internal.g.WaitReadings.SECOND_REASON;
import static io.gmp4j.internal.g.WaitReadings.SECOND_TARGET;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Weakened twin of WaitEpochModelPublication (read WaitEpochPublication's comment first): the same
 * actors and outcomes, with beginWait publishing the reason first, before the epoch's ++, the
 * stack, the target and the since, instead of last. Every access keeps its mode; the ordering
 * weakened is the program order of the reason's release store and the stores it must cover.
 *
 * No reordering by the hardware is needed: the reader reads "select" while the rest of beginWait
 * is still to run, and reads the old epoch (1), the target endWait cleared (null), or the first
 * wait's since. The since is the widest window (System.nanoTime() runs between the reason and it),
 * and r4 is the reader's last reading. Expected: jcstress FAILS this test.
 *
 * Weakening the access modes instead, in GWait's order, makes no twin for the short run on this
 * x86 machine, which keeps stores in program order: with the release stores made opaque, jcstress
 * saw no forbidden state in 28.7 M samples (HotSpot keeps opaque stores in order too); made plain,
 * 67 in 82.8 M (C2 moved the plain store of the since after the reason's; about one sample in a
 * million, where the short run takes 0.5-1.5 M). README.md has the figures.
 */
@WeakenedTwin(of = WaitEpochModelPublication.class,
        weakened = "beginWait publishes the reason first, before the epoch's ++, the target and the since")
@JCStressTest
@Outcome(id = "2, 2, 2, 2", expect = ACCEPTABLE, desc = "in the second wait: its reason, epoch, target and since")
@Outcome(id = {"0, -1, 0, [02]", "0, -1, 2, 2", "0, 2, 2, 2"}, expect = ACCEPTABLE,
        desc = "between the waits: the later readings see no wait, or the second whole")
@Outcome(id = {"1, -1, 0, [02]", "1, -1, 2, 2", "1, [12], 0, [02]", "1, [12], 1, [012]", "1, [12], 2, [02]"},
        expect = ACCEPTABLE,
        desc = "in the first wait: the later readings may see it end and the second begin (the plain epoch may read 2 first)")
@Outcome(id = "[02], 1, .*", expect = FORBIDDEN,
        desc = "the first wait's epoch after the reader saw it end: the epoch unchanged across a change of wait")
@Outcome(id = {"2, 2, [01], .*", "2, 2, 2, [01]"}, expect = FORBIDDEN,
        desc = "the second reason without its target or since: the reason published before the rest")
@Outcome(expect = FORBIDDEN, desc = "a later reading saw the second reason without its target or since, or went back")
@State
public class WaitEpochModelReasonFirst {
    final WaitEpochModel w = new WaitEpochModel(WaitReadings.MODELS_RECORD);
    final long firstSince;

    public WaitEpochModelReasonFirst() {
        w.beginWait(FIRST_REASON, FIRST_TARGET);
        firstSince = w.waitSinceNanos();
    }

    @Actor
    public void goroutine() {
        w.endWait();
        beginWaitReasonFirst(w, SECOND_REASON, SECOND_TARGET); // weakened: was w.beginWait(...)
    }

    @Actor
    public void snapshot(IIII_Result r) {
        String reason = w.gmp4jWaitReason();
        long epoch = w.waitEpoch();
        WaitTarget target = w.waitTarget();
        long since = w.waitSinceNanos();
        WaitReadings.record(r, reason, epoch, target, since, firstSince);
    }

    /** WaitEpochModel.beginWait with its last line moved first. */
    private static void beginWaitReasonFirst(WaitEpochModel w, String reason, WaitTarget on) {
        WaitEpochModel.WAIT_REASON.setRelease(w, reason); // weakened: was last
        w.waitEpoch++;
        w.waitStack = LeakSinks.captureWaitStack(w.record) ? new Throwable("blocked here") : null;
        WaitEpochModel.WAITING_ON.setRelease(w, on);
        WaitEpochModel.WAIT_SINCE.setRelease(w, System.nanoTime());
    }
}
