package io.gmp4j.diag;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A ring buffer of goroutine snapshots taken at a fixed interval, which saves a dump to a
 * directory when the goroutine count or the share of blocked goroutines crosses a threshold, and
 * keeps only the newest dump files there (the "flight recorder" of the reference article's
 * chapter 4.1).
 *
 * <pre>{@code
 * SnapshotRecorder r = SnapshotRecorder.builder()
 *         .interval(Duration.ofSeconds(10)).capacity(60)
 *         .directory(Path.of("/var/tmp/goroutines")).maxFiles(20)
 *         .goroutineThreshold(50_000).blockedRatioThreshold(0.9)
 *         .build().start();
 * }</pre>
 *
 * <p>Implementation notes. One daemon platform thread takes a snapshot per interval
 * ({@link #recordNow} does the same on the caller's thread); the ring and the "above threshold"
 * state are guarded by this object's monitor, and the capture itself runs outside it. A dump is
 * saved when a snapshot is above a threshold and the previous one was not (a rising edge), so a
 * program that stays above a threshold gets one dump per episode, not one per interval; a new
 * episode starts once a snapshot is below every threshold again. Files are named
 * {@code goroutines-<UTC time>-<count>.txt}; after each save the oldest such files beyond
 * {@code maxFiles} are deleted, and nothing else in the directory is touched.
 */
public final class SnapshotRecorder implements AutoCloseable {
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Duration interval;
    private final int capacity;
    private final @Nullable Path directory;
    private final int maxFiles;
    private final long goroutineThreshold;
    private final double blockedRatioThreshold;
    private final DumpFormat format;
    private final @Nullable Consumer<Path> onSaved;

    private final ArrayDeque<Snapshot> ring = new ArrayDeque<>(); // guarded by this
    private boolean above;                                         // guarded by this
    private @Nullable ScheduledExecutorService timer;              // guarded by this

    private SnapshotRecorder(Builder b) {
        this.interval = b.interval;
        this.capacity = b.capacity;
        this.directory = b.directory;
        this.maxFiles = b.maxFiles;
        this.goroutineThreshold = b.goroutineThreshold;
        this.blockedRatioThreshold = b.blockedRatioThreshold;
        this.format = b.format;
        this.onSaved = b.onSaved;
    }

    /** {@return a builder with every option at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts taking a snapshot every interval on a daemon thread; returns this.
     *
     * @return this recorder
     * @throws IllegalStateException if it was already started
     */
    @SuppressWarnings("FutureReturnValueIgnored") // the task catches what it throws; close() stops it
    public synchronized SnapshotRecorder start() {
        if (timer != null) {
            throw new IllegalStateException("already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("gmp4j-snapshot-recorder").unstarted(r));
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(() -> {
            try {
                recordNow();
            } catch (RuntimeException e) {
                System.err.println("gmp4j: snapshot recorder: " + e); // keep recording
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Takes one snapshot now, adds it to the ring, and saves a dump if it crossed a threshold.
     * Returns the saved file, or null.
     *
     * @return the saved file, or null
     */
    public @Nullable Path recordNow() {
        return record(Snapshot.capture());
    }

    /**
     * As {@link #recordNow} with a snapshot taken elsewhere (tests, replays).
     *
     * @param s the snapshot
     * @return the saved file, or null
     */
    public @Nullable Path record(Snapshot s) {
        boolean save;
        synchronized (this) {
            ring.addLast(s);
            while (ring.size() > capacity) {
                ring.removeFirst();
            }
            boolean nowAbove = isAbove(s);
            save = nowAbove && !above;
            above = nowAbove;
        }
        return save && directory != null ? save(s) : null;
    }

    /** Whether a snapshot is above the goroutine count or the blocked-ratio threshold. */
    boolean isAbove(Snapshot s) {
        int total = s.goroutines().size();
        if (total > goroutineThreshold) {
            return true;
        }
        if (total == 0 || blockedRatioThreshold > 1) {
            return false;
        }
        long blocked = s.goroutines().stream().filter(g -> !g.state().equals("running") && !g.state().equals("runnable")).count();
        return (double) blocked / total > blockedRatioThreshold;
    }

    /** {@return the snapshots in the ring, oldest first} */
    public synchronized List<Snapshot> snapshots() {
        return new ArrayList<>(ring);
    }

    private Path save(Snapshot s) {
        Path directory = Objects.requireNonNull(this.directory, "directory"); // record saves only with one
        try {
            Files.createDirectories(directory);
            String base = "goroutines-" + FILE_TIME.format(s.takenAt()) + "-" + s.goroutines().size();
            Path file = directory.resolve(base + ".txt");
            for (int i = 1; Files.exists(file); i++) {
                file = directory.resolve(base + "-" + i + ".txt");
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                s.write(format, out);
            }
            rotate();
            if (onSaved != null) {
                onSaved.accept(file);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not save a goroutine dump in " + directory, e);
        }
    }

    private void rotate() throws IOException {
        List<Path> dumps;
        try (Stream<Path> files = Files.list(directory)) {
            dumps = files.filter(p -> p.getFileName().toString().startsWith("goroutines-") && p.getFileName().toString().endsWith(".txt"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        for (int i = 0; i < dumps.size() - maxFiles; i++) {
            Files.deleteIfExists(dumps.get(i));
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private Duration interval = Duration.ofSeconds(10);
        private int capacity = 60;
        private @Nullable Path directory;
        private int maxFiles = 20;
        private long goroutineThreshold = Long.MAX_VALUE;
        private double blockedRatioThreshold = 2; // off
        private DumpFormat format = DumpFormat.DEBUG2;
        private @Nullable Consumer<Path> onSaved;

        private Builder() {
        }

        /**
         * Time between snapshots (default 10 s; at least 1 ms).
         *
         * @param d the interval
         * @return this builder
         * @throws IllegalArgumentException if d is shorter than 1 ms
         */
        public Builder interval(Duration d) {
            if (d.toMillis() < 1) {
                throw new IllegalArgumentException("interval must be at least 1 ms, got " + d);
            }
            interval = d;
            return this;
        }

        /**
         * Snapshots kept in memory (default 60).
         *
         * @param n how many, at least 1
         * @return this builder
         * @throws IllegalArgumentException if n is less than 1
         */
        public Builder capacity(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, got " + n);
            }
            capacity = n;
            return this;
        }

        /**
         * Where dumps are saved (default: nowhere; thresholds then only mark snapshots).
         *
         * @param dir the directory, made if missing
         * @return this builder
         */
        public Builder directory(Path dir) {
            directory = Objects.requireNonNull(dir, "directory");
            return this;
        }

        /**
         * Dump files kept in the directory (default 20).
         *
         * @param n how many, at least 1
         * @return this builder
         * @throws IllegalArgumentException if n is less than 1
         */
        public Builder maxFiles(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxFiles must be at least 1, got " + n);
            }
            maxFiles = n;
            return this;
        }

        /**
         * Save a dump when more goroutines than this are live (default: never).
         *
         * @param n the threshold, at least 0
         * @return this builder
         * @throws IllegalArgumentException if n is negative
         */
        public Builder goroutineThreshold(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("goroutineThreshold must be >= 0, got " + n);
            }
            goroutineThreshold = n;
            return this;
        }

        /**
         * Save a dump when more than this share of goroutines is blocked, 0..1 (default: never).
         *
         * @param r the share, 0..1
         * @return this builder
         * @throws IllegalArgumentException if r is outside 0..1
         */
        public Builder blockedRatioThreshold(double r) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("blockedRatioThreshold must be within 0..1, got " + r);
            }
            blockedRatioThreshold = r;
            return this;
        }

        /**
         * The format of saved dumps (default DEBUG2).
         *
         * @param f the format
         * @return this builder
         */
        public Builder format(DumpFormat f) {
            format = Objects.requireNonNull(f, "format");
            return this;
        }

        /**
         * Called with each saved file, on the recording thread.
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder onSaved(@Nullable Consumer<Path> listener) {
            onSaved = listener;
            return this;
        }

        /** {@return a recorder with these options, not yet started} */
        public SnapshotRecorder build() {
            return new SnapshotRecorder(this);
        }
    }
}
