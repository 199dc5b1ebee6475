package io.gmp4j.peers.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The five peers and how to start each one's worker process. The JVM peers run in the JDK that
 * runs the runner, on the runner's class path, with the same heap settings; each is told the
 * processor count its own way (gmp4j's P's, the JDK scheduler's parallelism, Kotlin's core pool,
 * Go's GOMAXPROCS).
 */
public enum Peer {
    GMP4J("gmp4j", "gmp4j"),
    GO("go", "Go"),
    JDK("jdk", "JDK VT + j.u.c"),
    KOTLIN("kotlin", "Kotlin coroutines"),
    JOX("jox", "Jox");

    /** Heap settings shared by every JVM peer. */
    static final List<String> JVM_HEAP = List.of("-Xms1g", "-Xmx6g");

    private final String id;
    private final String label;

    Peer(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static Peer byId(String id) {
        for (Peer p : values()) {
            if (p.id.equalsIgnoreCase(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown peer '" + id + "' (expected one of gmp4j, go, jdk, kotlin, jox)");
    }

    /** How to start a worker: the command and its environment, or why it cannot be started. */
    public sealed interface Launch {
    }

    public record Command(List<String> command, Map<String, String> env) implements Launch {
    }

    public record Unavailable(String reason) implements Launch {
    }

    /** The launch for this peer, building the Go worker first when its sources are newer. */
    public Launch launch(int procs, Path root, Path workDir) throws IOException, InterruptedException {
        if (this == GO) {
            return goLaunch(procs, root, workDir);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(JVM_HEAP);
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        switch (this) {
            case GMP4J -> {
                cmd.add("--add-opens");
                cmd.add("java.base/java.lang=ALL-UNNAMED");
                cmd.add("-Dgmp4j.procs=" + procs);
            }
            case JDK, JOX -> cmd.add("-Djdk.virtualThreadScheduler.parallelism=" + procs);
            case KOTLIN -> {
                cmd.add("-Dkotlinx.coroutines.scheduler.core.pool.size=" + procs);
                cmd.add("-Djdk.virtualThreadScheduler.parallelism=" + procs);
            }
            default -> throw new AssertionError(this);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.gmp4j.peers.worker.PeerWorker");
        cmd.add(id);
        return new Command(cmd, Map.of());
    }

    private static Launch goLaunch(int procs, Path root, Path workDir) throws IOException, InterruptedException {
        Optional<Path> go = findGo();
        if (go.isEmpty()) {
            return new Unavailable("no Go toolchain found (looked at $GO, PATH, /usr/local/go and /usr/lib/go-*); "
                    + "install one with 'apt-get install -y golang-1.19-go'");
        }
        Path src = root.resolve("gmp4j-peers/go");
        if (!Files.isRegularFile(src.resolve("main.go"))) {
            return new Unavailable("the Go worker's sources are missing at " + src);
        }
        Files.createDirectories(workDir);
        Path bin = workDir.toAbsolutePath().normalize().resolve("go-peer"); // 'go build' runs in src: a relative -o would land there
        Process build = new ProcessBuilder(go.get().toString(), "build", "-o", bin.toString(), ".")
                .directory(src.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("go-build.log").toFile())
                .start();
        if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroyForcibly();
            return new Unavailable("'go build' failed; see " + workDir.resolve("go-build.log"));
        }
        return new Command(List.of(bin.toString()), Map.of("GOMAXPROCS", Integer.toString(procs)));
    }

    /** The newest Go toolchain on this machine: $GO, then PATH, then /usr/local/go, then Debian's. */
    static Optional<Path> findGo() throws IOException {
        String env = System.getenv("GO");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
                return Optional.of(Path.of(dir, "go"));
            }
        }
        if (Files.isExecutable(Path.of("/usr/local/go/bin/go"))) {
            return Optional.of(Path.of("/usr/local/go/bin/go"));
        }
        Path lib = Path.of("/usr/lib");
        if (!Files.isDirectory(lib)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(lib)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("go-"))
                    .map(d -> d.resolve("bin/go"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(Peer::goVersionKey));
        }
    }

    /** "go-1.19" → "0001.0019" so that 1.21 sorts after 1.9. */
    private static String goVersionKey(Path goBinary) {
        String v = goBinary.getParent().getParent().getFileName().toString().substring(3);
        StringBuilder key = new StringBuilder();
        for (String part : v.split("\\.")) {
            key.append(String.format("%04d.", part.matches("\\d+") ? Integer.parseInt(part) : 0));
        }
        return key.toString();
    }
}
