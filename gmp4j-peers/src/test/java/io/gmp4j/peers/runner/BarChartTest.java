package io.gmp4j.peers.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.gmp4j.peers.runner.TestRuns.HEAP;
import static io.gmp4j.peers.runner.TestRuns.RSS;
import static io.gmp4j.peers.runner.TestRuns.W1;
import static org.assertj.core.api.Assertions.assertThat;

/** The PNG report: readable back, sized by its panels, drawn whatever is missing. */
class BarChartTest {
    private static final List<Peer> ALL_PEERS = List.of(Peer.values());

    @TempDir
    Path dir;

    private BufferedImage draw(Results results, List<Workload> workloads, List<Peer> peers) throws IOException {
        Path file = dir.resolve("results-" + workloads.size() + "-" + peers.size() + ".png");
        BarChart.write(results, TestRuns.info(3, 1, workloads, peers), file);
        assertThat(file).isRegularFile();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img).as("ImageIO reads it back").isNotNull();
        return img;
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void writesAReadablePngWithAPanelPerMetric() throws IOException {
        BufferedImage img = draw(TestRuns.sample(), List.of(Workload.values()), ALL_PEERS);

        assertThat(img.getWidth()).isGreaterThanOrEqualTo(2 * 700); // two panels a row
        assertThat(img.getHeight()).isGreaterThan(5 * 100); // nine metrics, five rows of panels
        assertThat(colours(img)).as("bars, text and whiskers, not a blank page").isGreaterThan(10);
    }

    @Test
    void moreMetricsMakeATallerImage() throws IOException {
        BufferedImage one = draw(TestRuns.sample(), List.of(Workload.W1), ALL_PEERS);
        BufferedImage all = draw(TestRuns.sample(), List.of(Workload.values()), ALL_PEERS);

        assertThat(all.getHeight()).isGreaterThan(one.getHeight());
        assertThat(one.getWidth()).isLessThan(all.getWidth()); // a single panel needs one column only
    }

    @Test
    void copesWithNothingMeasuredAtAll() throws IOException {
        Results r = new Results();
        r.skip(Peer.GO, "no Go toolchain");
        r.fail(W1, Peer.GMP4J, "did not start");

        BufferedImage img = draw(r, List.of(Workload.W1, Workload.W6), ALL_PEERS);

        assertThat(img.getWidth()).isPositive();
    }

    @Test
    void copesWithNegativeFigures() throws IOException {
        Results r = new Results();
        TestRuns.add(r, HEAP, Peer.GMP4J, -100, 50, 20); // heap can shrink across a measurement
        TestRuns.add(r, HEAP, Peer.JDK, 800);
        TestRuns.add(r, RSS, Peer.GMP4J, -4096, -8192); // every figure below zero
        TestRuns.add(r, RSS, Peer.JDK, -1);

        BufferedImage img = draw(r, List.of(Workload.W6), List.of(Peer.GMP4J, Peer.JDK));

        assertThat(colours(img)).isGreaterThan(2);
    }

    @Test
    void copesWithNoPeers() throws IOException {
        BufferedImage img = draw(new Results(), List.of(Workload.W1), List.of());

        assertThat(img.getHeight()).isPositive();
    }
}
