package io.gmp4j.junit;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
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
     * as a proven leak is still listed. afterEach restores the previous origin, waits for the
     * tracked goroutines with one deadline for all, and reports those not dead by then; one that
     * the GC proves leaked while afterEach waits for it (its join throws) is reported as a leak.
     */
    static final String TIMEOUT_PARAMETER = "gmp4j.leaks.timeoutMillis";
    private static final long DEFAULT_TIMEOUT_MILLIS = 2000;
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
                : context.getConfigurationParameter(TIMEOUT_PARAMETER).map(GoroutineLeakExtension::millis).orElse(DEFAULT_TIMEOUT_MILLIS);

        List<GoroutineRecord> candidates = new ArrayList<>(st.tag().started);
        if (cfg.scope() == CheckGoroutineLeaks.Scope.ALL) {
            Set<Long> have = candidates.stream().map(GoroutineRecord::id).collect(Collectors.toSet());
            for (GoroutineRecord g : Goroutines.all()) {
                if (!have.contains(g.id()) && !(cfg.ignorePreexisting() && st.preexisting().contains(g.id()))) {
                    candidates.add(g);
                }
            }
        }
        long deadline = System.nanoTime() + Duration.ofMillis(timeoutMillis).toNanos();
        List<GoroutineRecord> left = new ArrayList<>();
        for (GoroutineRecord g : candidates) {
            if (g.isCollected()) {
                left.add(g); // proven leaked: it will never end
                continue;
            }
            long remaining = deadline - System.nanoTime();
            try {
                if (!g.join(Duration.ofNanos(Math.max(0, remaining))) && !g.isDead()) {
                    left.add(g);
                }
            } catch (IllegalStateException provenWhileJoining) {
                left.add(g); // the GC proved it leaked while we waited: join says it will never end
            }
        }
        if (left.isEmpty()) {
            return;
        }
        if (left.stream().anyMatch(GoroutineRecord::isCollected)) {
            Goroutines.awaitHandedOn(1_000); // its leak report is being made: describe it with that
        }
        List<String> blocks = describe(left, cfg);
        if (blocks.isEmpty()) {
            return;
        }
        StringBuilder msg = new StringBuilder();
        msg.append(blocks.size()).append(blocks.size() == 1 ? " goroutine" : " goroutines")
                .append(cfg.scope() == CheckGoroutineLeaks.Scope.ALL ? "" : " started by this test")
                .append(blocks.size() == 1 ? " was" : " were")
                .append(" still alive ").append(timeoutMillis).append(" ms after it ended:\n\n");
        blocks.forEach(b -> msg.append(b).append('\n'));
        throw new AssertionError(msg.toString().stripTrailing());
    }

    /** The leftovers not ignored, each as a debug=2 block (or a proven-leak report). */
    private static List<String> describe(List<GoroutineRecord> left, CheckGoroutineLeaks cfg) throws IOException {
        Set<Long> ids = left.stream().map(GoroutineRecord::id).collect(Collectors.toSet());
        Snapshot all = Snapshot.capture();
        Map<Long, GoroutineInfo> live = all.goroutines().stream()
                .filter(g -> ids.contains(g.id()))
                .collect(Collectors.toMap(GoroutineInfo::id, g -> g));
        Map<Long, LeakReport> proven = LeakDetector.global().provenLeaks().stream()
                .filter(r -> ids.contains(r.goroutineId()))
                .collect(Collectors.toMap(LeakReport::goroutineId, r -> r, (a, b) -> b));
        List<String> out = new ArrayList<>();
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
            if (report != null) {
                out.add("proven leak (the GC collected it while blocked):\n" + report);
            } else if (info != null) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                Snapshot.of(all.takenAt(), List.of(info)).write(DumpFormat.DEBUG2, buf);
                String named = info.name().equals("goroutine-" + info.id()) ? "" : "\"" + info.name() + "\" ";
                String labels = info.labels().isEmpty() ? "" : "labels " + info.labels() + " ";
                out.add(named.isEmpty() && labels.isEmpty() ? buf.toString(StandardCharsets.UTF_8)
                        : "# " + named + labels + "\n" + buf.toString(StandardCharsets.UTF_8));
            } else {
                out.add("goroutine " + g.id() + " [" + g.waitReason() + "] " + g.creationSite() + "\n");
            }
        }
        return out;
    }

    static long millis(String value) {
        try {
            long v = Long.parseLong(value.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(TIMEOUT_PARAMETER + " must be a whole number of milliseconds >= 0, got '" + value + "'");
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
