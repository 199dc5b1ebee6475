package io.gmp4j.diag;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JDK's JSON thread dump ({@code jcmd PID Thread.dump_to_file -format=json FILE}, or
 * {@code HotSpotDiagnosticMXBean.dumpThreads(file, JSON)}) into a {@link Snapshot}, one
 * {@link GoroutineInfo} per thread.
 *
 * <p>Versions read:
 * <ul>
 *   <li>JDK 21: {@code threadDump} → {@code processId}, {@code time}, {@code runtimeVersion},
 *       {@code threadContainers[]} → {@code container}, {@code parent}, {@code owner},
 *       {@code threads[]} → {@code tid}, {@code name}, {@code stack[]}. No thread state.</li>
 *   <li>JDK 25 adds, per thread, {@code time}, {@code state} ({@code Thread.State}),
 *       {@code virtual}, {@code parkBlocker} ({@code {"object": ..., "owner": ...}}),
 *       {@code blockedOn}, {@code waitingOn}, {@code monitorsOwned}, {@code carrier}, and
 *       {@code threadCount} per container. Ids and counts are JSON strings.</li>
 *   <li>Newer dumps ({@code formatVersion} 2) write ids, counts and the process id as JSON
 *       numbers. Ids are accepted as strings or integers everywhere, and {@code formatVersion}
 *       (at the top or inside {@code threadDump}) only has to be an integer when present.
 *       Unknown fields are ignored.</li>
 * </ul>
 *
 * <p>Mapping to {@link GoroutineInfo}:
 * <ul>
 *   <li>{@code id} = {@code tid}; {@code name} = the thread's name, {@code thread-<tid>} when
 *       empty or absent;</li>
 *   <li>{@code state}, a Go-style wait reason, from the first rule that applies:
 *     <ol>
 *       <li>{@code RUNNABLE}: {@code running}, except a virtual thread with no {@code carrier}
 *           (unmounted, waiting to be scheduled): {@code runnable};</li>
 *       <li>{@code BLOCKED} (waiting to enter a monitor, {@code blockedOn}): {@code monitor enter};</li>
 *       <li>{@code WAITING}/{@code TIMED_WAITING} with {@code Thread.sleep} on the stack: {@code sleep};</li>
 *       <li>{@code WAITING}/{@code TIMED_WAITING} in {@code Object.wait} ({@code waitingOn}): {@code monitor wait};</li>
 *       <li>{@code WAITING}/{@code TIMED_WAITING} with a {@code parkBlocker}: the blocker's class
 *           name, its identity hash dropped (e.g. {@code java.util.concurrent.locks.ReentrantLock$NonfairSync});</li>
 *       <li>other {@code WAITING}/{@code TIMED_WAITING}: {@code park};</li>
 *       <li>{@code NEW}: {@code idle}; {@code TERMINATED}: {@code dead}; any other state: its
 *           name lower-cased, underscores as spaces;</li>
 *       <li>no {@code state} (JDK 21): from the stack alone: {@code sleep} when
 *           {@code Thread.sleep} is on it, {@code monitor wait} when the top frame is
 *           {@code Object.wait}, {@code park} when the top frame is a park
 *           ({@code Unsafe.park}, {@code LockSupport.park*}, {@code VirtualThread.park*}), else
 *           {@code unknown} (a JDK 21 dump does not say whether a thread runs).</li>
 *     </ol></li>
 *   <li>{@code waitMinutes} 0 (the dump has no wait times); {@code createdBy} null,
 *       {@code creatorId} 0, {@code lockedToThread} false;</li>
 *   <li>{@code labels}: {@code container} = the name of the container that lists the thread, and
 *       {@code virtual} = {@code true} for a virtual thread (absent for platform threads);</li>
 *   <li>{@code frames}: one per {@code stack} string, top first. A string is
 *       {@code StackTraceElement.toString()}: the class loader and module prefixes
 *       ({@code app//}, {@code java.base/}, {@code mod@1.0/}) are dropped, the function is
 *       {@code class.method}, file and line come from the parentheses; {@code Native Method} and
 *       {@code Unknown Source} give no file and line 0.</li>
 * </ul>
 * A thread listed in several containers appears once (by {@code tid}): the first listing gives
 * its record, and a later listing in a container other than {@code <root>} replaces a
 * {@code <root>} container label. The goroutines are sorted by id.
 *
 * <p>{@code takenAt} is the dump's {@code time} (an ISO-8601 instant or offset date-time), or
 * the time of parsing when the dump has none.
 *
 * <p>Errors: JSON that does not parse throws {@link DumpParseException} with the line Jackson
 * reports; JSON of the wrong shape (no {@code threadDump}, {@code stack} not an array, a
 * {@code tid} that is not an integer, …) throws it with line 0 and the JSON path of the problem.
 * Nothing partial is returned.
 */
final class JdkThreadDumpParser {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final String ROOT = "<root>";

    /** Functions whose presence on a stack means the thread sleeps. */
    private static final Set<String> SLEEP = Set.of("java.lang.Thread.sleep", "java.lang.Thread.sleep0",
            "java.lang.Thread.sleepNanos", "java.lang.Thread.sleepNanos0", "java.lang.VirtualThread.sleepNanos");
    /** Top frames of a parked thread. */
    private static final Set<String> PARK = Set.of("jdk.internal.misc.Unsafe.park", "sun.misc.Unsafe.park",
            "java.util.concurrent.locks.LockSupport.park", "java.util.concurrent.locks.LockSupport.parkNanos",
            "java.util.concurrent.locks.LockSupport.parkUntil", "java.lang.VirtualThread.park",
            "java.lang.VirtualThread.parkNanos");
    /** Top frames of a thread in Object.wait. */
    private static final Set<String> WAIT = Set.of("java.lang.Object.wait", "java.lang.Object.wait0");

    private JdkThreadDumpParser() {
    }

    static Snapshot parse(String text) throws DumpParseException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
            throw new DumpParseException(line, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new DumpParseException(0, "not valid JSON: " + e, e);
        }
        try {
            return read(root);
        } catch (ShapeException e) {
            throw new DumpParseException(0, "not a JDK thread dump: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new DumpParseException(0, "not a JDK thread dump: " + e, e);
        }
    }

    /** Valid JSON of the wrong shape: the message names the JSON path. */
    private static final class ShapeException extends Exception {
        ShapeException(String message) {
            super(message, null, false, false);
        }
    }

    private static Snapshot read(JsonNode root) throws ShapeException {
        if (root == null || !root.isObject()) {
            throw new ShapeException("expected a JSON object with a \"threadDump\" field");
        }
        JsonNode dump = root.get("threadDump");
        if (dump == null || !dump.isObject()) {
            throw new ShapeException(dump == null ? "no \"threadDump\" object" : "\"threadDump\" is not an object");
        }
        checkFormatVersion(root.get("formatVersion"), "formatVersion");
        checkFormatVersion(dump.get("formatVersion"), "threadDump.formatVersion");

        Instant takenAt = instant(dump.get("time"), "threadDump.time");
        JsonNode containers = dump.get("threadContainers");
        if (containers == null || !containers.isArray()) {
            throw new ShapeException("threadDump.threadContainers: " + (containers == null ? "missing" : "not an array"));
        }
        Map<Long, GoroutineInfo> byId = new LinkedHashMap<>();
        for (int c = 0; c < containers.size(); c++) {
            String cpath = "threadDump.threadContainers[" + c + "]";
            JsonNode container = containers.get(c);
            if (!container.isObject()) {
                throw new ShapeException(cpath + ": not an object");
            }
            String containerName = string(container.get("container"), cpath + ".container");
            JsonNode threads = container.get("threads");
            if (threads == null || !threads.isArray()) {
                throw new ShapeException(cpath + ".threads: " + (threads == null ? "missing" : "not an array"));
            }
            for (int t = 0; t < threads.size(); t++) {
                String tpath = cpath + ".threads[" + t + "]";
                GoroutineInfo g = thread(threads.get(t), tpath, containerName);
                GoroutineInfo seen = byId.get(g.id());
                if (seen == null) {
                    byId.put(g.id(), g);
                } else if (ROOT.equals(seen.labels().get("container")) && !ROOT.equals(containerName)) {
                    Map<String, String> labels = new LinkedHashMap<>(seen.labels());
                    labels.put("container", containerName);
                    byId.put(g.id(), new GoroutineInfo(seen.id(), seen.name(), seen.state(), seen.waitMinutes(), labels,
                            seen.frames(), seen.createdBy(), seen.creatorId(), seen.lockedToThread()));
                }
            }
        }
        List<GoroutineInfo> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingLong(GoroutineInfo::id));
        return Snapshot.of(takenAt, out);
    }

    private static void checkFormatVersion(JsonNode v, String path) throws ShapeException {
        if (v != null && !v.isNull() && !v.canConvertToExactIntegral() && !(v.isTextual() && v.asText().matches("\\d+"))) {
            throw new ShapeException(path + ": expected an integer, found " + describe(v));
        }
    }

    private static GoroutineInfo thread(JsonNode node, String path, String containerName) throws ShapeException {
        if (!node.isObject()) {
            throw new ShapeException(path + ": not an object");
        }
        long tid = id(node.get("tid"), path + ".tid");
        String name = optionalString(node.get("name"), path + ".name");
        if (name == null || name.isEmpty()) {
            name = "thread-" + tid;
        }
        JsonNode stack = node.get("stack");
        if (stack == null || !stack.isArray()) {
            throw new ShapeException(path + ".stack: " + (stack == null ? "missing" : "not an array, found " + describe(stack)));
        }
        List<Frame> frames = new ArrayList<>(stack.size());
        for (int i = 0; i < stack.size(); i++) {
            frames.add(frame(string(stack.get(i), path + ".stack[" + i + "]"), path + ".stack[" + i + "]"));
        }
        JsonNode virtualNode = node.get("virtual");
        boolean virtual = false;
        if (virtualNode != null && !virtualNode.isNull()) {
            if (virtualNode.isBoolean()) {
                virtual = virtualNode.booleanValue();
            } else if (virtualNode.isTextual() && Set.of("true", "false").contains(virtualNode.asText())) {
                virtual = Boolean.parseBoolean(virtualNode.asText());
            } else {
                throw new ShapeException(path + ".virtual: expected a boolean, found " + describe(virtualNode));
            }
        }
        String state = state(node, path, virtual, frames);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("container", containerName);
        if (virtual) {
            labels.put("virtual", "true");
        }
        return new GoroutineInfo(tid, name, state, 0, labels, frames, null, 0, false);
    }

    private static String state(JsonNode node, String path, boolean virtual, List<Frame> frames) throws ShapeException {
        String jdkState = optionalString(node.get("state"), path + ".state");
        boolean sleeping = frames.stream().anyMatch(f -> SLEEP.contains(f.function()));
        String top = frames.isEmpty() ? "" : frames.get(0).function();
        if (jdkState == null) {
            if (sleeping) {
                return "sleep";
            }
            if (WAIT.contains(top)) {
                return "monitor wait";
            }
            if (PARK.contains(top)) {
                return "park";
            }
            return "unknown";
        }
        return switch (jdkState) {
            case "RUNNABLE" -> {
                JsonNode carrier = node.get("carrier");
                if (carrier != null && !carrier.isNull()) {
                    id(carrier, path + ".carrier");
                }
                yield virtual && (carrier == null || carrier.isNull()) ? "runnable" : "running";
            }
            case "BLOCKED" -> "monitor enter";
            case "WAITING", "TIMED_WAITING" -> {
                if (sleeping) {
                    yield "sleep";
                }
                JsonNode waitingOn = node.get("waitingOn");
                if ((waitingOn != null && !waitingOn.isNull()) || WAIT.contains(top)) {
                    yield "monitor wait";
                }
                JsonNode blocker = node.get("parkBlocker");
                if (blocker != null && !blocker.isNull()) {
                    if (!blocker.isObject()) {
                        throw new ShapeException(path + ".parkBlocker: expected an object, found " + describe(blocker));
                    }
                    String object = string(blocker.get("object"), path + ".parkBlocker.object");
                    int at = object.lastIndexOf('@');
                    String cls = at > 0 ? object.substring(0, at) : object;
                    yield cls.isBlank() ? "park" : cls;
                }
                yield "park";
            }
            case "NEW" -> "idle";
            case "TERMINATED" -> "dead";
            default -> {
                if (jdkState.isBlank()) {
                    throw new ShapeException(path + ".state: empty");
                }
                yield jdkState.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            }
        };
    }

    /** One {@code StackTraceElement.toString()}: {@code [loader/][module[@version]/]class.method(source)}. */
    private static Frame frame(String s, String path) throws ShapeException {
        int open = s.indexOf('(');
        if (open <= 0 || !s.endsWith(")")) {
            throw new ShapeException(path + ": not a stack frame (expected class.method(File.java:line)): \"" + clip(s) + "\"");
        }
        String qualified = s.substring(0, open);
        // drop the class loader and module prefixes; a hidden class keeps its "/0x…" suffix
        int slash = qualified.lastIndexOf('/');
        while (slash > 0 && qualified.startsWith("0x", slash + 1)) {
            slash = qualified.lastIndexOf('/', slash - 1);
        }
        String function = qualified.substring(slash + 1);
        if (function.isEmpty() || function.indexOf('.') <= 0 || function.endsWith(".")) {
            throw new ShapeException(path + ": not a stack frame (no class.method): \"" + clip(s) + "\"");
        }
        String source = s.substring(open + 1, s.length() - 1);
        if (source.equals("Native Method") || source.equals("Unknown Source") || source.isEmpty()) {
            return new Frame(function, "", 0);
        }
        int colon = source.lastIndexOf(':');
        if (colon < 0) {
            return new Frame(function, source, 0);
        }
        String file = source.substring(0, colon);
        int line;
        try {
            line = Integer.parseInt(source.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ShapeException(path + ": bad line number in \"" + clip(s) + "\"");
        }
        return new Frame(function, file, Math.max(0, line));
    }

    private static long id(JsonNode v, String path) throws ShapeException {
        if (v == null || v.isNull()) {
            throw new ShapeException(path + ": missing");
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().strip());
            } catch (NumberFormatException e) {
                throw new ShapeException(path + ": expected an integer id, found " + describe(v));
            }
        }
        throw new ShapeException(path + ": expected an integer id, found " + describe(v));
    }

    private static String string(@Nullable JsonNode v, String path) throws ShapeException {
        String s = optionalString(v, path);
        if (s == null) {
            throw new ShapeException(path + ": missing");
        }
        return s;
    }

    private static @Nullable String optionalString(@Nullable JsonNode v, String path) throws ShapeException {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ShapeException(path + ": expected a string, found " + describe(v));
        }
        return v.asText();
    }

    private static Instant instant(JsonNode v, String path) throws ShapeException {
        String s = optionalString(v, path);
        if (s == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                throw new ShapeException(path + ": not an ISO-8601 time: \"" + clip(s) + "\"");
            }
        }
    }

    private static String describe(JsonNode v) {
        String kind = v.isObject() ? "an object" : v.isArray() ? "an array" : v.isTextual() ? "a string"
                : v.isNumber() ? "a number" : v.isBoolean() ? "a boolean" : v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        String text = v.isContainerNode() ? "" : " " + clip(v.toString());
        return kind + text;
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
