package io.gmp4j.internal.sched;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run queue's hot fields (head: every consumer's CAS; tail: the owner's release store;
 * runnext: the owner's swap and thieves' CAS) sit at least two cache lines (128 bytes) apart and
 * away from the queue's read-mostly fields, as JOL reads HotSpot's actual layout of the class.
 * With the padding declared in one class (the old layout), HotSpot grouped the longs together and
 * put head and tail 4 bytes apart.
 */
class LocalRunQueueLayoutTest {
    private static final int TWO_LINES = 128;

    @Test
    void headTailAndRunnextAreTwoCacheLinesApartFromEachOtherAndFromTheFinalFields() {
        ClassLayout layout = ClassLayout.parseClass(LocalRunQueue.class);
        Map<String, Long> offset = layout.fields().stream()
                .collect(Collectors.toMap(FieldLayout::name, FieldLayout::offset, (a, b) -> a));
        long head = offset.get("head");
        long tail = offset.get("tail");
        long runnext = offset.get("runnext");
        long buf = offset.get("buf");
        long mask = offset.get("mask");
        assertThat(tail - head).as(layout.toPrintable()).isGreaterThanOrEqualTo(TWO_LINES);
        assertThat(runnext - tail).as(layout.toPrintable()).isGreaterThanOrEqualTo(TWO_LINES);
        assertThat(Math.min(buf, mask) - runnext).as(layout.toPrintable()).isGreaterThanOrEqualTo(TWO_LINES);
        assertThat(head).as("head after the leading padding").isGreaterThanOrEqualTo(TWO_LINES);
    }
}
