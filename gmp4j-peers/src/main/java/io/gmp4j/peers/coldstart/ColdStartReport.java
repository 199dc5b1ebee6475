package io.gmp4j.peers.coldstart;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The harness's markdown: one row per variant, then what each AOT cache cost. */
final class ColdStartReport {
    private ColdStartReport() {
    }

    static String render(Map<ColdStartCommand.Variant, ColdStartCommand.Measured> results,
                         Map<ColdStartCommand.Variant, ColdStartCommand.Training> trainings, int runs, String jvmOpts, String machine) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "First start in a fresh JVM, %d fresh processes per variant, interleaved (%s).%n", runs, machine));
        md.append("JVM options: `").append(jvmOpts).append("`; class path: the application jar, then gmp4j-core's jar.\n\n");
        md.append("| start | to the body: median | min | max | × JDK | process, launch to exit: median "
                + "| classes loaded before the body ran (from an archive / gmp4j's / spun); with a cache, to exit |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (var e : results.entrySet()) {
            ColdStartCommand.Variant v = e.getKey();
            ColdStartCommand.Measured m = e.getValue();
            md.append("| ").append(v.label()).append(" | ");
            if (m.firstStartMillis.isEmpty()) {
                md.append("failed: ").append(m.failure).append(" | | | | | |\n");
                continue;
            }
            double med = median(m.firstStartMillis);
            md.append(String.format(Locale.ROOT, "**%.1f ms** | %.1f | %.1f | %s | %.0f ms | %s |%n", med, min(m.firstStartMillis),
                    max(m.firstStartMillis), ratio(results, v, med), median(m.processMillis), classes(m.classes)));
        }
        if (!trainings.isEmpty()) {
            md.append("\nAOT caches (one training run each, `-XX:AOTCacheOutput`):\n\n| kind | training run | cache on disk |\n|---|---|---|\n");
            for (var e : trainings.entrySet()) {
                ColdStartCommand.Training t = e.getValue();
                md.append("| ").append(e.getKey().kind()).append(" | ");
                md.append(t.failure() != null ? "failed: " + t.failure() + " | |"
                        : String.format(Locale.ROOT, "%.1f s | %.1f MB |", t.seconds(), t.bytes() / 1e6)).append('\n');
            }
        }
        return md.toString();
    }

    /** This variant's median over the JDK's in the same cache mode. */
    private static String ratio(Map<ColdStartCommand.Variant, ColdStartCommand.Measured> results, ColdStartCommand.Variant v, double med) {
        ColdStartCommand.Measured jdk = results.get(new ColdStartCommand.Variant("jdk", v.aot()));
        if (jdk == null || jdk.firstStartMillis.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", med / median(jdk.firstStartMillis));
    }

    private static String classes(ClassCounts c) {
        if (c == null) {
            return "–";
        }
        return String.format(Locale.ROOT, "%d (%d / %d / %d)%s", c.total(), c.shared(), c.gmp4j(), c.spun(),
                c.complete() ? "" : " to exit");
    }

    static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
