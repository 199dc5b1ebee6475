package io.gmp4j.peers.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.gmp4j.peers.runner.TestRuns.W1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The JSON report, read back with Jackson. */
class JsonReportTest {
    private static final List<Workload> WORKLOADS = List.of(Workload.W1, Workload.W6);
    private static final List<Peer> PEERS = List.of(Peer.GMP4J, Peer.GO, Peer.JDK, Peer.KOTLIN);

    @TempDir
    Path dir;

    private JsonNode write(Results results, List<Workload> workloads, List<Peer> peers) throws IOException {
        Path file = dir.resolve("results.json");
        JsonReport.write(results, TestRuns.info(3, 1, workloads, peers), file);
        return new ObjectMapper().readTree(file.toFile());
    }

    private static List<Double> doubles(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }

    private static JsonNode metric(JsonNode root, String name) {
        for (JsonNode m : root.get("metrics")) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name + " in " + root);
    }

    @Test
    void theRunIsDescribed() throws IOException {
        JsonNode root = write(TestRuns.sample(), WORKLOADS, PEERS);

        assertThat(root.get("startedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(root.get("machine").asText()).isEqualTo("Test CPU, 2 cores, Linux amd64");
        assertThat(root.get("rounds").asInt()).isEqualTo(3);
        assertThat(root.get("warmup").asInt()).isEqualTo(1);
        assertThat(root.get("procs").asInt()).isEqualTo(2);
        assertThat(root.get("scale").asDouble()).isEqualTo(0.5);
    }

    @Test
    void peersAreListedInOrderWithTheirBannersOrWhyTheyWereSkipped() throws IOException {
        JsonNode peers = write(TestRuns.sample(), WORKLOADS, PEERS).get("peers");

        assertThat(peers).hasSize(4);
        assertThat(peers.findValuesAsText("id")).containsExactly("gmp4j", "go", "jdk", "kotlin");
        assertThat(peers.get(0).get("label").asText()).isEqualTo("gmp4j");
        assertThat(peers.get(0).get("banner").asText()).isEqualTo("gmp4j 25+36-LTS");
        assertThat(peers.get(1).get("skipped").asText()).isEqualTo("no Go toolchain found");
        assertThat(peers.get(1).has("banner")).isFalse();
        assertThat(peers.get(2).get("banner").asText()).isEqualTo("jdk 25+36-LTS");
        assertThat(peers.get(3).has("banner")).isFalse();
        assertThat(peers.get(3).has("skipped")).isFalse();
    }

    @Test
    void oneEntryPerMetricWithItsWorkloadAndUnit() throws IOException {
        JsonNode metrics = write(TestRuns.sample(), WORKLOADS, PEERS).get("metrics");

        assertThat(metrics.findValuesAsText("name")).containsExactly("W1", "W6 heap", "W6 RSS");
        assertThat(metrics.findValuesAsText("workload")).containsExactly("W1", "W6", "W6");
        assertThat(metrics.get(0).get("unit").asText()).isEqualTo(W1.unit());
        assertThat(metrics.get(0).get("title").asText()).isEqualTo(Workload.W1.title());
        assertThat(metrics.get(0).get("size").asText()).isEqualTo(Workload.W1.size());
        assertThat(metrics.get(2).get("unit").asText()).isEqualTo(Workload.W6.metrics().get(1).unit());
    }

    @Test
    void eachPeersResultsCarryItsSamplesStatsAndRatio() throws IOException {
        JsonNode w1 = metric(write(TestRuns.sample(), WORKLOADS, PEERS), "W1").get("results");

        JsonNode gmp4j = w1.get("gmp4j");
        assertThat(doubles(gmp4j.get("samples"))).containsExactly(10.0, 30.0, 20.0);
        assertThat(gmp4j.get("median").asDouble()).isEqualTo(20.0);
        assertThat(gmp4j.get("min").asDouble()).isEqualTo(10.0);
        assertThat(gmp4j.get("max").asDouble()).isEqualTo(30.0);
        assertThat(gmp4j.has("failure")).isFalse();

        JsonNode jdk = w1.get("jdk");
        assertThat(doubles(jdk.get("samples"))).containsExactly(60.0, 40.0);
        assertThat(jdk.get("median").asDouble()).isEqualTo(50.0);
        assertThat(jdk.get("ratioToGmp4j").asDouble()).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void aFailureIsRecordedAndAbsentFiguresAreLeftOut() throws IOException {
        JsonNode root = write(TestRuns.sample(), WORKLOADS, PEERS);
        JsonNode w1 = metric(root, "W1").get("results");

        JsonNode kotlin = w1.get("kotlin");
        assertThat(kotlin.get("failure").asText()).isEqualTo("W1 sum was 1, expected 2");
        assertThat(kotlin.get("samples")).isEmpty();
        assertThat(kotlin.has("median")).isFalse();
        assertThat(kotlin.has("ratioToGmp4j")).isFalse();

        assertThat(w1.has("go")).as("a skipped peer has no results").isFalse();
        JsonNode rss = metric(root, "W6 RSS").get("results");
        assertThat(rss.has("jdk")).as("nothing measured, nothing failed").isFalse();
        assertThat(doubles(rss.get("gmp4j").get("samples"))).containsExactly(4096.0);
    }

    @Test
    void noRatioWhenGmp4jHasNoSamples() throws IOException {
        Results r = new Results();
        TestRuns.add(r, W1, Peer.JDK, 4, 6);
        r.fail(W1, Peer.GMP4J, "did not start");

        JsonNode w1 = metric(write(r, List.of(Workload.W1), List.of(Peer.GMP4J, Peer.JDK)), "W1").get("results");

        assertThat(w1.get("jdk").get("median").asDouble()).isEqualTo(5.0);
        assertThat(w1.get("jdk").has("ratioToGmp4j")).isFalse();
        assertThat(w1.get("gmp4j").get("failure").asText()).isEqualTo("did not start");
    }

    @Test
    void onlyTheRequestedPeersAndWorkloadsAreWritten() throws IOException {
        JsonNode root = write(TestRuns.sample(), List.of(Workload.W6), List.of(Peer.JDK));

        assertThat(root.get("peers").findValuesAsText("id")).containsExactly("jdk");
        assertThat(root.get("metrics").findValuesAsText("name")).containsExactly("W6 heap", "W6 RSS");
        assertThat(metric(root, "W6 heap").get("results").fieldNames()).toIterable().containsExactly("jdk");
    }
}
