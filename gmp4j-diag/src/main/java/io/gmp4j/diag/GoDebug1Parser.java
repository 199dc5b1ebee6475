package io.gmp4j.diag;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Go's {@code debug=1} goroutine profile ({@code /debug/pprof/goroutine?debug=1}), and gmp4j's
 * own {@link DumpFormat#DEBUG1} output, and the {@code goroutineleak} profile in the same form
 * (header {@code goroutineleak profile: total N}):
 *
 * <pre>
 * goroutine profile: total 5
 * 4 @ 0x437556 0x4053cc 0x4b524a 0x461121
 * # labels: {"shard":"7", "worker":"indexer"}
 * #	0x4b5249	main.leakySender+0x29	/src/main.go:15
 *
 * 1 @ …
 * </pre>
 *
 * <p>Each entry stands for COUNT goroutines with the same stack and labels, and becomes COUNT
 * records, numbered 1 to total in the order of the dump (debug=1 prints no goroutine ids), named
 * {@code goroutine-<n>}. The frames are those of the {@code #} lines (the {@code @} addresses are
 * not frames: Go expands inlined calls and hides the leading runtime frames in the {@code #}
 * lines), each function without its {@code +0x…} offset; a frame Go could not symbolize
 * ({@code #\t0x…} alone) has its address as function. The labels are those of the entry's
 * {@code # labels:} line ({@code "k":"v"} pairs, Go-quoted). Other lines starting with {@code #}
 * before the header or between entries are comments, skipped as Go's pprof skips them (gmp4j
 * writes one into a goroutineleak profile while proven-leak detection is off).
 *
 * <p>debug=1 prints no goroutine state, wait time, creator or thread lock: the state is
 * {@code "unknown"} (a word Go never prints as a state, so that it cannot be mistaken for a real
 * one), the wait time 0, the creator absent (null, creator id 0), not locked. The profile carries no
 * time: {@link Snapshot#takenAt()} is the moment of parsing ({@link Instant#now()}).
 *
 * <p>The counts must add up to the header's total; a dump that cannot be read throws
 * {@link DumpParseException} naming the line, and nothing partial is returned.
 */
final class GoDebug1Parser {
    private GoDebug1Parser() {
    }

    /** The state given to every goroutine read from a debug=1 profile, which has none. */
    static final String UNKNOWN_STATE = "unknown";

    private static final Pattern HEADER = Pattern.compile("(?:goroutine|goroutineleak) profile: total (\\d+)");
    private static final Pattern ENTRY = Pattern.compile("(\\d+) @((?: 0x[0-9a-fA-F]+)*)");
    private static final Pattern OFFSET = Pattern.compile("\\+0x[0-9a-fA-F]+$");

    private record Entry(int line, long count, Map<String, String> labels, List<Frame> frames) {
    }

    static Snapshot parse(String text) throws DumpParseException {
        Instant takenAt = Instant.now();
        String[] lines = GoDebug2Parser.splitLines(text);
        int[] at = {0};
        try {
            return Snapshot.of(takenAt, read(lines, at));
        } catch (DumpParseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DumpParseException(at[0] + 1, "cannot read the profile: " + e, e);
        }
    }

    private static List<GoroutineInfo> read(String[] lines, int[] at) throws DumpParseException {
        int i = 0;
        while (i < lines.length && (lines[i].isBlank() || isComment(lines[i]))) {
            i++;
        }
        if (i == lines.length) {
            throw new DumpParseException(1, "empty profile: expected 'goroutine profile: total N'");
        }
        int headerLine = i + 1;
        Matcher h = HEADER.matcher(lines[i].strip());
        if (!h.matches()) {
            throw new DumpParseException(headerLine, "expected 'goroutine profile: total N', found '"
                    + GoDebug2Parser.shorten(lines[i]) + "'");
        }
        long total = GoDebug2Parser.parseLong(h.group(1), headerLine, "total");
        i++;

        List<Entry> entries = new ArrayList<>();
        while (i < lines.length) {
            at[0] = i;
            String line = lines[i];
            if (line.isBlank() || isComment(line)) {
                i++;
                continue;
            }
            int entryLine = i + 1;
            Matcher e = ENTRY.matcher(line.strip());
            if (!e.matches()) {
                throw new DumpParseException(entryLine, "expected an entry 'COUNT @ 0x… 0x…', found '"
                        + GoDebug2Parser.shorten(line) + "'");
            }
            long count = GoDebug2Parser.parseLong(e.group(1), entryLine, "count");
            i++;
            Map<String, String> labels = Map.of();
            List<Frame> frames = new ArrayList<>();
            while (i < lines.length && !lines[i].isBlank()) {
                at[0] = i;
                String l = lines[i];
                int lineNo = i + 1;
                if (l.startsWith("# labels: ")) {
                    if (!frames.isEmpty() || !labels.isEmpty()) {
                        throw new DumpParseException(lineNo, "a '# labels:' line must come right after its entry's 'COUNT @' line");
                    }
                    labels = labels(l.substring("# labels: ".length()).strip(), lineNo);
                } else if (l.startsWith("#\t")) {
                    frames.add(frame(l.substring(2), lineNo));
                } else if (ENTRY.matcher(l.strip()).matches()) {
                    break; // next entry without a blank line between
                } else {
                    throw new DumpParseException(lineNo, "expected a frame line '#\\t0x…\\tfunction+0x…\\tfile:line', found '"
                            + GoDebug2Parser.shorten(l) + "'");
                }
                i++;
            }
            entries.add(new Entry(entryLine, count, labels, frames));
        }
        long sum = 0;
        for (Entry e : entries) {
            sum += e.count();
        }
        if (sum != total) {
            throw new DumpParseException(headerLine, "the header says total " + total + " but the entries count "
                    + sum + " goroutines" + (entries.isEmpty() ? "" : " (the dump may be truncated)"));
        }
        if (total > 10_000_000) {
            throw new DumpParseException(headerLine, "total " + total + " is too large to expand");
        }
        List<GoroutineInfo> out = new ArrayList<>((int) total);
        long id = 1;
        for (Entry e : entries) {
            for (long k = 0; k < e.count(); k++, id++) {
                out.add(new GoroutineInfo(id, "goroutine-" + id, UNKNOWN_STATE, 0, e.labels(), e.frames(), null, 0, false));
            }
        }
        return out;
    }

    /**
     * A line starting with {@code #} that is neither a frame ({@code #\t}) nor a labels line: a
     * comment, skipped where an entry may start. (A frame or labels line there means a blank line
     * inside an entry, and stays an error rather than losing frames.)
     */
    static boolean isComment(String line) {
        return line.startsWith("#") && !line.startsWith("#\t") && !line.startsWith("# labels:");
    }

    /** {@code 0x4b5249<tabs>main.leakySender+0x29<tabs>/src/main.go:15}; Go pads with several tabs. */
    private static Frame frame(String rest, int lineNo) throws DumpParseException {
        List<String> fields = new ArrayList<>();
        for (String f : rest.split("\t", -1)) {
            if (!f.isEmpty()) {
                fields.add(f);
            }
        }
        if (fields.isEmpty() || !fields.get(0).matches("0x[0-9a-fA-F]+")) {
            throw new DumpParseException(lineNo, "malformed frame line: expected '#\\t0x…\\tfunction+0x…\\tfile:line'");
        }
        if (fields.size() == 1) {
            return new Frame(fields.get(0), "", 0); // Go could not symbolize this pc
        }
        if (fields.size() != 3) {
            throw new DumpParseException(lineNo, "malformed frame line: expected '#\\t0x…\\tfunction+0x…\\tfile:line', found "
                    + fields.size() + " fields");
        }
        String function = OFFSET.matcher(fields.get(1)).replaceFirst("");
        String loc = fields.get(2).strip();
        return new Frame(function, GoDebug2Parser.fileOf(loc, lineNo), GoDebug2Parser.lineOf(loc, lineNo));
    }

    /** Go's rendering of a label set: {@code {"k1":"v1", "k2":"v2"}}, each string Go-quoted ({@code %q}). */
    static Map<String, String> labels(String s, int lineNo) throws DumpParseException {
        Map<String, String> out = new LinkedHashMap<>();
        int[] pos = {0};
        expect(s, pos, '{', lineNo);
        skipSpaces(s, pos);
        if (pos[0] < s.length() && s.charAt(pos[0]) == '}') {
            pos[0]++;
        } else {
            while (true) {
                skipSpaces(s, pos);
                String k = quoted(s, pos, lineNo);
                skipSpaces(s, pos);
                expect(s, pos, ':', lineNo);
                skipSpaces(s, pos);
                String v = quoted(s, pos, lineNo);
                if (out.put(k, v) != null) {
                    throw new DumpParseException(lineNo, "label '" + k + "' appears twice");
                }
                skipSpaces(s, pos);
                if (pos[0] < s.length() && s.charAt(pos[0]) == ',') {
                    pos[0]++;
                    continue;
                }
                expect(s, pos, '}', lineNo);
                break;
            }
        }
        if (pos[0] != s.length()) {
            throw new DumpParseException(lineNo, "malformed labels: unexpected text after '}'");
        }
        return out;
    }

    private static void skipSpaces(String s, int[] pos) {
        while (pos[0] < s.length() && s.charAt(pos[0]) == ' ') {
            pos[0]++;
        }
    }

    private static void expect(String s, int[] pos, char c, int lineNo) throws DumpParseException {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
            throw new DumpParseException(lineNo, "malformed labels '" + GoDebug2Parser.shorten(s) + "': expected '" + c
                    + "' at column " + (pos[0] + 1));
        }
        pos[0]++;
    }

    /** A Go double-quoted string literal (strconv.Quote's escapes), bytes decoded as UTF-8. */
    private static String quoted(String s, int[] pos, int lineNo) throws DumpParseException {
        expect(s, pos, '"', lineNo);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder pending = new StringBuilder();
        while (true) {
            if (pos[0] >= s.length()) {
                throw new DumpParseException(lineNo, "malformed labels: unterminated string");
            }
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                pending.append(c);
                continue;
            }
            if (pos[0] >= s.length()) {
                throw new DumpParseException(lineNo, "malformed labels: unterminated escape");
            }
            char e = s.charAt(pos[0]++);
            switch (e) {
                case 'a' -> pending.append('\u0007');
                case 'b' -> pending.append('\b');
                case 'f' -> pending.append('\f');
                case 'n' -> pending.append('\n');
                case 'r' -> pending.append('\r');
                case 't' -> pending.append('\t');
                case 'v' -> pending.append('\u000b');
                case '\\', '"', '\'' -> pending.append(e);
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int v = hex(s, pos, n, lineNo);
                    if (e == 'x') {
                        flush(pending, bytes);
                        bytes.write(v);
                    } else {
                        if (!Character.isValidCodePoint(v)) {
                            throw new DumpParseException(lineNo, "malformed labels: invalid code point");
                        }
                        pending.appendCodePoint(v);
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7' && pos[0] + 2 <= s.length()) {
                        String oct = s.substring(pos[0] - 1, pos[0] + 2);
                        if (!oct.matches("[0-7]{3}")) {
                            throw new DumpParseException(lineNo, "malformed labels: bad octal escape");
                        }
                        pos[0] += 2;
                        flush(pending, bytes);
                        bytes.write(Integer.parseInt(oct, 8) & 0xFF);
                    } else {
                        throw new DumpParseException(lineNo, "malformed labels: unknown escape '\\" + e + "'");
                    }
                }
            }
        }
        flush(pending, bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void flush(StringBuilder pending, ByteArrayOutputStream bytes) {
        bytes.writeBytes(pending.toString().getBytes(StandardCharsets.UTF_8));
        pending.setLength(0);
    }

    private static int hex(String s, int[] pos, int n, int lineNo) throws DumpParseException {
        if (pos[0] + n > s.length() || !s.substring(pos[0], pos[0] + n).matches("[0-9a-fA-F]+")) {
            throw new DumpParseException(lineNo, "malformed labels: bad hex escape");
        }
        long v = Long.parseLong(s.substring(pos[0], pos[0] + n), 16);
        pos[0] += n;
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}
