package io.gmp4j.peers.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/gmp4j bench peers} end to end, with real workers at tiny sizes. */
@Timeout(120)
class PeersCommandTest {
    /** Surefire runs in the module's directory; the checkout is its parent. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path out;

    @BeforeAll
    static void rootIsTheCheckout() {
        assertThat(ROOT.resolve("gmp4j-peers/go/main.go")).isRegularFile();
    }

    private static int run(String... args) {
        return new CommandLine(new PeersCommand()).execute(args);
    }

    private List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of("--out", out.toString(), "--root", ROOT.toString(), "--procs", "2"));
        a.addAll(List.of(more));
        return a;
    }

    private static List<Double> samples(JsonNode metric, String peer) {
        JsonNode r = metric.get("results").get(peer);
        assertThat(r).as("%s results for %s", peer, metric.get("name")).isNotNull();
        assertThat(r.has("failure")).as("%s failed %s: %s", peer, metric.get("name"), r.get("failure")).isFalse();
        List<Double> s = new ArrayList<>();
        r.get("samples").forEach(n -> s.add(n.asDouble()));
        return s;
    }

    @Test
    void runsTwoPeersAndWritesAllThreeReports() throws Exception {
        int code = run(args("--peers", "gmp4j,jdk", "--workloads", "W1,W6", "--scale", "0.002",
                "--rounds", "2", "--warmup", "0").toArray(String[]::new));

        assertThat(code).isZero();
        assertThat(out.resolve("results.md")).isRegularFile();
        assertThat(out.resolve("results.json")).isRegularFile();
        assertThat(ImageIO.read(out.resolve("results.png").toFile())).isNotNull();

        JsonNode root = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(root.get("rounds").asInt()).isEqualTo(2);
        assertThat(root.get("peers").findValuesAsText("id")).containsExactly("gmp4j", "jdk");
        assertThat(root.get("peers").get(0).get("banner").asText()).startsWith("gmp4j ");
        assertThat(root.get("peers").get(1).get("banner").asText()).startsWith("jdk ");

        JsonNode metrics = root.get("metrics");
        assertThat(metrics.findValuesAsText("name")).containsExactly("W1", "W6 heap", "W6 RSS");
        for (JsonNode m : metrics) {
            assertThat(samples(m, "gmp4j")).as("gmp4j %s", m.get("name")).hasSize(2);
            assertThat(samples(m, "jdk")).as("jdk %s", m.get("name")).hasSize(2);
        }
        JsonNode w1 = metrics.get(0);
        assertThat(samples(w1, "gmp4j")).allSatisfy(v -> assertThat(v).isPositive());
        assertThat(samples(w1, "jdk")).allSatisfy(v -> assertThat(v).isPositive());
        double ratio = w1.get("results").get("jdk").get("median").asDouble() / w1.get("results").get("gmp4j").get("median").asDouble();
        assertThat(w1.get("results").get("jdk").get("ratioToGmp4j").asDouble()).isCloseTo(ratio, org.assertj.core.api.Assertions.within(1e-9));

        String md = Files.readString(out.resolve("results.md"));
        assertThat(md.lines().findFirst()).hasValue("| Workload | Unit | gmp4j | JDK VT + j.u.c |");
        assertThat(md).contains("Median of 2 measured rounds after 0 warm-up rounds").doesNotContain("failed");
        assertThat(out.resolve("gmp4j.stderr.log")).isRegularFile();
        assertThat(out.resolve("jdk.stderr.log")).isRegularFile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--rounds=0", "--warmup=-1", "--scale=0", "--procs=0", "--timeout=0", "--workloads=W9", "--rounds=two"})
    void badOptionsAreUsageErrorsAndRunNothing(String bad) {
        int code = run(args(bad).toArray(String[]::new));

        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(out.resolve("results.md")).doesNotExist();
        assertThat(out.resolve("results.json")).doesNotExist();
        assertThat(out.resolve("gmp4j.stderr.log")).doesNotExist();
    }

    @Test
    void anUnknownPeerFailsNamingItAndRunsNothing() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new PeersCommand()).setErr(new PrintWriter(err, true));

        int code = cmd.execute(args("--peers", "gmp4j,rust").toArray(String[]::new));

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("unknown peer 'rust'");
        assertThat(out.resolve("results.md")).doesNotExist();
        assertThat(out.resolve("gmp4j.stderr.log")).doesNotExist();
    }

    @Test
    void theGoPeerRunsWhenAToolchainIsInstalledAndIsSkippedWithAnInstallHintWhenNot() throws Exception {
        boolean haveGo = Peer.findGo().isPresent();

        int code = run(args("--peers", "go", "--workloads", "W1,W8", "--scale", "0.001", "--rounds", "1", "--warmup", "0")
                .toArray(String[]::new));

        assertThat(code).isZero();
        JsonNode root = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode go = root.get("peers").get(0);
        assertThat(go.get("id").asText()).isEqualTo("go");
        String md = Files.readString(out.resolve("results.md"));
        if (haveGo) {
            assertThat(go.has("skipped")).as("skipped: %s", go.get("skipped")).isFalse();
            assertThat(go.get("banner").asText()).startsWith("go go1.").contains("GOMAXPROCS=2");
            List<Double> w1 = samples(root.get("metrics").get(0), "go");
            assertThat(w1).hasSize(1);
            assertThat(w1.get(0)).isPositive();
            JsonNode w8 = root.get("metrics").get(1);
            assertThat(w8.get("name").asText()).isEqualTo("W8");
            assertThat(samples(w8, "go")).hasSize(1).allSatisfy(v -> assertThat(v).isPositive());
            assertThat(out.resolve("go-peer")).isExecutable();
        } else {
            assertThat(go.get("skipped").asText()).contains("no Go toolchain found").contains("apt-get install");
            assertThat(md).contains("Go skipped: no Go toolchain found").contains("| skipped |");
        }
    }
}
