package io.gmp4j.examples;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Scheduler;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's goroutine handles, verbatim ({@code ReadmeExamplesTest} keeps them equal). */
class GoroutineHandlesTest {

    @Test
    void aNamedLabelledGoroutineRunsAndIsJoined() {
        Goroutine g = Go.go("worker", Map.of("job", "import"), () -> {
            // runs on gmp4j's scheduler; Go.current() is this goroutine
        });
        System.out.println(g.id() + " " + g.state() + " " + g.creationSite());
        g.join();
        System.out.println(Scheduler.summary());

        assertThat(g.state()).isEqualTo(GoroutineState.DEAD);
        assertThat(g.name()).isEqualTo("worker");
        assertThat(g.labels()).containsEntry("job", "import");
    }
}
