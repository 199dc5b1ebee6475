package io.gmp4j.diag;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot ring buffer: capacity, thresholds on a rising edge, rotation, the timer. */
class SnapshotRecorderTest {
    private static Snapshot snapshot(int running, int blocked, long second) {
        List<GoroutineInfo> gs = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < running; i++) {
            gs.add(new GoroutineInfo(id++, "r", "running", 0, Map.of(), List.of(), null, 0, false));
        }
        for (int i = 0; i < blocked; i++) {
            gs.add(new GoroutineInfo(id++, "b", "chan receive", 0, Map.of(), List.of(), null, 0, false));
        }
        return Snapshot.of(Instant.parse("2026-11-27T00:00:00Z").plusSeconds(second), gs);
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theRingKeepsTheNewestSnapshots() {
        SnapshotRecorder r = SnapshotRecorder.builder().capacity(3).build();
        for (int i = 0; i < 5; i++) {
            r.record(snapshot(1, i, i));
        }
        assertThat(r.snapshots()).extracting(s -> s.goroutines().size()).containsExactly(3, 4, 5);
    }

    @Test
    void aDumpIsSavedOncePerEpisodeAboveAThreshold(@TempDir Path dir) throws IOException {
        SnapshotRecorder r = SnapshotRecorder.builder().directory(dir).goroutineThreshold(10).build();
        assertThat(r.record(snapshot(5, 5, 0))).isNull();           // 10: not above
        Path first = r.record(snapshot(5, 6, 1));                   // 11: crosses
        assertThat(first).isNotNull();
        assertThat(r.record(snapshot(5, 7, 2))).isNull();           // still above: same episode
        assertThat(r.record(snapshot(1, 1, 3))).isNull();           // back below
        Path second = r.record(snapshot(20, 0, 4));                 // a new episode
        assertThat(second).isNotNull();
        assertThat(files(dir)).containsExactly("goroutines-20261127T000001.000Z-11.txt", "goroutines-20261127T000004.000Z-20.txt");
        assertThat(Files.readString(first)).startsWith("goroutine 1 [running]:").contains("goroutine 11 [chan receive]:");
    }

    @Test
    void theBlockedRatioIsAThresholdToo(@TempDir Path dir) {
        SnapshotRecorder r = SnapshotRecorder.builder().directory(dir).blockedRatioThreshold(0.8).build();
        assertThat(r.record(snapshot(2, 8, 0))).isNull();           // exactly 0.8: not above
        assertThat(r.record(snapshot(1, 9, 1))).isNotNull();        // 0.9
    }

    @Test
    void onlyTheNewestDumpFilesAreKeptAndOtherFilesAreLeftAlone(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        SnapshotRecorder r = SnapshotRecorder.builder().directory(dir).maxFiles(2).goroutineThreshold(3).build();
        for (int i = 0; i < 5; i++) {
            r.record(snapshot(4, 0, 2L * i));     // above
            r.record(snapshot(1, 0, 2L * i + 1)); // below: ends the episode
        }
        assertThat(files(dir)).containsExactly("goroutines-20261127T000006.000Z-4.txt",
                "goroutines-20261127T000008.000Z-4.txt", "notes.txt");
    }

    @Test
    void startedItRecordsLiveGoroutinesOnItsOwnAndSavesWhenTheyPileUp(@TempDir Path dir) throws Exception {
        LinkedBlockingQueue<Path> saved = new LinkedBlockingQueue<>();
        int before = Snapshot.capture().goroutines().size();
        Chan<Integer> never = Chan.make();
        List<Goroutine> gs = new ArrayList<>();
        try (SnapshotRecorder r = SnapshotRecorder.builder().interval(Duration.ofMillis(20)).directory(dir)
                .goroutineThreshold(before + 50).onSaved(saved::add).build().start()) {
            for (int i = 0; i < 100; i++) {
                gs.add(Go.go(never::recv));
            }
            Path file = saved.poll(20, TimeUnit.SECONDS);
            assertThat(file).as("no dump saved").isNotNull();
            assertThat(Files.readString(file)).contains("[chan receive]");
            assertThat(r.snapshots()).isNotEmpty();
        }
        never.close();
        for (Goroutine g : gs) {
            g.join();
        }
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> SnapshotRecorder.builder().capacity(0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> SnapshotRecorder.builder().blockedRatioThreshold(1.5)).hasMessageContaining("blockedRatioThreshold");
        assertThatThrownBy(() -> SnapshotRecorder.builder().interval(Duration.ZERO)).hasMessageContaining("interval");
        assertThatThrownBy(() -> SnapshotRecorder.builder().maxFiles(0)).hasMessageContaining("maxFiles");
    }
}
