package io.gmp4j.internal.g;

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
 * Protocol: the wait-epoch publication (GWait's notes): a goroutine publishes its gmp4j wait on its
 * own record, and readers on other threads (snapshots, the leak detector) read it field by field
 * with no lock. The real G, its real beginWait, endWait and readers.
 *
 * Mirrors (GWait, working tree of 2026-12-02; WaitEpochModel quotes the code):
 *   actor goroutine  what the park path (internal.park.Park) does between two waits: it resumes
 *                    from the first (set up in the constructor: beginWait("chan receive", t1)),
 *                    endWait(), and parks again, beginWait("select", t2).
 *                      beginWait: waitEpoch++ (plain); waitStack = captureWaitStack ? ... : null;
 *                                 WAITING_ON.setRelease; WAIT_SINCE.setRelease;
 *                                 WAIT_REASON.setRelease(reason)   -- last
 *                      endWait:   WAIT_REASON.setRelease(null)     -- first
 *                                 WAITING_ON.setRelease(null)
 *   actor snapshot   what a reader reads, in LeakDetector.report's order with Capture's
 *                    waitEpoch() added: gmp4jWaitReason(), waitEpoch(), waitTarget(),
 *                    waitSinceNanos(). Each is a volatile read of waitReason, then (when not
 *                    null) the other field: the epoch plain, the target and since volatile.
 * LeakSinks.captureWaitStack is false here: no LeakSink provider is on this module's class path and
 * nothing calls LeakSinks.get(), so the sink stays null and the call is one volatile load.
 *
 * Outcome (r1, r2, r3, r4): see WaitReadings (reason 0 none, 1 first, 2 second; the epoch; target
 * 0 null, 1 first, 2 second; since 0, 1 first, 2 second).
 *
 * Forbidden, the two promises readers rely on:
 *  - the epoch looks unchanged across a change of wait: "[02], 1, _". Having read the second
 *    reason (or none: the first wait ended), waitEpoch() returns the first wait's number. Two
 *    readings around a look at the goroutine could then agree although it changed waits in
 *    between, and Capture would keep a stack that is not its wait's.
 *  - the reason is published before the rest: "2, 2, [01], _" or "2, 2, 2, [01]". Having read the
 *    second reason, the reader gets no target or the first wait's, or the first wait's since.
 *  - anything else unlisted is one of these seen a read later (a later read of the reason sees the
 *    second wait without its target or since) or a read going back to an older value.
 * The argument: the goroutine is the only writer, and each of its stores but the epoch's is a
 * release store; each reading is a volatile (so acquiring) read of waitReason first. A reader that
 * reads "select" from the last store of beginWait synchronizes with it, so the epoch's ++, the
 * target and the since stored before it in program order are visible to it, and nothing later
 * overwrites them: r2 = 2, r3 = 2, r4 = 2. Coherence carries this from r1 to the later readings
 * (each re-reads waitReason, which cannot go back from "select", nor from null to "chan receive").
 * Reading null (endWait's first store), waitEpoch() re-reads the reason: null again (-1) or
 * "select" (then 2); never 1.
 *
 * Not forbidden: a reader that read "chan receive" may read the target after endWait cleared it,
 * so waitTarget() may return null although its own read of the reason was not null, even with
 * every access sequentially consistent (read the reason; the goroutine runs endWait; read the
 * target). "A non-null reason implies the target is set" holds as "never an older target than
 * the reason's wait": the next value (null, or the next wait's) may come with it. The outcomes
 * cannot tell this from waitTarget() reading a null reason ("1, _, 0, _" either way). And the
 * plain epoch may read 2 while the reason still reads "chan receive": the epoch can run ahead of
 * the reason, never behind it. "1, 2, 0, 0" shows it (the reason was read non-null, then null:
 * the epoch's 2 came before "select" was published).
 * An enumeration of what the memory model allows gives exactly the 22 acceptable states below
 * (one writer, all of whose stores but the epoch's are release stores: each of the reader's
 * volatile reads sees the last store it has synchronized with or a later one; its plain read of
 * the epoch any value not older than that).
 *
 * Weakened twin: WaitEpochModelReasonFirst, through the model (WaitEpochModelPublication is this
 * test on WaitEpochModel; GWait itself cannot be weakened from here).
 */
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
public class WaitEpochPublication {
    final G g = WaitReadings.newRecord();
    final long firstSince;

    public WaitEpochPublication() {
        g.beginWait(FIRST_REASON, FIRST_TARGET);
        firstSince = g.waitSinceNanos();
    }

    @Actor
    public void goroutine() {
        g.endWait();
        g.beginWait(SECOND_REASON, SECOND_TARGET);
    }

    @Actor
    public void snapshot(IIII_Result r) {
        String reason = g.gmp4jWaitReason();
        long epoch = g.waitEpoch();
        WaitTarget target = g.waitTarget();
        long since = g.waitSinceNanos();
        WaitReadings.record(r, reason, epoch, target, since, firstSince);
    }
}
