package io.gmp4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test class path in a fresh JVM with chosen options; returns its output. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(Class<?> main, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return run(cp, main, jvmOptions, args);
    }

    /** Runs {@code main} on the given class path instead of the test class path. */
    public static Result run(String classPath, Class<?> main, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        byte[][] buf = new byte[2][];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                buf[1] = err.readAllBytes();
            } catch (IOException e) {
                buf[1] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        buf[0] = out.readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + main.getName() + " did not finish in 2 minutes");
        }
        t.join();
        return new Result(p.exitValue(), new String(buf[0], StandardCharsets.UTF_8), new String(buf[1], StandardCharsets.UTF_8));
    }
}
