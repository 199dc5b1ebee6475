package io.gmp4j.junit;

import io.gmp4j.GoroutineState;
import io.gmp4j.diag.DumpFormat;
import io.gmp4j.diag.Frame;
import io.gmp4j.diag.GoroutineInfo;
import io.gmp4j.diag.LeakDetector;
import io.gmp4j.diag.LeakReport;
import io.gmp4j.diag.Snapshot;
import io.gmp4j.spi.GoroutineRecord;
import io.gmp4j.spi.Goroutines;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.jspecify.annotations.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The extension behind {@link CheckGoroutineLeaks}; registered by the annotation.
 */
public final class GoroutineLeakExtension implements BeforeEachCallback, AfterEachCallback {
    /*
     * Implementation notes. beforeEach runs on the thread that then runs the test's @BeforeEach
     * methods, the test and its @AfterEach methods (JUnit runs a test's whole lifecycle on one
     * thread, also in parallel mode), and sets that thread's origin (runtime SPI:
     * Goroutines.setOrigin) to a fresh TestTag. gmp4j copies a goroutine's origin from its parent,
     * or from the starting thread's origin when the parent is not a goroutine, and tells a
     * Tracker tag of each start: so the tag collects
     * exactly the goroutines of this test and of their descendants, whatever else runs
     * concurrently. It holds their records (never their threads), so a goroutine the GC collects
     * as a proven leak is still listed. afterEach restores the previous origin and waits for the
     * tracked goroutines (LeftoverWait: one deadline for all, GCs forced after the grace period
     * so that unreachable leftovers are proven, done as soon as each has ended or is proven), and
     * reports those not dead by then, each labelled proven (its record is collected) or not.
     */
    static final String TIMEOUT_PARAMETER = "gmp4j.leaks.timeoutMillis";
    static final String GRACE_PARAMETER = "gmp4j.leaks.graceMillis";
    private static final long DEFAULT_TIMEOUT_MILLIS = 2000;
    private static final long DEFAULT_GRACE_MILLIS = 100;
    /** The label of a proven leftover. */
    static final String PROVEN = "proven leak (the GC collected it while it was blocked: it can never end):";
    /** The label of a leftover still blocked after the forced GCs. */
    static final String NOT_PROVEN_REACHABLE = "not proven, suspected (still blocked after a forced GC: what it waits on is"
            + " still reachable, so something may yet wake it):";
    /** The label of a leftover still running. */
    static final String NOT_PROVEN_RUNNING = "not proven, still running (only a blocked goroutine can be proven leaked):";
    /** The label of a leftover while this JVM cannot prove leaks. */
    static final String NOT_PROVEN_DETECTION_OFF = "not proven, suspected (still alive; proven-leak detection is off):";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GoroutineLeakExtension.class);

    /** One test's tag: collects the goroutines started under it. */
    private static final class TestTag implements Goroutines.Tracker {
        final String test;
        final ConcurrentLinkedQueue<GoroutineRecord> started = new ConcurrentLinkedQueue<>();

        TestTag(String test) {
            this.test = test;
        }

        @Override
        public void started(GoroutineRecord g) {
            started.add(g);
        }

        @Override
        public String toString() {
            return "test " + test;
        }
    }

    private record State(TestTag tag, @Nullable Object previousOrigin, Set<Long> preexisting) {
    }

    /** One leftover as the failure message shows it. */
    private record Block(String text, boolean proven) {
    }

    /** Made by JUnit for {@link CheckGoroutineLeaks}. */
    public GoroutineLeakExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        CheckGoroutineLeaks cfg = config(context);
        Set<Long> before = new HashSet<>();
        if (cfg.scope() == CheckGoroutineLeaks.Scope.ALL) {
            for (GoroutineRecord g : Goroutines.all()) {
                before.add(g.id());
            }
        }
        TestTag tag = new TestTag(context.getUniqueId());
        Object previous = Goroutines.setOrigin(tag);
        context.getStore(NS).put(State.class, new State(tag, previous, before));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        State st = context.getStore(NS).remove(State.class, State.class);
        if (st == null) {
            return;
        }
        Goroutines.setOrigin(st.previousOrigin());
        CheckGoroutineLeaks cfg = config(context);
        long timeoutMillis = cfg.timeoutMillis() >= 0 ? cfg.timeoutMillis()
                : context.getConfigurationParameter(TIMEOUT_PARAMETER).map(v -> millis(TIMEOUT_PARAMETER, v)).orElse(DEFAULT_TIMEOUT_MILLIS);
        long graceMillis = cfg.graceMillis() >= 0 ? cfg.graceMillis()
                : context.getConfigurationParameter(GRACE_PARAMETER).map(v -> millis(GRACE_PARAMETER, v)).orElse(DEFAULT_GRACE_MILLIS);

        List<GoroutineRecord> candidates = new ArrayList<>(st.tag().started);
        if (cfg.scope() == CheckGoroutineLeaks.Scope.ALL) {
            Set<Long> have = candidates.stream().map(GoroutineRecord::id).collect(Collectors.toSet());
            for (GoroutineRecord g : Goroutines.all()) {
                if (!have.contains(g.id()) && !(cfg.ignorePreexisting() && st.preexisting().contains(g.id()))) {
                    candidates.add(g);
                }
            }
        }
        String cannotProve = Goroutines.provenLeaksUndetectableReason();
        LeftoverWait.Result waited = LeftoverWait.await(candidates, graceMillis, timeoutMillis, cannotProve == null);
        List<GoroutineRecord> left = waited.left();
        if (left.isEmpty()) {
            return;
        }
        if (left.stream().anyMatch(GoroutineRecord::isCollected)) {
            Goroutines.awaitHandedOn(1_000); // its leak report is being made: describe it with that
        }
        List<Block> blocks = describe(left, cfg, cannotProve == null);
        if (blocks.isEmpty()) {
            return;
        }
        throw new AssertionError(message(blocks, cfg, timeoutMillis, waited, cannotProve));
    }

    /** The failure message: a header counting the leftovers, why none could be proven if so, then each block. */
    private static String message(List<Block> blocks, CheckGoroutineLeaks cfg, long timeoutMillis, LeftoverWait.Result waited,
                                  @Nullable String cannotProve) {
        int n = blocks.size();
        long proven = blocks.stream().filter(Block::proven).count();
        boolean one = n == 1;
        StringBuilder msg = new StringBuilder().append(n).append(one ? " goroutine" : " goroutines")
                .append(cfg.scope() == CheckGoroutineLeaks.Scope.ALL ? "" : " started by this test");
        if (proven < n) {
            msg.append(one ? " was" : " were").append(" still alive ").append(timeoutMillis).append(" ms after it ended");
            if (proven > 0) {
                msg.append(" (").append(proven).append(" proven leaked, ").append(n - proven).append(" not proven)");
            }
            msg.append(":\n");
        } else {
            msg.append(one ? " is a proven leak" : " are proven leaks").append(": the GC collected ").append(one ? "it" : "them")
                    .append(" blocked where nothing can wake ").append(one ? "it" : "them").append(", ")
                    .append(TimeUnit.NANOSECONDS.toMillis(waited.tookNanos())).append(" ms after the test ended:\n");
        }
        if (cannotProve != null) {
            msg.append("proven-leak detection is off in this JVM, so no leftover could be proven: ").append(cannotProve).append('\n');
        }
        msg.append('\n');
        blocks.forEach(b -> msg.append(b.text()).append('\n'));
        return msg.toString().stripTrailing();
    }

    /** The leftovers not ignored, each as a proven-leak report or a labelled debug=2 block. */
    private static List<Block> describe(List<GoroutineRecord> left, CheckGoroutineLeaks cfg, boolean canProve) throws IOException {
        Set<Long> ids = left.stream().map(GoroutineRecord::id).collect(Collectors.toSet());
        Snapshot all = Snapshot.capture();
        Map<Long, GoroutineInfo> live = all.goroutines().stream()
                .filter(g -> ids.contains(g.id()))
                .collect(Collectors.toMap(GoroutineInfo::id, g -> g));
        Map<Long, LeakReport> proven = LeakDetector.global().provenLeaks().stream()
                .filter(r -> ids.contains(r.goroutineId()))
                .collect(Collectors.toMap(LeakReport::goroutineId, r -> r, (a, b) -> b));
        List<Block> out = new ArrayList<>();
        for (GoroutineRecord g : left) {
            GoroutineInfo info = live.get(g.id());
            LeakReport report = proven.get(g.id());
            Optional<Frame> top = info != null && !info.frames().isEmpty() ? Optional.of(info.frames().getFirst())
                    : report != null && !report.stack().isEmpty() ? Optional.of(report.stack().getFirst()) : Optional.empty();
            StackTraceElement creator = g.creationSite().caller();
            if (top.isPresent() && matches(cfg.ignoreTopFrames(), top.get().function())) {
                continue;
            }
            if (creator != null && matches(cfg.ignoreCreatorFrames(), creator.getClassName() + "." + creator.getMethodName())) {
                continue;
            }
            if (g.isCollected()) {
                out.add(new Block(PROVEN + "\n" + (report != null ? report.toString()
                        : "goroutine " + g.id() + " [" + g.waitReason() + " (leaked)] " + g.creationSite() + "\n"), true));
                continue;
            }
            String label = !canProve ? NOT_PROVEN_DETECTION_OFF
                    : g.state() == GoroutineState.WAITING ? NOT_PROVEN_REACHABLE : NOT_PROVEN_RUNNING;
            if (info != null) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                Snapshot.of(all.takenAt(), List.of(info)).write(DumpFormat.DEBUG2, buf);
                String named = info.name().equals("goroutine-" + info.id()) ? "" : "\"" + info.name() + "\" ";
                String labels = info.labels().isEmpty() ? "" : "labels " + info.labels() + " ";
                out.add(new Block(label + "\n" + (named.isEmpty() && labels.isEmpty() ? "" : "# " + named + labels + "\n")
                        + buf.toString(StandardCharsets.UTF_8), false));
            } else {
                out.add(new Block(label + "\ngoroutine " + g.id() + " [" + g.waitReason() + "] " + g.creationSite() + "\n", false));
            }
        }
        return out;
    }

    static long millis(String parameter, String value) {
        try {
            long v = Long.parseLong(value.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(parameter + " must be a whole number of milliseconds >= 0, got '" + value + "'");
    }

    static boolean matches(String[] patterns, String function) {
        for (String p : patterns) {
            if (p.endsWith("*") ? function.startsWith(p.substring(0, p.length() - 1)) : function.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static CheckGoroutineLeaks config(ExtensionContext context) {
        Optional<CheckGoroutineLeaks> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, CheckGoroutineLeaks.class));
        if (onMethod.isPresent()) {
            return onMethod.get();
        }
        for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = Optional.ofNullable(c.get().getEnclosingClass())) {
            Optional<CheckGoroutineLeaks> a = AnnotationSupport.findAnnotation(c.get(), CheckGoroutineLeaks.class);
            if (a.isPresent()) {
                return a.get();
            }
        }
        throw new IllegalStateException("GoroutineLeakExtension registered without @CheckGoroutineLeaks on "
                + context.getDisplayName() + ": annotate the test or its class");
    }
}
