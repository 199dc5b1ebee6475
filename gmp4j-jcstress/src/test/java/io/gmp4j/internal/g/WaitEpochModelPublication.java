package io.gmp4j.internal.g;

import io.gmp4j.jcstress.ModelOf;
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
 * WaitEpochPublication (read its comment first) on WaitEpochModel, GWait's wait publication
 * mirrored line for line, instead of the real G: the same actors, the same outcomes. It must pass
 * like the real test; its weakened twin, WaitEpochModelReasonFirst, differs from it by exactly the
 * one weakened ordering, which GWait itself (in gmp4j-core) cannot be made to show from here.
 *
 * Weakened twin: WaitEpochModelReasonFirst.
 */
@ModelOf(WaitEpochPublication.class)
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
public class WaitEpochModelPublication {
    final WaitEpochModel w = new WaitEpochModel(WaitReadings.MODELS_RECORD);
    final long firstSince;

    public WaitEpochModelPublication() {
        w.beginWait(FIRST_REASON, FIRST_TARGET);
        firstSince = w.waitSinceNanos();
    }

    @Actor
    public void goroutine() {
        w.endWait();
        w.beginWait(SECOND_REASON, SECOND_TARGET);
    }

    @Actor
    public void snapshot(IIII_Result r) {
        String reason = w.gmp4jWaitReason();
        long epoch = w.waitEpoch();
        WaitTarget target = w.waitTarget();
        long since = w.waitSinceNanos();
        WaitReadings.record(r, reason, epoch, target, since, firstSince);
    }
}
