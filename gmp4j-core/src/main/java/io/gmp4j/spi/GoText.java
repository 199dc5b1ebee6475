package io.gmp4j.spi;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.StringJoiner;

/**
 * Go's text for times and durations, as {@code context.Context.String()} and Go's dumps print
 * them: one formatter for the core's context descriptions and the diagnostics' dump writers.
 */
public final class GoText {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private GoText() {
    }

    /**
     * Go's {@code time.Time.String()} of {@code t} in UTC: {@code 2026-12-02 17:00:00.5 +0000 UTC}
     * (the fraction of a second without trailing zeros, none when whole).
     *
     * @param t the instant
     * @return Go's text of it
     */
    @SuppressWarnings("JavaInstantGetSecondsGetNano") // the whole seconds are formatted above; only the fraction is wanted
    public static String time(Instant t) {
        StringBuilder b = new StringBuilder(40).append(DATE_TIME.format(t));
        fraction(b, t.getNano(), 9);
        return b.append(" +0000 UTC").toString();
    }

    /**
     * Go's {@code time.Duration.String()} of {@code d}: {@code 1h2m3.5s}, {@code 1.5s},
     * {@code 250ms}, {@code 3µs}, {@code 40ns}, {@code 0s}; hours are the largest unit.
     *
     * @param d the duration (negative ones get a {@code -})
     * @return Go's text of it
     */
    public static String duration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder b = new StringBuilder(16);
        if (d.isNegative()) {
            b.append('-');
            d = d.negated();
        }
        long secs = d.getSeconds();
        int nanos = d.getNano();
        if (secs == 0) {
            if (nanos < 1_000) {
                return b.append(nanos).append("ns").toString();
            }
            int digits = nanos < 1_000_000 ? 3 : 6;
            b.append(nanos / (digits == 3 ? 1_000 : 1_000_000));
            fraction(b, nanos % (digits == 3 ? 1_000 : 1_000_000), digits);
            return b.append(digits == 3 ? "µs" : "ms").toString();
        }
        long hours = secs / 3600;
        long minutes = secs / 60 % 60;
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            b.append(minutes).append('m');
        }
        b.append(secs % 60);
        fraction(b, nanos, 9);
        return b.append('s').toString();
    }

    /**
     * A context's details as dumps and leak reports show them: what is known of its timeout,
     * where it was made and how it ended, e.g.
     * {@code timeout 2s, made at Api.handle(Api.java:40), err: context canceled, cause: java.io.IOException: gone}.
     *
     * @param timeout the timeout it was made with, or null
     * @param site    where it was made, or null
     * @param err     Go's {@code ctx.Err()} text once it ended, or null
     * @param cause   why it ended, when that is more than err, or null
     * @return the known parts joined with {@code ", "}; empty when none is known
     */
    public static String contextDetails(@Nullable Duration timeout, @Nullable String site, @Nullable String err,
            @Nullable String cause) {
        StringJoiner j = new StringJoiner(", ");
        if (timeout != null) {
            j.add("timeout " + duration(timeout));
        }
        if (site != null) {
            j.add("made at " + site);
        }
        if (err != null) {
            j.add("err: " + err);
        }
        if (cause != null) {
            j.add("cause: " + cause);
        }
        return j.toString();
    }

    /** Appends {@code .} and {@code value} as a {@code digits}-digit fraction without trailing zeros; nothing for 0. */
    private static void fraction(StringBuilder b, long value, int digits) {
        if (value == 0) {
            return;
        }
        String f = Long.toString(value);
        b.append('.');
        for (int i = f.length(); i < digits; i++) {
            b.append('0');
        }
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        b.append(f, 0, end);
    }
}
