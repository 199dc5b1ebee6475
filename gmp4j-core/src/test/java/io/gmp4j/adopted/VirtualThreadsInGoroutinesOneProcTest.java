package io.gmp4j.adopted;

import io.gmp4j.Scheduler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link VirtualThreadsInGoroutinesSpec} with one P (the procs1 surefire execution). */
@Tag("procs1")
class VirtualThreadsInGoroutinesOneProcTest extends VirtualThreadsInGoroutinesSpec {
    @Test
    void runsWithOneP() {
        assertThat(Scheduler.procs()).isEqualTo(1);
    }
}
