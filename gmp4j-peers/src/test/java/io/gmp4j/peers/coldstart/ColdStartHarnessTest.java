package io.gmp4j.peers.coldstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cold-start harness's pieces: its child, the line it reads, the class-load counts, the table. */
@Timeout(120)
class ColdStartHarnessTest {
    @TempDir
    Path dir;

    @Test
    void theChildsLineIsFoundAmongTheJvmsOwnOutput() {
        String out = "[0.1s][warning][aot] something\nfirst gmp4j 1234567\n";
        assertThat(Children.parse(out, "gmp4j")).isEqualTo(1_234_567);
        assertThat(Children.parse(out, "jdk")).isEqualTo(-1);
        assertThat(Children.parse("first gmp4j x\n", "gmp4j")).isEqualTo(-1);
    }

    @Test
    void classesAreCountedUpToTheBodysMark() {
        List<String> log = List.of(
                "[0.01s][info][class,load] java.lang.Object source: shared objects file",
                "[0.02s][info][class,load] io.gmp4j.peers.coldstart.FirstStart source: file:/x/app.jar",
                "[0.03s][info][class,load] io.gmp4j.Go source: file:/x/gmp4j-core.jar",
                "[0.04s][info][class,load] java.lang.invoke.LambdaForm$MH/0x01 source: __JVM_LookupDefineClass__",
                "[0.05s][info][class,load] io.gmp4j.peers.coldstart.FirstStart$BodyRan source: file:/x/app.jar",
                "[0.06s][info][class,load] io.gmp4j.Chan source: file:/x/gmp4j-core.jar");
        assertThat(ClassCounts.of(log)).isEqualTo(new ClassCounts(4, 1, 1, 1, true));
        assertThat(ClassCounts.of(log.subList(0, 3)).complete()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "gmp4j", "gmp4j-named"})
    void aFreshChildStartsItsBodyAndSaysHowLongItTook(String kind) throws Exception {
        Path app = ColdStartCommand.writeApplicationJar(dir.resolve("app.jar"));
        String core = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> Path.of(e).getFileName().toString().startsWith("gmp4j-core"))
                .findFirst()
                .orElseGet(() -> io.gmp4j.Go.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Children children = new Children(javaBin, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"),
                app + File.pathSeparator + core, dir);
        Path log = dir.resolve(kind + ".log");
        Children.Run run = children.run(new ColdStartCommand.Variant(kind, false), null, log);
        assertThat(run.failure()).isNull();
        assertThat(run.firstStartNanos()).isPositive();
        assertThat(run.processNanos()).isGreaterThan(run.firstStartNanos());
        ClassCounts counts = ClassCounts.read(log);
        assertThat(counts.complete()).isTrue();
        if (kind.equals("jdk")) {
            assertThat(counts.gmp4j()).isZero();
        } else {
            assertThat(counts.gmp4j()).isPositive();
        }
        assertThat(Files.readString(log)).contains("FirstStart$BodyRan");
    }

    @Test
    void theTableGivesEachVariantItsMedianAndItsRatioToTheJdkInTheSameCacheMode() {
        ColdStartCommand.Measured jdk = new ColdStartCommand.Measured();
        jdk.firstStartMillis.addAll(List.of(10.0, 20.0, 30.0));
        jdk.processMillis.addAll(List.of(100.0, 100.0, 100.0));
        ColdStartCommand.Measured gmp4j = new ColdStartCommand.Measured();
        gmp4j.firstStartMillis.addAll(List.of(30.0, 40.0, 50.0));
        gmp4j.processMillis.addAll(List.of(120.0, 120.0, 120.0));
        var results = new LinkedHashMap<ColdStartCommand.Variant, ColdStartCommand.Measured>();
        results.put(new ColdStartCommand.Variant("jdk", false), jdk);
        results.put(new ColdStartCommand.Variant("gmp4j", false), gmp4j);
        String md = ColdStartReport.render(results, Map.of(), 3, "--add-opens x", "a machine");
        assertThat(md).contains("| jdk | **20.0 ms** | 10.0 | 30.0 | 1.00× |")
                .contains("| gmp4j | **40.0 ms** | 30.0 | 50.0 | 2.00× |");
    }
}
