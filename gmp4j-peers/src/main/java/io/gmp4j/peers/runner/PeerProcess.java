package io.gmp4j.peers.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running peer worker, driven over its standard input and output (the protocol is in
 * {@code io.gmp4j.peers.worker.PeerWorker}). A reader thread moves reply lines into a queue so
 * that every wait has a timeout; standard error goes to a log file beside the results.
 */
final class PeerProcess implements AutoCloseable {
    private static final String EOF = "\u0000eof";

    private final Peer peer;
    private final Process process;
    private final Writer in;
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path log;
    private final String banner;

    private PeerProcess(Peer peer, Process process, Path log, Duration startTimeout) throws IOException {
        this.peer = peer;
        this.process = process;
        this.log = log;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("peer-" + peer.id() + "-stdout").start(this::pump);
        String ready = next(startTimeout);
        if (ready == null || !ready.startsWith("ready ")) {
            close();
            String why = ready == null ? "no answer" : ready.equals(EOF) ? "it exited, code " + exitCode() : "'" + ready + "'";
            throw new IOException(peer.id() + " worker did not start (" + why + "); see " + log);
        }
        this.banner = ready.substring("ready ".length());
    }

    static PeerProcess start(Peer peer, Peer.Command launch, Path logDir, Duration startTimeout) throws IOException {
        Path log = logDir.resolve(peer.id() + ".stderr.log");
        ProcessBuilder pb = new ProcessBuilder(launch.command()).redirectError(log.toFile());
        pb.environment().putAll(launch.env());
        return new PeerProcess(peer, pb.start(), log, startTimeout);
    }

    /** What the worker said about itself at start (peer name and runtime version). */
    String banner() {
        return banner;
    }

    /** Sends one request and waits for its reply; {@code null} when the worker did not answer in time. */
    Reply run(String request, Duration timeout) throws IOException {
        in.write(request + "\n");
        in.flush();
        String line = next(timeout);
        if (line == null) {
            return new Reply.Failed("no answer within " + timeout.toSeconds() + " s");
        }
        if (line.equals(EOF)) {
            return new Reply.Failed("the worker exited (code " + exitCode() + "); see " + log);
        }
        if (line.startsWith("err ")) {
            return new Reply.Failed(line.substring(4));
        }
        if (!line.startsWith("ok ")) {
            return new Reply.Failed("unexpected reply '" + line + "'");
        }
        String[] f = line.substring(3).strip().split("\\s+");
        double[] values = new double[f.length];
        try {
            for (int i = 0; i < f.length; i++) {
                values[i] = Double.parseDouble(f[i]);
            }
        } catch (NumberFormatException e) {
            return new Reply.Failed("unreadable reply '" + line + "'");
        }
        return new Reply.Ok(values);
    }

    boolean alive() {
        return process.isAlive();
    }

    private String exitCode() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private String next(Duration timeout) {
        try {
            return replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                replies.add(line);
            }
        } catch (IOException e) {
            // the process is gone; EOF below tells the waiting side
        }
        replies.add(EOF);
    }

    @Override
    public void close() {
        try {
            in.write("quit\n");
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A worker's reply: the figures, or why there are none. */
    sealed interface Reply {
        record Ok(double[] values) implements Reply {
        }

        record Failed(String why) implements Reply {
        }
    }

    Peer peer() {
        return peer;
    }
}
