package io.gmp4j.diag;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.Duration} text ({@code 1h2m3.5s}, {@code 250ms}, {@code 3µs}) read as
 * {@code time.ParseDuration} reads it, exactly (to the nanosecond): the timeouts of contexts in
 * dumps. Writing it is the core's {@link io.gmp4j.spi.GoText#duration}, which
 * {@link #format} names for the writers here.
 */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d*(?:\\.\\d*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    private GoDuration() {
    }

    /** {@return Go's text of {@code d}} (the core's formatter, shared with context descriptions) */
    static String format(Duration d) {
        return io.gmp4j.spi.GoText.duration(d);
    }

    /**
     * Reads Go's duration text: an optional sign, then one or more numbers (with an optional
     * fraction) each with its unit ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s},
     * {@code m}, {@code h}); {@code 0} alone is zero. Digits beyond the nanosecond are dropped.
     *
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException if it is not Go's duration text
     */
    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw new IllegalArgumentException("not a Go duration: '" + text + "'");
            }
            long unit = NANOS_PER.getOrDefault(m.group(2), 0L); // every unit the pattern matches is in the map
            nanos = nanos.add(new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1))
                    .multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        if (at == 0) {
            throw new IllegalArgumentException("not a Go duration: '" + text + "'");
        }
        BigInteger whole = nanos.toBigInteger();
        BigInteger[] sn = whole.divideAndRemainder(BILLION);
        Duration d = Duration.ofSeconds(sn[0].longValueExact(), sn[1].longValue());
        return negative ? d.negated() : d;
    }
}
