package io.gmp4j.diag;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Goroutines start in gmp4j's own JDK thread container, and the JDK's own thread dumps (what
 * {@code jcmd PID Thread.dump_to_file -format=json} writes) still show them, under it.
 */
class ThreadContainerTest {
    @Test
    void jdkThreadDumpsListGoroutinesUnderTheGmp4jContainer(@TempDir Path dir) throws Exception {
        Chan<Integer> hold = Chan.make();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            gs.add(Go.go("dumped-" + i, () -> hold.send(1)));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (gs.stream().anyMatch(g -> g.state() != GoroutineState.WAITING)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        Path out = dir.resolve("threads.json");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(out.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        String json = Files.readString(out);
        assertThat(json).contains("\"container\": \"gmp4j goroutines");
        int container = json.indexOf("\"container\": \"gmp4j goroutines");
        String section = json.substring(container);
        for (int i = 0; i < 3; i++) {
            assertThat(section).contains("\"name\": \"dumped-" + i + "\"");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(hold.recv()).isEqualTo(1);
        }
        gs.forEach(Goroutine::join);
    }
}
