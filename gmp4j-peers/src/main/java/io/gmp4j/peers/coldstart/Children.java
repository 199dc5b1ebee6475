package io.gmp4j.peers.coldstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the harness's child JVMs: each one a fresh {@code java} process with the same options and
 * class path, differing only in its kind and, for the AOT variants, in the cache it uses.
 */
final class Children {
    private static final long TIMEOUT_SECONDS = 120;

    private final String java;
    private final List<String> jvmOpts;
    private final String classPath;
    private final Path dir;

    Children(String java, List<String> jvmOpts, String classPath, Path dir) {
        this.java = java;
        this.jvmOpts = List.copyOf(jvmOpts);
        this.classPath = classPath;
        this.dir = dir;
    }

    /** One child's figures, or why there are none. */
    record Run(long firstStartNanos, long processNanos, String failure) {
        static Run failed(String why) {
            return new Run(-1, -1, why);
        }
    }

    /**
     * Trains an AOT cache on one run of {@code kind} (JDK 25: {@code -XX:AOTCacheOutput} records the
     * run and assembles the cache as the JVM exits); its output goes to a log beside the cache.
     */
    ColdStartCommand.Training train(String kind) throws IOException, InterruptedException {
        Path cache = dir.resolve(kind + ".aot").toAbsolutePath();
        Files.deleteIfExists(cache);
        List<String> cmd = command(kind, List.of("-XX:AOTCacheOutput=" + cache));
        Path log = dir.resolve(kind + ".aot-training.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new ColdStartCommand.Training(cache, 0, 0, "the training run did not end in " + TIMEOUT_SECONDS + " s; see " + log);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0 || !Files.isRegularFile(cache)) {
            return new ColdStartCommand.Training(cache, seconds, 0, "no cache made (exit " + p.exitValue() + "); see " + log);
        }
        return new ColdStartCommand.Training(cache, seconds, Files.size(cache), null);
    }

    /** Runs one child; with {@code classLog}, it also logs every class it loads to that file. */
    Run run(ColdStartCommand.Variant v, ColdStartCommand.Training training, Path classLog)
            throws IOException, InterruptedException {
        List<String> extra = new ArrayList<>();
        if (v.aot()) {
            extra.add("-XX:AOTCache=" + training.cache());
        }
        if (classLog != null) {
            Files.deleteIfExists(classLog);
            extra.add("-Xlog:class+load=info:file=" + classLog.toAbsolutePath());
        }
        Path err = dir.resolve(v.fileStem() + ".stderr.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command(v.kind(), extra)).redirectError(err.toFile()).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return Run.failed("no exit within " + TIMEOUT_SECONDS + " s");
        }
        long processNanos = System.nanoTime() - t0;
        String text = new String(stdout, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            return Run.failed("exit " + p.exitValue() + "; see " + err);
        }
        long nanos = parse(text, v.kind());
        return nanos < 0 ? Run.failed("no 'first " + v.kind() + " NANOS' line in: " + text.strip()) : new Run(nanos, processNanos, null);
    }

    /** The child's figure from its output (which may also hold the JVM's own warnings), or -1. */
    static long parse(String stdout, String kind) {
        String prefix = "first " + kind + " ";
        for (String line : stdout.split("\n")) {
            line = line.strip();
            if (line.startsWith(prefix)) {
                try {
                    return Long.parseLong(line.substring(prefix.length()).strip());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private List<String> command(String kind, List<String> extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOpts);
        cmd.addAll(extra);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(FirstStart.class.getName());
        cmd.add(kind);
        return cmd;
    }
}
