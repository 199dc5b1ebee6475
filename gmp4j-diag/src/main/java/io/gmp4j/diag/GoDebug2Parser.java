package io.gmp4j.diag;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Go's {@code debug=2} goroutine dump: the text of {@code /debug/pprof/goroutine?debug=2},
 * {@code runtime.Stack(buf, true)}, a panic traceback's goroutine sections or a SIGQUIT dump, as
 * Go 1.19 to 1.27 print it, and gmp4j's own {@link DumpFormat#DEBUG2} output.
 *
 * <p>What is read:
 * <ul>
 *   <li>headers {@code goroutine 18 [chan receive, 2 minutes, locked to thread]:}, with the fields
 *       newer Go versions print before the bracket ({@code gp=0x… m=0 mp=0x…} or {@code m=nil}, under
 *       {@code GOTRACEBACK=system} or during a fatal error) ignored, and inside it the status markers
 *       {@code (scan)} and {@code (durable)} dropped from the state and {@code , synctest bubble N}
 *       (Go 1.25+; {@code synctest group N} in 1.24) ignored. Other text, such as Go 1.26's
 *       {@code (leaked)}, stays part of the state;</li>
 *   <li>frame pairs {@code main.(*T[...]).m({0x1, 0x2}, ...)} / {@code \t/path/main.go:12 +0x25}
 *       (anything after the line number, {@code +0x25}, {@code fp=… sp=… pc=…}, is ignored): the
 *       frame's function is the line without its trailing argument list, its file what precedes the
 *       location's last {@code :} ({@code ?} read as unknown, an empty file), its line the number;</li>
 *   <li>{@code created by F} and Go 1.21's {@code created by F in goroutine N}, with its location;</li>
 *   <li>skipped: {@code ...additional frames elided...}, {@code ...N frames elided...},
 *       {@code goroutine running on other thread; stack unavailable}, {@code non-Go function…} lines,
 *       and {@code [originating from goroutine N]:} ancestor sections
 *       ({@code GODEBUG=tracebackancestors}), whose frames are not the goroutine's own;</li>
 *   <li>gmp4j's context lines between goroutine blocks ({@code # goroutine 18 waits on ctx.Done(): …}
 *       and {@code # goroutine 18 started with ctx: …}, see {@link Debug2Writer}), which give the
 *       goroutine they name its {@link GoroutineInfo#waitContexts()} and {@link GoroutineInfo#context()}
 *       (keys it does not know are skipped); any other line starting with {@code #} is a comment.
 *       A line starting with {@code #} also ends a goroutine's block.</li>
 * </ul>
 *
 * <p>Go dumps have neither goroutine names nor labels: each record is named {@code goroutine-<id>}
 * and has no labels. The goroutines are returned by id. A dump carries no time, so the snapshot's
 * {@link Snapshot#takenAt()} is the moment of parsing ({@link Instant#now()}).
 *
 * <p>Anything that cannot be read throws {@link DumpParseException} naming the line: a header
 * without {@code ]:}, a frame or {@code created by} line without its location line, a line number
 * that is not a number, a dump cut short (a last line without its newline, a header or frame at the
 * end), a context line that is malformed or names a goroutine the dump does not hold. Nothing
 * partial is ever returned.
 */
final class GoDebug2Parser {
    private GoDebug2Parser() {
    }

    private static final Pattern HEADER = Pattern.compile("goroutine (\\d+)((?: [A-Za-z_]+=\\S*)*) \\[(.*)\\]:");
    private static final Pattern MINUTES = Pattern.compile(", (\\d+) minutes?$");
    private static final Pattern SYNCTEST = Pattern.compile(", synctest (?:bubble|group) \\d+$");
    private static final Pattern N_ELIDED = Pattern.compile("\\.\\.\\.\\d+ frames elided\\.\\.\\.");
    private static final Pattern ANCESTOR = Pattern.compile("\\[originating from goroutine \\d+\\]:");
    private static final Pattern CREATED_BY = Pattern.compile("created by (.+?)(?: in goroutine (\\d+))?");
    /** {@code path:line} then optional space-separated extras ({@code +0x25}, {@code fp=…}). */
    private static final Pattern LOCATION = Pattern.compile("(.+):([^:\\s]*)((?: \\S*)*)");
    /** gmp4j's context lines (see Debug2Writer): the goroutine, the relation, then logfmt fields. */
    private static final Pattern CONTEXT_LINE = Pattern.compile("# goroutine (\\d+) ("
            + Pattern.quote(Debug2Writer.WAITS) + "|" + Pattern.quote(Debug2Writer.STARTED) + "):((?: .*)?)");
    /** A frame as a context line's {@code made_at} shows it: {@code function(location)}. */
    private static final Pattern FRAME = Pattern.compile("(.+)\\((.*)\\)");

    static Snapshot parse(String text) throws DumpParseException {
        Instant takenAt = Instant.now();
        String[] lines = splitLines(text);
        int[] at = {0};
        try {
            return Snapshot.of(takenAt, read(lines, at));
        } catch (DumpParseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DumpParseException(at[0] + 1, "cannot read the dump: " + e, e);
        }
    }

    /** The text's lines, {@code \r\n} accepted; a text cut in the middle of its last line is refused. */
    static String[] splitLines(String text) throws DumpParseException {
        String[] lines = text.split("\r?\n", -1);
        if (!lines[lines.length - 1].isEmpty()) {
            throw new DumpParseException(lines.length, "truncated dump: the last line '" + shorten(lines[lines.length - 1])
                    + "' does not end with a newline");
        }
        return java.util.Arrays.copyOf(lines, lines.length - 1);
    }

    private static List<GoroutineInfo> read(String[] lines, int[] at) throws DumpParseException {
        List<GoroutineInfo> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        Map<Long, List<ContextInfo>> waitContexts = new HashMap<>();
        Map<Long, ContextInfo> startedWith = new HashMap<>();
        Map<Long, Integer> contextLineOf = new HashMap<>();
        int i = 0;
        while (i < lines.length) {
            at[0] = i;
            String line = lines[i];
            if (line.isBlank()) {
                i++;
                continue;
            }
            if (line.startsWith("#")) {
                Matcher c = CONTEXT_LINE.matcher(line);
                if (c.matches()) {
                    long id = parseLong(c.group(1), i + 1, "goroutine id");
                    ContextInfo ctx = context(c.group(3), i + 1);
                    contextLineOf.putIfAbsent(id, i + 1);
                    if (c.group(2).equals(Debug2Writer.WAITS)) {
                        waitContexts.computeIfAbsent(id, k -> new ArrayList<>()).add(ctx);
                    } else if (startedWith.putIfAbsent(id, ctx) != null) {
                        throw new DumpParseException(i + 1, "goroutine " + id + " has a second '" + Debug2Writer.STARTED + "' line");
                    }
                }
                i++; // any other line starting with '#' is a comment
                continue;
            }
            int headerLine = i + 1;
            Matcher h = HEADER.matcher(line);
            if (!h.matches()) {
                if (line.startsWith("goroutine ")) {
                    throw new DumpParseException(headerLine, "malformed goroutine header '" + shorten(line)
                            + "': expected 'goroutine N [state]:'");
                }
                throw new DumpParseException(headerLine, "expected a goroutine header 'goroutine N [state]:', found '"
                        + shorten(line) + "'");
            }
            long id = parseLong(h.group(1), headerLine, "goroutine id");
            if (!seen.add(id)) {
                throw new DumpParseException(headerLine, "goroutine " + id + " appears twice");
            }
            String inside = h.group(3);
            boolean locked = false;
            long minutes = 0;
            while (true) {
                Matcher m = MINUTES.matcher(inside);
                Matcher s = SYNCTEST.matcher(inside);
                if (inside.endsWith(", locked to thread")) {
                    locked = true;
                    inside = inside.substring(0, inside.length() - ", locked to thread".length());
                } else if (m.find()) {
                    minutes = parseLong(m.group(1), headerLine, "wait time");
                    inside = inside.substring(0, m.start());
                } else if (s.find()) {
                    inside = inside.substring(0, s.start());
                } else {
                    break;
                }
            }
            String state = inside;
            for (boolean again = true; again; ) {
                again = false;
                for (String marker : new String[] {" (scan)", " (durable)"}) {
                    if (state.endsWith(marker)) {
                        state = state.substring(0, state.length() - marker.length());
                        again = true;
                    }
                }
            }
            if (state.isBlank()) {
                throw new DumpParseException(headerLine, "goroutine " + id + " has no state in its header");
            }
            i++;

            List<Frame> frames = new ArrayList<>();
            Frame createdBy = null;
            long creatorId = 0;
            boolean ancestor = false; // inside an [originating from goroutine N]: section
            boolean anyBody = false;
            while (i < lines.length && !lines[i].isBlank() && !lines[i].startsWith("#") && !HEADER.matcher(lines[i]).matches()) {
                at[0] = i;
                String l = lines[i];
                int lineNo = i + 1;
                anyBody = true;
                if (l.equals("...additional frames elided...") || N_ELIDED.matcher(l).matches()
                        || l.strip().equals("goroutine running on other thread; stack unavailable")
                        || l.startsWith("non-Go function")) {
                    i++;
                    continue;
                }
                if (ANCESTOR.matcher(l).matches()) {
                    ancestor = true;
                    i++;
                    continue;
                }
                if (l.startsWith("\t")) {
                    throw new DumpParseException(lineNo, "location line '" + shorten(l.strip()) + "' without a frame before it");
                }
                if (l.startsWith("created by ")) {
                    Matcher c = CREATED_BY.matcher(l);
                    if (!c.matches()) {
                        throw new DumpParseException(lineNo, "malformed 'created by' line '" + shorten(l) + "'");
                    }
                    Frame f = location(c.group(1), lines, i + 1, lineNo, "'created by " + c.group(1) + "'");
                    if (!ancestor) {
                        createdBy = f;
                        creatorId = c.group(2) == null ? 0 : parseLong(c.group(2), lineNo, "creator goroutine id");
                    }
                    i += 2;
                    continue;
                }
                String function = functionOf(l, lineNo);
                Frame f = location(function, lines, i + 1, lineNo, "frame '" + shorten(function) + "'");
                if (!ancestor) {
                    frames.add(f);
                }
                i += 2;
            }
            if (!anyBody && i >= lines.length) {
                throw new DumpParseException(headerLine, "truncated dump: goroutine " + id + "'s header is the last line, its stack is missing");
            }
            out.add(new GoroutineInfo(id, "goroutine-" + id, state, minutes, Map.of(), frames, createdBy, creatorId, locked));
        }
        if (out.isEmpty()) {
            throw new DumpParseException(1, "no goroutine in the dump");
        }
        for (Map.Entry<Long, Integer> e : contextLineOf.entrySet()) {
            if (!seen.contains(e.getKey())) {
                throw new DumpParseException(e.getValue(), "context line for goroutine " + e.getKey() + ", which the dump does not hold");
            }
        }
        if (!contextLineOf.isEmpty()) {
            out.replaceAll(g -> contextLineOf.containsKey(g.id())
                    ? g.withContexts(waitContexts.getOrDefault(g.id(), List.of()), startedWith.get(g.id())) : g);
        }
        out.sort(Comparator.comparingLong(GoroutineInfo::id));
        return out;
    }

    /** The context of a context line's fields ({@code key=value} pairs, values bare or Go-quoted). */
    private static ContextInfo context(String fields, int lineNo) throws DumpParseException {
        Map<String, String> f = new HashMap<>();
        int k = 0;
        int n = fields.length();
        while (k < n) {
            if (fields.charAt(k) != ' ') {
                throw new DumpParseException(lineNo, "malformed context line: expected ' key=value' at column " + k);
            }
            int eq = fields.indexOf('=', k + 1);
            if (eq < 0 || eq == k + 1 || fields.substring(k + 1, eq).contains(" ")) {
                throw new DumpParseException(lineNo, "malformed context line: expected ' key=value' at column " + k);
            }
            String key = fields.substring(k + 1, eq);
            int v = eq + 1;
            String value;
            if (v < n && fields.charAt(v) == '"') {
                StringBuilder b = new StringBuilder();
                k = unquote(fields, v, b, lineNo);
                value = b.toString();
            } else {
                k = fields.indexOf(' ', v);
                k = k < 0 ? n : k;
                value = fields.substring(v, k);
            }
            if (f.put(key, value) != null) {
                throw new DumpParseException(lineNo, "context line has '" + key + "' twice");
            }
        }
        String description = f.get("context");
        String kind = f.get("kind");
        if (description == null || kind == null) {
            throw new DumpParseException(lineNo, "context line without its " + (description == null ? "context" : "kind"));
        }
        Instant deadline = null;
        Duration timeout = null;
        try {
            String d = f.get("deadline");
            deadline = d == null ? null : Instant.parse(d);
            String t = f.get("timeout");
            timeout = t == null ? null : GoDuration.parse(t);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new DumpParseException(lineNo, "context line: " + e.getMessage(), e);
        }
        Frame madeAt = null;
        String m = f.get("made_at");
        if (m != null) {
            Matcher fm = FRAME.matcher(m);
            if (!fm.matches()) {
                throw new DumpParseException(lineNo, "context line: made_at '" + shorten(m) + "' is not 'function(file:line)'");
            }
            String loc = fm.group(2).isEmpty() ? "?" : fm.group(2);
            madeAt = new Frame(fm.group(1), fileOf(loc, lineNo), lineOf(loc, lineNo));
        }
        return new ContextInfo(description, kind, deadline, timeout, madeAt, f.get("err"), f.get("cause"));
    }

    /** Reads the Go-quoted string starting at {@code from} into {@code out}; returns the index after its closing quote. */
    private static int unquote(String s, int from, StringBuilder out, int lineNo) throws DumpParseException {
        int k = from + 1;
        while (k < s.length()) {
            char c = s.charAt(k);
            if (c == '"') {
                return k + 1;
            }
            if (c != '\\') {
                out.append(c);
                k++;
                continue;
            }
            if (k + 1 >= s.length()) {
                break;
            }
            char e = s.charAt(k + 1);
            switch (e) {
                case '"', '\\' -> out.append(e);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'x' -> {
                    if (k + 3 >= s.length() || !s.substring(k + 2, k + 4).matches("[0-9a-fA-F]{2}")) {
                        throw new DumpParseException(lineNo, "context line: bad escape in a quoted value at column " + k);
                    }
                    out.append((char) Integer.parseInt(s.substring(k + 2, k + 4), 16));
                    k += 2;
                }
                default -> throw new DumpParseException(lineNo, "context line: bad escape '\\" + e + "' in a quoted value at column " + k);
            }
            k += 2;
        }
        throw new DumpParseException(lineNo, "context line: a quoted value is not closed");
    }

    /** The function of a frame line {@code function(args)}: the line without its trailing, balanced argument list. */
    private static String functionOf(String line, int lineNo) throws DumpParseException {
        String l = line.stripTrailing();
        if (!l.endsWith(")")) {
            throw new DumpParseException(lineNo, "malformed frame line '" + shorten(line) + "': expected 'function(arguments)'");
        }
        int depth = 0;
        for (int k = l.length() - 1; k >= 0; k--) {
            char c = l.charAt(k);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                if (k == 0) {
                    break;
                }
                return l.substring(0, k);
            }
        }
        throw new DumpParseException(lineNo, "malformed frame line '" + shorten(line) + "': expected 'function(arguments)'");
    }

    /** The frame of {@code function} at the location on line index {@code i}, which must be a tab-indented location line. */
    private static Frame location(String function, String[] lines, int i, int ownerLineNo, String what) throws DumpParseException {
        if (i >= lines.length || !lines[i].startsWith("\t")) {
            throw new DumpParseException(ownerLineNo, (i >= lines.length ? "truncated dump: " : "") + what
                    + " without its location line ('\\tfile:line')");
        }
        String loc = lines[i].substring(1).strip();
        return new Frame(function, fileOf(loc, i + 1), lineOf(loc, i + 1));
    }

    /** The file of a location {@code path:line +0x25}, {@code File.java}, or {@code ?} (unknown: empty). */
    static String fileOf(String loc, int lineNo) throws DumpParseException {
        Matcher m = LOCATION.matcher(loc);
        String file = m.matches() ? m.group(1) : loc;
        if (file.isEmpty()) {
            throw new DumpParseException(lineNo, "empty location");
        }
        return file.equals("?") ? "" : file;
    }

    static int lineOf(String loc, int lineNo) throws DumpParseException {
        Matcher m = LOCATION.matcher(loc);
        if (!m.matches()) {
            return 0;
        }
        String n = m.group(2);
        if (!n.matches("\\d{1,10}")) {
            throw new DumpParseException(lineNo, "line number '" + shorten(n) + "' in location '" + shorten(loc) + "' is not a number");
        }
        long v = Long.parseLong(n);
        if (v > Integer.MAX_VALUE) {
            throw new DumpParseException(lineNo, "line number " + n + " is out of range");
        }
        return (int) v;
    }

    static long parseLong(String s, int lineNo, String what) throws DumpParseException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new DumpParseException(lineNo, what + " '" + shorten(s) + "' is not a number", e);
        }
    }

    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
