package io.gmp4j.peers.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Peer names and how each peer's worker is launched (the workers themselves run in PeerProcessTest). */
class PeerTest {
    @TempDir
    Path dir;

    @Test
    void peersAreFoundByIdIgnoringCase() {
        for (Peer p : Peer.values()) {
            assertThat(Peer.byId(p.id())).isSameAs(p);
            assertThat(Peer.byId(p.id().toUpperCase())).isSameAs(p);
        }
    }

    @Test
    void anUnknownIdIsRejectedListingTheKnownOnes() {
        assertThatThrownBy(() -> Peer.byId("rust"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rust")
                .hasMessageContaining("gmp4j").hasMessageContaining("go").hasMessageContaining("jdk")
                .hasMessageContaining("kotlin").hasMessageContaining("jox");
    }

    @ParameterizedTest
    @EnumSource(value = Peer.class, names = "GO", mode = EnumSource.Mode.EXCLUDE)
    void aJvmPeerRunsTheWorkerOnThisJvmAndClassPathWithTheSameHeap(Peer peer) throws Exception {
        Peer.Command c = (Peer.Command) peer.launch(3, dir, dir);

        List<String> cmd = c.command();
        assertThat(Path.of(cmd.get(0))).isEqualTo(Path.of(ProcessHandle.current().info().command().orElseThrow()));
        assertThat(cmd).containsSubsequence("-cp", System.getProperty("java.class.path"));
        assertThat(cmd).containsAll(Peer.JVM_HEAP);
        assertThat(cmd.subList(cmd.size() - 2, cmd.size())).containsExactly("io.gmp4j.peers.worker.PeerWorker", peer.id());
        assertThat(c.env()).isEmpty();
    }

    @Test
    void eachJvmPeerIsToldTheProcessorCountItsOwnWay() throws Exception {
        assertThat(command(Peer.GMP4J)).contains("-Dgmp4j.procs=3").containsSubsequence("--add-opens", "java.base/java.lang=ALL-UNNAMED");
        assertThat(command(Peer.JDK)).contains("-Djdk.virtualThreadScheduler.parallelism=3");
        assertThat(command(Peer.JOX)).contains("-Djdk.virtualThreadScheduler.parallelism=3");
        assertThat(command(Peer.KOTLIN)).contains("-Dkotlinx.coroutines.scheduler.core.pool.size=3");
    }

    @Test
    void goIsUnavailableWithAReasonWhenItCannotBeBuilt() throws IOException, InterruptedException {
        Path noSources = dir.resolve("not-a-checkout");

        Peer.Launch launch = Peer.GO.launch(1, noSources, dir.resolve("work"));

        assertThat(launch).isInstanceOf(Peer.Unavailable.class);
        String reason = ((Peer.Unavailable) launch).reason();
        if (Peer.findGo().isPresent()) {
            assertThat(reason).contains("sources are missing").contains(noSources.toString());
        } else {
            assertThat(reason).contains("no Go toolchain found").contains("apt-get install");
        }
    }

    @Test
    void theGoWorkerIsBuiltIntoAWorkDirectoryGivenRelativeToTheCurrentOne() throws Exception {
        assumeTrue(Peer.findGo().isPresent(), "needs a Go toolchain");
        Path checkout = Path.of("..").toAbsolutePath().normalize(); // surefire runs in the module's directory
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("relative-out"));
        assertThat(relative.isAbsolute()).isFalse();

        Peer.Launch launch = Peer.GO.launch(1, checkout, relative);

        assertThat(launch).as("%s", launch).isInstanceOf(Peer.Command.class);
        Path bin = Path.of(((Peer.Command) launch).command().get(0));
        assertThat(bin).isAbsolute().isEqualTo(dir.resolve("relative-out/go-peer")).isExecutable();
        assertThat(checkout.resolve("gmp4j-peers/go").resolve(relative)).as("nothing built beside the sources").doesNotExist();
    }

    private List<String> command(Peer p) throws Exception {
        return ((Peer.Command) p.launch(3, dir, dir)).command();
    }
}
