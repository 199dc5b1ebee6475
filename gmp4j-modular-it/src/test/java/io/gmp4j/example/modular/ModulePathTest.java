package io.gmp4j.example.modular;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the application module {@code io.gmp4j.example.modular} in a fresh JVM on the module path
 * alone (no class path), with exactly the options {@code bin/gmp4j jvm-opts --module-path} prints:
 * goroutines on the GMP scheduler, a snapshot, a proven leak and a {@code @CheckGoroutineLeaks}
 * test all work. Without those options, gmp4j's one warning line names the module-path option.
 */
class ModulePathTest {
    private static final Path ROOT = Path.of(System.getProperty("gmp4j.root", "..")).toAbsolutePath().normalize();
    private static final String MODULE_PATH = System.getProperty("gmp4j.app") + java.io.File.pathSeparator
            + System.getProperty("gmp4j.modules");

    @Test
    void theApplicationRunsOnTheModulePathWithTheOptionsJvmOptsPrints() throws Exception {
        String opts = run(List.of(ROOT.resolve("bin/gmp4j").toString(), "jvm-opts", "--module-path")).out().strip();
        assertThat(opts).isEqualTo("--add-opens java.base/java.lang=io.gmp4j.core");

        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(Arrays.asList(opts.split(" ")));
        cmd.addAll(List.of("--module-path", MODULE_PATH, "-m", "io.gmp4j.example.modular/io.gmp4j.example.modular.Main"));
        Result r = run(cmd);
        assertThat(r.exit()).as("exit; stderr:\n" + r.err()).isZero();
        assertThat(r.out()).contains(
                "module=io.gmp4j.example.modular core=io.gmp4j.core",
                "mode=GMP",
                "sum=204",
                "snapshotHasParked=true",
                "provenLeak=true",
                "tests=2 passed=1 failed=1");
        assertThat(r.out()).containsPattern("failure=leaky\\(\\): 1 goroutine started by this test was still alive .*\\[names leaky-sender]");
        assertThat(r.err()).as("no warning with the right options").doesNotContain("gmp4j: ");
    }

    @Test
    void withoutTheOptionsTheWarningNamesTheModulePathOption() throws Exception {
        Result r = run(List.of(java(), "--module-path", MODULE_PATH,
                "-m", "io.gmp4j.example.modular/io.gmp4j.example.modular.Main"));
        assertThat(r.out()).contains("mode=JDK_DEFAULT");
        assertThat(r.err()).contains("gmp4j: using the JDK's default scheduler, without proven-leak detection,")
                .contains("--add-opens java.base/java.lang=io.gmp4j.core")
                .contains("README, \"Use gmp4j in your project\"")
                .contains("module path")
                .contains("bin/gmp4j jvm-opts --module-path")
                .doesNotContain("ALL-UNNAMED");
        // At the point of use too: the leak detector's one warning, and the leak check's failure message.
        String warning = r.err().lines().filter(l -> l.contains("cannot see proven goroutine leaks in this JVM")).findFirst().orElse("");
        assertThat(warning).as("stderr:%n%s", r.err()).startsWith("WARNING: gmp4j: LeakDetector.collectNow() ")
                .contains("--add-opens java.base/java.lang=io.gmp4j.core", "\"Use gmp4j in your project\"");
        assertThat(r.out()).containsPattern("failure=leaky\\(\\): 1 goroutine started by this test was still alive .*"
                + "\\[says proven-leak detection is off: .*--add-opens java.base/java.lang=io.gmp4j.core");
    }

    private record Result(int exit, String out, String err) {
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).start();
        p.getOutputStream().close();
        byte[][] err = new byte[1][];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                err[0] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                err[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish in 2 minutes: " + cmd);
        }
        t.join();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err[0], StandardCharsets.UTF_8));
    }
}
