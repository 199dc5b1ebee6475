package io.gmp4j.adopted;

import io.gmp4j.Scheduler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link VirtualThreadsInGoroutinesSpec} with the default P's (2 on CI). */
class VirtualThreadsInGoroutinesTest extends VirtualThreadsInGoroutinesSpec {
    @Test
    void runsWithMoreThanOneP() {
        assertThat(Scheduler.procs()).isGreaterThan(1);
    }
}
