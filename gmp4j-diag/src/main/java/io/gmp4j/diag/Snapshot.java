package io.gmp4j.diag;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every live goroutine at one moment, taken without stopping the program, and written in Go's
 * dump formats.
 *
 * <pre>{@code
 * Snapshot s = Snapshot.capture();
 * s.goroutines().stream().filter(g -> g.state().equals("chan receive")).count();
 * s.write(DumpFormat.DEBUG2, System.out);
 * }</pre>
 */
public final class Snapshot {
    private final Instant takenAt;
    private final List<GoroutineInfo> goroutines;

    Snapshot(Instant takenAt, List<GoroutineInfo> goroutines) {
        this.takenAt = Objects.requireNonNull(takenAt, "takenAt");
        this.goroutines = List.copyOf(goroutines);
    }

    /** Every live goroutine now, with gmp4j's and the JDK's machinery trimmed from the stacks. */
    public static Snapshot capture() {
        return Capture.take(false);
    }

    /** As {@link #capture()}; {@code keepMachinery} keeps every frame, scheduler and JDK included. */
    public static Snapshot capture(boolean keepMachinery) {
        return Capture.take(keepMachinery);
    }

    /** A snapshot made of given records (for tests, and for dumps read from elsewhere). */
    public static Snapshot of(Instant takenAt, List<GoroutineInfo> goroutines) {
        return new Snapshot(takenAt, goroutines);
    }

    public Instant takenAt() {
        return takenAt;
    }

    /** The goroutines, by id. */
    public List<GoroutineInfo> goroutines() {
        return goroutines;
    }

    /** Writes the snapshot in {@code format} to {@code out} (UTF-8; {@code out} is flushed, not closed). */
    public void write(DumpFormat format, OutputStream out) throws IOException {
        Objects.requireNonNull(format, "format");
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        switch (format) {
            case DEBUG2 -> Debug2Writer.write(this, w);
            case DEBUG1 -> Debug1Writer.write(this, w);
            case FOLDED -> FoldedWriter.write(this, w);
            case JSON -> JsonDump.write(this, w);
        }
        w.flush();
    }
}
