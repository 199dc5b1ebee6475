package io.gmp4j.diag;

import io.gmp4j.GoroutineState;
import io.gmp4j.spi.GoroutineRecord;
import io.gmp4j.spi.Goroutines;
import io.gmp4j.spi.WaitDescription;
import org.jspecify.annotations.Nullable;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Finds leaked goroutines: <em>proven</em> leaks, goroutines the GC collected because they were
 * blocked where nothing could ever wake them (Go 1.26's {@code goroutineleak} profile), and
 * <em>suspected</em> leaks, goroutines waiting longer than a threshold, grouped by where they were
 * started, where they wait and why, with the growth of each group over consecutive scans.
 *
 * <pre>{@code
 * LeakDetector d = LeakDetector.global();
 * d.addListener(r -> alerts.send(r.toString()));   // each proven leak, once
 * d.suspectedLeaks().forEach(System.out::println);  // groups stuck for over a minute
 * d.writeProfile(DumpFormat.DEBUG1, System.out);    // goroutineleak profile: total N
 * }</pre>
 *
 * <p>Proven leaks need nothing switched on beyond gmp4j's JVM option (below): gmp4j's goroutines
 * start in a thread container that keeps no thread alive, and hold what they wait on weakly, so
 * the GC can collect a goroutine blocked on a channel, select, WaitGroup, Semaphore or a JDK park
 * that nobody can reach. Each is
 * reported once, shortly after the GC that collected it (or at once by {@link #collectNow()}),
 * logged by default as one block at WARNING on the {@code io.gmp4j.diag.LeakDetector}
 * {@link System.Logger}, and handed to every listener. Its stack is known only if it was captured
 * before the thread went: at the wait itself when {@link #captureStacks(boolean) wait stacks} are on
 * (a stack capture per blocking wait, off by default) or when its creation site had already leaked
 * a goroutine whose stack was not captured (so a leak that repeats, as leaks under load do, is
 * reported with its stack from its second occurrence on), else from a snapshot or scan that saw
 * it in the same wait.
 *
 * <p>That option is the one gmp4j's scheduler needs anyway
 * ({@code --add-opens java.base/java.lang=ALL-UNNAMED} on the class path,
 * {@code =io.gmp4j.core} on the module path; README, "Use gmp4j in your project"). Without it the
 * JDK keeps every virtual thread alive and no leak can be proven: then the first call of
 * {@link #collectNow()}, {@link #provenLeaks()}, {@link #provenLeakCount()},
 * {@link #addListener}, {@link #leakSnapshot()} or {@link #writeProfile} logs one warning (once
 * per JVM, at WARNING on the same logger) naming the reason and the option, and every
 * goroutineleak profile says so in a comment ({@code # gmp4j: proven-leak detection is off …}
 * in text, {@code Profile.comment} in pprof: {@code go tool pprof -comments}). Suspected leaks
 * are found either way.
 */
public final class LeakDetector {
    /*
     * Implementation notes. Reports arrive through the runtime SPI: gmp4j's runtime finds this
     * module's LeakSink (LeakDetectorSink, with ServiceLoader) the first time it hands on a leak,
     * on its reaper thread or on a thread calling collectNow (which sweeps the registry after a
     * GC); the runtime's claim makes each goroutine arrive exactly once whichever finds it, and
     * nothing here wires itself up in a static initialiser. collected(record) builds the report
     * from the record alone (the thread is gone), appends it to the bounded deque `kept` holding
     * that deque's monitor (MAX_KEPT, oldest dropped, all counted in `total`), then logs and calls
     * the listeners outside it (a copy-on-write list), so a slow listener never blocks a scan.
     *
     * Scans (suspectedLeaks) are serialized by `scanLock`. Each keeps, for goroutines parked
     * outside gmp4j's primitives, what it saw (`lastSeen`, id -> info): those records carry no wait
     * reason of their own, and a later proven-leak report borrows the scan's reason and stack.
     * Growth compares the counts per group with the previous scans kept in `history`.
     */
    private static final int MAX_KEPT = 10_000;
    private static final int HISTORY = 16;
    private static final System.Logger LOG = System.getLogger(LeakDetector.class.getName());
    private static final LeakDetector GLOBAL = new LeakDetector();

    private final ArrayDeque<LeakReport> kept = new ArrayDeque<>();
    private final AtomicLong total = new AtomicLong();
    private final List<Consumer<LeakReport>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, GoroutineInfo> lastSeen = new ConcurrentHashMap<>();
    private final Object scanLock = new Object();
    private final ArrayDeque<Scan> history = new ArrayDeque<>();
    private @Nullable Duration historyThreshold; // the threshold of the scans in history (guarded by scanLock)
    private volatile boolean log = true;
    private volatile Duration threshold = Duration.ofMinutes(1);
    private final WaitStackPolicy stackPolicy = new WaitStackPolicy();

    private record Scan(Instant at, Map<GroupKey, Integer> counts) {
    }

    private record GroupKey(String creationSite, String waitSite, String waitReason) {
    }

    private LeakDetector() {
    }

    /** {@return the detector of this JVM's goroutines} */
    public static LeakDetector global() {
        return GLOBAL;
    }

    // ---------------------------------------------------------------------------------------------
    // Proven leaks

    /**
     * Calls {@code listener} with every proven leak found from now on, on the thread that found it.
     *
     * @param listener the listener
     */
    public void addListener(Consumer<LeakReport> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        ProvenLeakDetection.warnIfOff("LeakDetector.addListener");
    }

    /**
     * Stops calling {@code listener}; false if it was not added.
     *
     * @param listener the listener
     * @return whether it had been added
     */
    public boolean removeListener(Consumer<LeakReport> listener) {
        return listeners.remove(listener);
    }

    /** {@return the proven leaks so far, oldest first (the last 10,000; {@link #provenLeakCount()} counts all)} */
    public List<LeakReport> provenLeaks() {
        ProvenLeakDetection.warnIfOff("LeakDetector.provenLeaks()");
        return kept();
    }

    private List<LeakReport> kept() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /** {@return how many proven leaks were found in this JVM so far} */
    public long provenLeakCount() {
        ProvenLeakDetection.warnIfOff("LeakDetector.provenLeakCount()");
        return total.get();
    }

    /**
     * Whether each proven leak is logged (default true).
     *
     * @param on whether to log them
     * @return this detector
     */
    public LeakDetector logReports(boolean on) {
        log = on;
        return this;
    }

    /**
     * Whether each blocking wait records where it blocked, so that a proven leak's report shows its
     * stack (default off; {@code -Dgmp4j.leakStacks=true} turns it on from the start). Costs a stack
     * capture, ~1–3 µs, per blocking wait.
     *
     * @param on whether every wait records its stack
     * @return this detector
     */
    public LeakDetector captureStacks(boolean on) {
        stackPolicy.captureAll(on);
        if (on) {
            Goroutines.useLeakSink(); // the runtime asks this detector from the next wait on
        }
        return this;
    }

    /** {@return whether every blocking wait records its stack (see {@link #captureStacks(boolean)})} */
    public boolean capturesStacks() {
        return stackPolicy.capturesAll();
    }

    /** The policy the runtime asks on every blocking wait. */
    WaitStackPolicy stackPolicy() {
        return stackPolicy;
    }

    /**
     * Runs a full GC ({@code System.gc()}) and reports, before it returns, every goroutine that GC
     * found blocked beyond reach. Returns the reports it made. For tests and tools: leaks are
     * found without it, at the program's own GCs.
     *
     * @return the reports this GC led to
     */
    public List<LeakReport> collectNow() {
        ProvenLeakDetection.warnIfOff("LeakDetector.collectNow()");
        List<LeakReport> found = java.util.Collections.synchronizedList(new ArrayList<>());
        Consumer<LeakReport> mine = found::add;
        listeners.add(mine);
        try {
            Goroutines.useLeakSink(); // reports of this sweep reach this detector
            System.gc();
            Goroutines.sweepCollected();
            Goroutines.awaitHandedOn(10_000); // those the reaper took first
        } finally {
            listeners.remove(mine);
        }
        synchronized (found) {
            return List.copyOf(found);
        }
    }

    /** Forgets the proven leaks kept so far (the count stays); for tests and long-running tools. */
    public void clearProvenLeaks() {
        synchronized (kept) {
            kept.clear();
        }
    }

    /**
     * Writes the proven leaks as Go's {@code goroutineleak} profile: {@link DumpFormat#DEBUG1}
     * ({@code goroutineleak profile: total N}, grouped stacks) or {@link DumpFormat#PPROF} (sample
     * type {@code goroutineleak/count}), or any other format as a dump of the leaked goroutines
     * in state {@code <reason> (leaked)}. While proven leaks cannot be detected in this JVM (see
     * above), the debug=1 profile's second line and the debug=2 dump's first line are a comment
     * saying so ({@code # gmp4j: proven-leak detection is off in this JVM, …}: Go's tools skip
     * lines starting with {@code #}), and the pprof profile carries the same text as a comment.
     *
     * @param format the format
     * @param out    where to write it (flushed, not closed)
     * @throws IOException if writing fails
     */
    public void writeProfile(DumpFormat format, OutputStream out) throws IOException {
        Objects.requireNonNull(format, "format");
        ProvenLeakDetection.warnIfOff("LeakDetector.writeProfile");
        writeProfile(leakSnapshot(kept()), format, out, ProvenLeakDetection.profileComment());
    }

    /** The goroutineleak profile of {@code s}, with {@code comment} (one line, or null for none). */
    static void writeProfile(Snapshot s, DumpFormat format, OutputStream out, @Nullable String comment) throws IOException {
        List<String> comments = comment == null ? List.of() : List.of(comment);
        switch (format) {
            case DEBUG1 -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                Debug1Writer.write(s, w, "goroutineleak", comments);
                w.flush();
            }
            case PPROF -> {
                PprofWriter.write(s, out, "goroutineleak", comments);
                out.flush();
            }
            case DEBUG2 -> {
                for (String c : comments) {
                    out.write(("# " + c + "\n").getBytes(StandardCharsets.UTF_8));
                }
                s.write(format, out);
            }
            default -> s.write(format, out);
        }
    }

    /** {@return the proven leaks kept so far, as a snapshot of goroutines in state {@code <reason> (leaked)}} */
    public Snapshot leakSnapshot() {
        ProvenLeakDetection.warnIfOff("LeakDetector.leakSnapshot()");
        return leakSnapshot(kept());
    }

    private static Snapshot leakSnapshot(List<LeakReport> reports) {
        List<GoroutineInfo> gs = new ArrayList<>();
        for (LeakReport r : reports) {
            gs.add(r.asGoroutine());
        }
        return Snapshot.of(Instant.now(), gs);
    }

    /** The runtime SPI (through {@link LeakDetectorSink}): a goroutine the GC collected while blocked. */
    void collected(GoroutineRecord g) {
        if (g.waitStack() == null) {
            stackPolicy.leakedWithoutStack(g); // the next leak from there will have its stack
        }
        LeakReport r = report(g);
        synchronized (kept) {
            if (kept.size() == MAX_KEPT) {
                kept.removeFirst();
            }
            kept.addLast(r);
        }
        total.incrementAndGet();
        if (log) {
            LOG.log(System.Logger.Level.WARNING, "gmp4j: goroutine leak (its thread was collected while blocked)\n" + r);
        }
        for (Consumer<LeakReport> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "gmp4j: a leak listener failed", e);
            }
        }
    }

    private LeakReport report(GoroutineRecord g) {
        Instant now = Instant.now();
        long nowNanos = System.nanoTime();
        GoroutineInfo seen = lastSeen.remove(g.id());
        String reason = g.gmp4jWaitReason();
        WaitDescription target = g.waitDescription();
        long sinceNanos = reason != null ? g.waitSinceNanos() : g.lastUnmountNanos();
        List<Frame> stack = List.of();
        Throwable at = g.waitStack();
        if (at != null) {
            stack = StackTrimmer.frames(at.getStackTrace(), false);
        } else {
            List<Frame> cached = Capture.cachedStack(g);
            if (cached != null) {
                stack = cached;
            } else if (reason == null && seen != null) {
                stack = seen.frames();
            }
        }
        if (reason == null) {
            reason = seen != null ? seen.state() : "park";
        }
        // Every gmp4j wait that can be collected has a target (a select without channels too);
        // only parks outside gmp4j's primitives have none.
        String on = target != null ? target.describe() : "unknown (parked outside gmp4j's primitives)";
        Instant since = sinceNanos == 0 ? null : now.minusNanos(Math.max(0, nowNanos - sinceNanos));
        return new LeakReport(g.id(), g.name(), g.labels(), g.creationSite(), reason, on, since, stack, now,
                ContextInfo.waitedOn(target), ContextInfo.ofNullable(g.contextDescription()));
    }

    // ---------------------------------------------------------------------------------------------
    // Suspected leaks

    /** {@return the threshold of {@link #suspectedLeaks()} (default one minute)} */
    public Duration suspectThreshold() {
        return threshold;
    }

    /**
     * Sets the threshold of {@link #suspectedLeaks()}.
     *
     * @param d how long a goroutine must have waited to be suspected
     * @return this detector
     * @throws IllegalArgumentException if d is null or negative
     */
    public LeakDetector suspectThreshold(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("the suspect threshold must be a non-negative duration, got " + d);
        }
        threshold = d;
        return this;
    }

    /** {@return the suspected leaks now, with the default threshold: see {@link #suspectedLeaks(Duration)}} */
    public List<SuspectedLeak> suspectedLeaks() {
        return suspectedLeaks(threshold);
    }

    /**
     * Scans the live goroutines now, without stopping them: those waiting longer than
     * {@code threshold}, grouped by creation site, wait site and wait reason, largest group first,
     * each with its growth since the previous scans with the same threshold (this detector keeps
     * the last 16; a scan with another threshold starts the history afresh). Stacks of
     * goroutines still in the wait a previous scan or snapshot saw are not walked again.
     *
     * @param threshold how long a goroutine must have waited to be suspected
     * @return the groups, largest first
     */
    public List<SuspectedLeak> suspectedLeaks(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        synchronized (scanLock) {
            Instant now = Instant.now();
            Map<StackTraceElement, Frame> interned = new HashMap<>();
            List<Waited> stuck = new ArrayList<>();
            for (GoroutineRecord g : Goroutines.all()) {
                if (g.state() != GoroutineState.WAITING) {
                    continue;
                }
                Optional<Instant> since = g.waitingSince();
                if (since.isEmpty()) {
                    continue;
                }
                Duration waited = Duration.between(since.get(), now);
                if (waited.compareTo(threshold) < 0) {
                    continue;
                }
                GoroutineInfo info = Capture.read(g, now, false, interned);
                if (info == null) {
                    continue;
                }
                if (g.gmp4jWaitReason() == null) {
                    lastSeen.put(g.id(), info);
                }
                stuck.add(new Waited(info, waited));
            }
            lastSeen.keySet().removeIf(id -> Goroutines.byId(id).isEmpty());
            if (!threshold.equals(historyThreshold)) {
                history.clear(); // counts under another threshold say nothing about growth
                historyThreshold = threshold;
            }
            return group(stuck, now, history);
        }
    }

    /**
     * Suspected leaks in a series of dumps, oldest first (read with {@link Snapshot#parse}, from
     * gmp4j or from Go): the goroutines of the last dump waiting at least {@code threshold}
     * (whole minutes, as dumps give them), grouped, with their growth over the series.
     *
     * @param series    the dumps, oldest first
     * @param threshold how long a goroutine must have waited to be suspected
     * @return the groups of the last dump, largest first
     * @throws IllegalArgumentException if the series is empty
     */
    public static List<SuspectedLeak> suspectedIn(List<Snapshot> series, Duration threshold) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no dumps given");
        }
        ArrayDeque<Scan> past = new ArrayDeque<>();
        List<SuspectedLeak> out = List.of();
        for (Snapshot s : series) {
            List<Waited> stuck = new ArrayList<>();
            for (GoroutineInfo g : s.goroutines()) {
                Duration waited = Duration.ofMinutes(g.waitMinutes());
                if (!g.state().equals("running") && !g.state().equals("runnable") && waited.compareTo(threshold) >= 0) {
                    stuck.add(new Waited(g, waited));
                }
            }
            out = group(stuck, s.takenAt(), past);
        }
        return out;
    }

    private record Waited(GoroutineInfo info, Duration waited) {
    }

    private static List<SuspectedLeak> group(List<Waited> stuck, Instant now, ArrayDeque<Scan> past) {
        Map<GroupKey, List<Waited>> groups = new HashMap<>();
        for (Waited w : stuck) {
            GoroutineInfo g = w.info();
            String created = g.createdBy() == null ? "?" : g.createdBy().function() + "(" + g.createdBy().location() + ")";
            String at = g.frames().isEmpty() ? "?" : g.frames().getFirst().function() + "(" + g.frames().getFirst().location() + ")";
            groups.computeIfAbsent(new GroupKey(created, at, g.state()), k -> new ArrayList<>()).add(w);
        }
        Map<GroupKey, Integer> counts = new HashMap<>();
        groups.forEach((k, v) -> counts.put(k, v.size()));
        List<SuspectedLeak> out = new ArrayList<>();
        for (Map.Entry<GroupKey, List<Waited>> e : groups.entrySet()) {
            GroupKey k = e.getKey();
            List<Waited> members = e.getValue();
            int growing = 0;
            int current = members.size();
            Instant since = now;
            int from = current;
            for (var it = past.descendingIterator(); it.hasNext(); ) {
                Scan prev = it.next();
                int before = prev.counts().getOrDefault(k, 0);
                if (before >= current) {
                    break;
                }
                growing++;
                current = before;
                since = prev.at();
                from = before;
            }
            double minutes = Duration.between(since, now).toNanos() / 60e9;
            double rate = growing == 0 || minutes <= 0 ? 0 : (members.size() - from) / minutes;
            Duration longest = members.stream().map(Waited::waited).max(Duration::compareTo).orElse(Duration.ZERO);
            List<Long> ids = members.stream().map(w -> w.info().id()).sorted().limit(100).toList();
            out.add(new SuspectedLeak(k.creationSite(), k.waitSite(), k.waitReason(), members.size(), longest, rate, growing, ids));
        }
        out.sort((a, b) -> a.count() != b.count() ? Integer.compare(b.count(), a.count()) : a.waitSite().compareTo(b.waitSite()));
        past.addLast(new Scan(now, counts));
        if (past.size() > HISTORY) {
            past.removeFirst();
        }
        return out;
    }
}
