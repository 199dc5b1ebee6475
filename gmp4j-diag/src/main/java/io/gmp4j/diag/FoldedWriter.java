package io.gmp4j.diag;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folded stacks for flame graphs (flamegraph.pl, speedscope, Pyroscope): one line per distinct
 * stack, {@code outermost;…;innermost COUNT}, frames as their function names. A goroutine with no
 * frames (its thread was collected) is folded as its state in brackets, so it still counts.
 * Semicolons and spaces inside a name would break the format; they are replaced by {@code _}.
 */
final class FoldedWriter {
    private FoldedWriter() {
    }

    static void write(Snapshot s, Writer w) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (GoroutineInfo g : s.goroutines()) {
            counts.merge(fold(g), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            w.write(e.getKey() + " " + e.getValue() + "\n");
        }
    }

    static String fold(GoroutineInfo g) {
        List<Frame> frames = g.frames();
        if (frames.isEmpty()) {
            return "[" + clean(g.state()) + "]";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = frames.size() - 1; i >= 0; i--) {
            sb.append(clean(frames.get(i).function()));
            if (i > 0) {
                sb.append(';');
            }
        }
        return sb.toString();
    }

    private static String clean(String s) {
        return s.replace(';', '_').replace(' ', '_');
    }
}
