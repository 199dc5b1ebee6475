package io.gmp4j.peers.runner;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/gmp4j bench peers}: runs every workload on every peer, interleaved — within each
 * round, each workload goes to every peer in turn (the starting peer rotates from round to
 * round), so a slow spell of the machine lands on all peers alike. Each peer is one long-lived
 * worker process, so JIT warm-up carries over; the first rounds are warm-up and are not recorded.
 * Prints progress on standard error and the markdown table on standard output, and writes
 * {@code results.md}, {@code results.json} and {@code results.png} to the output directory.
 */
@Command(name = "peers", mixinStandardHelpOptions = true,
        description = "Runs workloads W1..W8 on gmp4j, Go, JDK virtual threads, Kotlin coroutines and Jox, interleaved, "
                + "and reports medians, ranges and ratios to gmp4j (markdown, JSON, PNG).")
public final class PeersCommand implements Callable<Integer> {

    @Option(names = "--rounds", description = "Measured rounds (default ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--warmup", description = "Warm-up rounds, run and discarded first (default ${DEFAULT-VALUE}).")
    int warmup = 2;

    @Option(names = "--peers", split = ",", description = "Peers to run, in column order (default: gmp4j,go,jdk,kotlin,jox).")
    List<String> peerIds = List.of("gmp4j", "go", "jdk", "kotlin", "jox");

    @Option(names = "--workloads", split = ",", description = "Workloads to run (default: W1..W8).")
    List<Workload> workloads = List.of(Workload.values());

    @Option(names = "--scale", description = "Size factor against the issue's sizes, e.g. 0.1 for a quick look (default ${DEFAULT-VALUE}).")
    double scale = 1.0;

    @Option(names = "--procs", description = "Processors per peer: GOMAXPROCS, gmp4j's P's, the JDK's and Kotlin's pool sizes (default: all).")
    int procs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--timeout", description = "Seconds to wait for one measurement before giving up on it (default ${DEFAULT-VALUE}).")
    int timeoutSeconds = 300;

    @Option(names = "--out", description = "Directory for results.md, results.json, results.png and the peers' logs (default: gmp4j-peers/target/peer-results).")
    Path out;

    @Option(names = "--root", description = "The gmp4j checkout (default: the gmp4j.root property, else the current directory).")
    Path root = Path.of(System.getProperty("gmp4j.root", "."));

    private final PrintStream progress = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new PeersCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || warmup < 0 || scale <= 0 || procs < 1 || timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "need --rounds ≥ 1, --warmup ≥ 0, --scale > 0, --procs ≥ 1 and --timeout ≥ 1");
        }
        List<Peer> peers = new ArrayList<>();
        for (String id : peerIds) {
            Peer p = Peer.byId(id.strip());
            if (!peers.contains(p)) {
                peers.add(p);
            }
        }
        Path dir = out != null ? out : root.resolve("gmp4j-peers/target/peer-results");
        Files.createDirectories(dir);
        RunInfo info = new RunInfo(rounds, warmup, procs, scale, List.copyOf(workloads), List.copyOf(peers),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), machine());
        Results results = new Results();
        Map<Peer, Peer.Command> launches = new EnumMap<>(Peer.class);
        for (Peer p : peers) {
            switch (p.launch(procs, root, dir)) {
                case Peer.Command c -> launches.put(p, c);
                case Peer.Unavailable u -> {
                    results.skip(p, u.reason());
                    progress.println("skipping " + p.label() + ": " + u.reason());
                }
            }
        }
        Map<Peer, PeerProcess> workers = new EnumMap<>(Peer.class);
        try {
            run(results, launches, workers, dir);
        } finally {
            workers.values().forEach(PeerProcess::close);
        }
        String table = MarkdownTable.render(results, workloads, peers, info);
        Files.writeString(dir.resolve("results.md"), table);
        JsonReport.write(results, info, dir.resolve("results.json"));
        BarChart.write(results, info, dir.resolve("results.png"));
        System.out.println(table);
        progress.println("wrote " + dir.resolve("results.md") + ", results.json and results.png");
        return 0;
    }

    private void run(Results results, Map<Peer, Peer.Command> launches, Map<Peer, PeerProcess> workers, Path dir)
            throws IOException {
        List<Peer> live = new ArrayList<>(launches.keySet());
        int total = (warmup + rounds) * workloads.size() * live.size();
        int done = 0;
        Instant began = Instant.now();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        for (int round = 0; round < warmup + rounds; round++) {
            boolean measured = round >= warmup;
            String phase = measured ? "round " + (round - warmup + 1) + "/" + rounds : "warm-up " + (round + 1) + "/" + warmup;
            for (Workload w : workloads) {
                for (int k = 0; k < live.size(); k++) {
                    Peer p = live.get((k + round) % live.size());
                    done++;
                    PeerProcess worker = w.freshProcess() ? null : workers.get(p);
                    if (worker == null || !worker.alive()) {
                        try {
                            worker = PeerProcess.start(p, launches.get(p), dir, Duration.ofSeconds(60));
                        } catch (IOException e) {
                            for (Workload.Metric m : w.metrics()) {
                                results.fail(m, p, e.getMessage());
                            }
                            progress.printf("[%s · %d/%d] %s %-7s could not start: %s%n", phase, done, total, w, p.id(), e.getMessage());
                            continue;
                        }
                        results.banner(p, worker.banner());
                        if (!w.freshProcess()) {
                            workers.put(p, worker);
                        }
                    }
                    PeerProcess.Reply reply = null;
                    if (w.freshProcess()) {
                        for (String warm : w.warmupRequests(scale)) {
                            if (worker.run(warm, timeout) instanceof PeerProcess.Reply.Failed f) {
                                reply = f;
                                break;
                            }
                        }
                    }
                    if (reply == null) {
                        reply = worker.run(w.request(scale), timeout);
                    }
                    String shown = switch (reply) {
                        case PeerProcess.Reply.Ok ok -> record(results, w, p, ok.values(), measured);
                        case PeerProcess.Reply.Failed f -> {
                            for (Workload.Metric m : w.metrics()) {
                                results.fail(m, p, f.why());
                            }
                            if (f.why().startsWith("no answer")) {
                                worker.close(); // restarted for the next workload
                            }
                            yield "FAILED: " + f.why();
                        }
                    };
                    if (w.freshProcess()) {
                        worker.close();
                    }
                    progress.printf(Locale.ROOT, "[%s · %d/%d · %s] %s %-7s %s%n", phase, done, total,
                            elapsed(began), w, p.id(), shown);
                }
            }
        }
    }

    private static String record(Results results, Workload w, Peer p, double[] values, boolean measured) {
        List<Workload.Metric> metrics = w.metrics();
        if (values.length != metrics.size()) {
            String why = "expected " + metrics.size() + " figure(s), got " + values.length;
            metrics.forEach(m -> results.fail(m, p, why));
            return "FAILED: " + why;
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (measured) {
                results.add(metrics.get(i), p, values[i]);
            }
            shown.append(i == 0 ? "" : ", ").append(MarkdownTable.fmt(values[i])).append(' ').append(metrics.get(i).unit());
        }
        return shown + (measured ? "" : " (warm-up)");
    }

    private static String elapsed(Instant since) {
        long s = Duration.between(since, Instant.now()).toSeconds();
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
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
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }
}
