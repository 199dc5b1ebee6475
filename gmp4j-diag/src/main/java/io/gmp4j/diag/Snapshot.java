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

    /** {@return every live goroutine now, with gmp4j's and the JDK's machinery trimmed from the stacks} */
    public static Snapshot capture() {
        return Capture.take(false);
    }

    /**
     * As {@link #capture()}; {@code keepMachinery} keeps every frame, scheduler and JDK included.
     *
     * @param keepMachinery whether to keep every frame
     * @return every live goroutine now
     */
    public static Snapshot capture(boolean keepMachinery) {
        return Capture.take(keepMachinery);
    }

    /**
     * {@return a snapshot made of given records (for tests, and for dumps read from elsewhere)}
     *
     * @param takenAt    when it was taken
     * @param goroutines the goroutines
     */
    public static Snapshot of(Instant takenAt, List<GoroutineInfo> goroutines) {
        return new Snapshot(takenAt, goroutines);
    }

    /**
     * Reads a dump: Go's {@code debug=2} or {@code debug=1} text (a {@code goroutineleak} profile's
     * too), a gzip'd pprof goroutine profile,
     * or a JDK JSON thread dump ({@code jcmd PID Thread.dump_to_file -format=json}), detected from
     * its first bytes. A dump
     * that cannot be read throws {@link DumpParseException} naming the line; nothing partial is
     * returned.
     *
     * @param in the dump (read to its end, not closed)
     * @return the goroutines it holds
     * @throws IOException        if reading fails
     * @throws DumpParseException if it is not a dump gmp4j can read
     */
    public static Snapshot parse(java.io.InputStream in) throws IOException, DumpParseException {
        byte[] bytes = in.readAllBytes();
        if (PprofParser.isGzip(bytes)) {
            return PprofParser.parse(bytes);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String head = text.stripLeading();
        if (head.startsWith("{")) {
            return JdkThreadDumpParser.parse(text);
        }
        String first = head.lines().filter(l -> !GoDebug1Parser.isComment(l) && !l.isBlank()).findFirst().orElse("");
        if (first.startsWith("goroutine profile:") || first.startsWith("goroutineleak profile:")) {
            return GoDebug1Parser.parse(text);
        }
        if (head.startsWith("goroutine ")) {
            return GoDebug2Parser.parse(text);
        }
        throw new DumpParseException(1, "not a goroutine dump: expected Go's debug=1 or debug=2 text, a pprof profile or a JDK JSON thread dump, found '"
                + head.lines().findFirst().map(l -> l.length() > 60 ? l.substring(0, 60) + "…" : l).orElse("") + "'");
    }

    /** {@return when the snapshot was taken} */
    public Instant takenAt() {
        return takenAt;
    }

    /** {@return the goroutines, by id} */
    public List<GoroutineInfo> goroutines() {
        return goroutines;
    }

    /**
     * Writes the snapshot in {@code format} to {@code out} (text as UTF-8; {@code out} is flushed, not closed).
     *
     * @param format the format
     * @param out    where to write it
     * @throws IOException if writing fails
     */
    public void write(DumpFormat format, OutputStream out) throws IOException {
        Objects.requireNonNull(format, "format");
        if (format == DumpFormat.PPROF) {
            PprofWriter.write(this, out);
            out.flush();
            return;
        }
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        switch (format) {
            case DEBUG2 -> Debug2Writer.write(this, w);
            case DEBUG1 -> Debug1Writer.write(this, w);
            case FOLDED -> FoldedWriter.write(this, w);
            case JSON -> JsonDump.write(this, w);
            case PPROF -> throw new AssertionError("written above");
        }
        w.flush();
    }
}
