package io.gmp4j.diag;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code debug=1} goroutine profile: {@code goroutine profile: total N}, then one entry per
 * distinct (stack, labels), most frequent first: {@code COUNT @ 0x… 0x…}, a {@code # labels: {…}}
 * line when it has labels, and one {@code #\t0x…\tfunction+0x0\tFile.java:123} line per frame.
 *
 * <p>The JVM has no program counters to show, so each distinct frame gets a synthetic address,
 * stable for the frame's function, file and line (a hash in a fixed high range), so that the same
 * frame carries the same address in every dump and in the pprof profile.
 */
final class Debug1Writer {
    private Debug1Writer() {
    }

    record Key(List<Frame> frames, Map<String, String> labels) {
    }

    /** Goroutines counted per distinct (stack, labels), in first-seen order: debug=1's entries and pprof's samples. */
    static Map<Key, Integer> group(Snapshot s) {
        Map<Key, Integer> counts = new LinkedHashMap<>();
        for (GoroutineInfo g : s.goroutines()) {
            counts.merge(new Key(g.frames(), new TreeMap<>(g.labels())), 1, Integer::sum);
        }
        return counts;
    }

    static void write(Snapshot s, Writer w) throws IOException {
        write(s, w, "goroutine");
    }

    /** As Go writes the profile named {@code profile} ({@code goroutine}, {@code goroutineleak}). */
    static void write(Snapshot s, Writer w, String profile) throws IOException {
        write(s, w, profile, List.of());
    }

    /**
     * As {@link #write(Snapshot, Writer, String)}, with each of {@code comments} (one line each) as a
     * {@code # } line right after the header, then a blank line: Go's pprof skips lines starting
     * with {@code #} wherever it expects an entry, and so does {@link GoDebug1Parser}.
     */
    static void write(Snapshot s, Writer w, String profile, List<String> comments) throws IOException {
        List<Map.Entry<Key, Integer>> entries = new ArrayList<>(group(s).entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: ties keep first-seen order
        w.write(profile + " profile: total " + s.goroutines().size() + "\n");
        for (String c : comments) {
            w.write("# " + c + "\n");
        }
        if (!comments.isEmpty()) {
            w.write("\n");
        }
        for (Map.Entry<Key, Integer> e : entries) {
            StringBuilder sb = new StringBuilder().append(e.getValue()).append(" @");
            for (Frame f : e.getKey().frames()) {
                sb.append(" 0x").append(Long.toHexString(address(f)));
            }
            sb.append('\n');
            if (!e.getKey().labels().isEmpty()) {
                sb.append("# labels: ").append(labels(e.getKey().labels())).append('\n');
            }
            for (Frame f : e.getKey().frames()) {
                sb.append("#\t0x").append(Long.toHexString(address(f))).append('\t').append(f.function())
                        .append("+0x0\t").append(f.location()).append('\n');
            }
            sb.append('\n');
            w.write(sb.toString());
        }
    }

    /** A synthetic, stable address for a frame: 0x4… plus 40 bits of its hash. */
    static long address(Frame f) {
        long h = 1125899906842597L;
        for (char c : (f.function() + '\0' + f.file() + '\0' + f.line()).toCharArray()) {
            h = 31 * h + c;
        }
        return 0x400000000000L | (h & 0xFFFFFFFFFFL);
    }

    /** Go's label rendering: {"k1":"v1", "k2":"v2"}, keys sorted. */
    static String labels(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        }
        return sb.append('}').toString();
    }

    /** Go's {@code %q}-like quoting: {@code "…"} with {@code \"}, {@code \\}, {@code \n}, {@code \t} and {@code \xNN} escapes. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
