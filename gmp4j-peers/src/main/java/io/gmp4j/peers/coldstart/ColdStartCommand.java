package io.gmp4j.peers.coldstart;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * {@code bin/gmp4j bench cold-start}: how long the first start takes in a fresh JVM, the JDK's first
 * virtual thread beside gmp4j's first {@code Go.go}, each in its own fresh process, interleaved
 * (run i starts with variant i mod n), optionally also with an ahead-of-time cache made for each
 * (JDK 25's {@code -XX:AOTCacheOutput} training run, then {@code -XX:AOTCache}). Every child gets
 * the same JVM options ({@code bin/gmp4j jvm-opts}) and the same class path: a small application
 * jar holding {@link FirstStart}, then gmp4j-core's jar. Prints progress on standard error and a
 * markdown table on standard output, and writes it to {@code cold-start.md} in the output directory.
 */
@Command(name = "cold-start", mixinStandardHelpOptions = true,
        description = "Times the first start in fresh JVMs: the JDK's first virtual thread beside gmp4j's first Go.go, "
                + "interleaved, with and without an AOT cache; reports medians and the classes loaded before the body ran.")
public final class ColdStartCommand implements Callable<Integer> {

    @Option(names = "--runs", description = "Fresh processes per variant (default ${DEFAULT-VALUE}).")
    int runs = 11;

    @Option(names = "--kinds", split = ",", description = "What starts: jdk, gmp4j, gmp4j-named (default: jdk,gmp4j).")
    List<String> kinds = List.of("jdk", "gmp4j");

    @Option(names = "--aot", negatable = true, description = "Also run each kind with an AOT cache trained on it (default ${DEFAULT-VALUE}).")
    boolean aot = true;

    @Option(names = "--jvm-opts", description = "The children's JVM options (default: what 'bin/gmp4j jvm-opts' prints).")
    String jvmOpts;

    @Option(names = "--out", description = "Directory for the application jar, the caches, the logs and cold-start.md "
            + "(default: gmp4j-peers/target/cold-start).")
    Path out;

    @Option(names = "--root", description = "The gmp4j checkout (default: the gmp4j.root property, else the current directory).")
    Path root = Path.of(System.getProperty("gmp4j.root", "."));

    private final PrintStream progress = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new ColdStartCommand()).execute(args));
    }

    /** One way of starting, in one cache mode. */
    record Variant(String kind, boolean aot) {
        String label() {
            return kind + (aot ? " + AOT cache" : "");
        }

        String fileStem() {
            return kind + (aot ? "-aot" : "");
        }
    }

    /** What was measured for one variant. */
    static final class Measured {
        final List<Double> firstStartMillis = new ArrayList<>();
        final List<Double> processMillis = new ArrayList<>();
        ClassCounts classes;
        String failure;
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || kinds.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "need --runs ≥ 1 and at least one kind");
        }
        for (String k : kinds) {
            if (!List.of("jdk", "gmp4j", "gmp4j-named").contains(k)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown kind '" + k + "' (jdk, gmp4j, gmp4j-named)");
            }
        }
        Path dir = out != null ? out : root.resolve("gmp4j-peers/target/cold-start");
        Files.createDirectories(dir);
        List<String> opts = jvmOpts != null ? split(jvmOpts) : jvmOptsFromLauncher();
        Path app = writeApplicationJar(dir.resolve("app.jar"));
        String classPath = app + java.io.File.pathSeparator + coreJar();
        String java = ProcessHandle.current().info().command().orElse("java");
        Children children = new Children(java, opts, classPath, dir);

        List<Variant> variants = new ArrayList<>();
        Map<Variant, Training> trainings = new LinkedHashMap<>();
        for (String k : kinds) {
            variants.add(new Variant(k, false));
        }
        if (aot) {
            for (String k : kinds) {
                Variant v = new Variant(k, true);
                progress.printf("training an AOT cache for %s...%n", k);
                Training t = children.train(k);
                trainings.put(v, t);
                if (t.failure() == null) {
                    variants.add(v);
                } else {
                    progress.println("  failed: " + t.failure());
                }
            }
        }
        Map<Variant, Measured> results = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new Measured()));
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get((i + r) % variants.size());
                Measured m = results.get(v);
                Children.Run run = children.run(v, trainings.get(v), null);
                if (run.failure() != null) {
                    m.failure = run.failure();
                    progress.printf("[%d/%d] %-22s FAILED: %s%n", r + 1, runs, v.label(), run.failure());
                    continue;
                }
                m.firstStartMillis.add(run.firstStartNanos() / 1e6);
                m.processMillis.add(run.processNanos() / 1e6);
                progress.printf(Locale.ROOT, "[%d/%d] %-22s %7.1f ms to the body (process %6.1f ms)%n", r + 1, runs, v.label(),
                        run.firstStartNanos() / 1e6, run.processNanos() / 1e6);
            }
        }
        for (Variant v : variants) {
            Path log = dir.resolve(v.fileStem() + ".class-load.log");
            Children.Run run = children.run(v, trainings.get(v), log);
            if (run.failure() == null) {
                results.get(v).classes = v.aot() ? ClassCounts.readWholeRun(log) : ClassCounts.read(log);
            }
        }
        String table = ColdStartReport.render(results, trainings, runs, String.join(" ", opts), machine());
        Files.writeString(dir.resolve("cold-start.md"), table);
        System.out.println(table);
        progress.println("wrote " + dir.resolve("cold-start.md"));
        return 0;
    }

    /** An AOT cache made by one training run of a kind: where it is, what it cost. */
    record Training(Path cache, double seconds, long bytes, String failure) {
    }

    private List<String> jvmOptsFromLauncher() throws IOException, InterruptedException {
        Path launcher = root.resolve("bin/gmp4j");
        if (!Files.isExecutable(launcher)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "no launcher at " + launcher + " to ask for the JVM options: pass --root or --jvm-opts");
        }
        Process p = new ProcessBuilder(launcher.toString(), "jvm-opts").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("'" + launcher + " jvm-opts' failed: " + text);
        }
        return split(text);
    }

    static List<String> split(String opts) {
        List<String> out = new ArrayList<>();
        for (String s : opts.strip().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** gmp4j-core's jar, from the class path this command runs on. */
    private static String coreJar() {
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (name.startsWith("gmp4j-core-") && name.endsWith(".jar")) {
                return e;
            }
        }
        throw new IllegalStateException("gmp4j-core's jar is not on the class path (" + System.getProperty("java.class.path")
                + "); run this through bin/gmp4j bench cold-start, which builds it");
    }

    /**
     * The children's application: a jar of FirstStart's classes alone, so that the application's
     * own jar is opened before main (as a real application's is) and nothing else is on the path.
     */
    static Path writeApplicationJar(Path jar) throws IOException {
        String pkg = FirstStart.class.getPackageName().replace('.', '/');
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : List.of(FirstStart.class, FirstStart.BodyRan.class, Class.forName(FirstStart.class.getName() + "$NamedBody"))) {
                String entry = pkg + "/" + c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
                try (var in = FirstStart.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("no class file for " + c.getName());
                    }
                    j.putNextEntry(new JarEntry(entry));
                    in.transferTo(j);
                    j.closeEntry();
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
        return jar;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(cpu);
        } catch (IOException e) {
            // not Linux: keep "unknown CPU"
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + Runtime.version();
    }
}
