package io.gmp4j.jcstress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs jcstress's {@code org.openjdk.jcstress.Main} in a child JVM on this JVM's class path and
 * returns its result file, which {@link JcstressTally#readAll} reads.
 */
final class JcstressLauncher {
    /*
     * Implementation notes.
     *
     * jcstress 0.16 first probes the JVM (about twenty short JVM launches: ~8 s here), then forks
     * a JVM per test and configuration. A fork's JVM options are a probed configuration (or
     * -jvmArgs, which replaces the probing), preceded by the launcher JVM's own input arguments
     * and by -jvmArgsPrepend. So the launcher JVM carries only what jcstress itself needs,
     * --enable-native-access for JNA (it pins actors to CPUs), and gmp4j's options go to the
     * forks through -jvmArgs / -jvmArgsPrepend (the caller's mode arguments).
     *
     * The result: jcstress's exit code says only whether some test failed, and twins fail by
     * design, so the driver reads the binary result file (jcstress-results-*.bin.gz) that Main
     * writes into its working directory; a fresh directory per run makes it unambiguous. The
     * console log and the HTML report (results/) stay there for a reader.
     */
    private static final String MAIN = "org.openjdk.jcstress.Main";

    private JcstressLauncher() {
    }

    /**
     * Runs the tests matching {@code testRegex} with {@code modeArgs} (for example
     * {@code -m quick}) in {@code workDir}, which must be empty or absent.
     *
     * @return the result file
     * @throws IOException if the child cannot start, times out, or writes no result file
     */
    static Path run(Path workDir, String testRegex, List<String> modeArgs, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(testClassPath());
        command.add(MAIN);
        command.add("-t");
        command.add(testRegex);
        command.addAll(modeArgs);
        Files.writeString(workDir.resolve("command.txt"), String.join(" ", quoted(command)) + System.lineSeparator());

        Path log = workDir.resolve("jcstress.log");
        Process child = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly().waitFor();
            throw new IOException("jcstress did not finish within " + timeout + "; see " + log);
        }
        try (Stream<Path> files = Files.list(workDir)) {
            return files.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("jcstress (exit code " + child.exitValue()
                            + ") wrote no result file; see " + log));
        }
    }

    /**
     * This JVM's class path, which holds the tests, jcstress and gmp4j-core. Under surefire's
     * manifest-only jar, java.class.path names only the booter; surefire then passes the real one
     * in surefire.test.class.path.
     */
    static String testClassPath() {
        for (String key : List.of("java.class.path", "surefire.test.class.path")) {
            String cp = System.getProperty(key, "");
            if (cp.contains("jcstress-core")) {
                return cp;
            }
        }
        throw new IllegalStateException("jcstress-core is not on the class path: "
                + System.getProperty("java.class.path"));
    }

    private static List<String> quoted(List<String> command) {
        return command.stream().map(a -> a.matches("[\\w./:=,+@%-]+") ? a : "'" + a + "'").toList();
    }
}
