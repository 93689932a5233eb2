package io.netsweep.output;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Number formatting shared by the writers: locale-independent, plain decimal notation. Stateless. */
final class Numbers {
    private Numbers() {}

    /** Milliseconds to the microsecond, trailing zeros dropped: {@code 0.4}, {@code 12}, {@code 0.037}. */
    static String millis(Duration d) {
        if (d.isNegative() || d.getSeconds() > 1_000_000_000_000L) {
            BigDecimal ms = BigDecimal.valueOf(d.getSeconds()).multiply(BigDecimal.valueOf(1000))
                    .add(BigDecimal.valueOf(d.getNano(), 6));
            return plain(ms.setScale(3, RoundingMode.HALF_UP));
        }
        // In long arithmetic: every host line has one, and BigDecimal costs a cold JVM milliseconds.
        int nano = d.getNano();
        long micros = d.getSeconds() * 1_000_000L + nano / 1000 + (nano % 1000 >= 500 ? 1 : 0);
        long whole = micros / 1000;
        int frac = (int) (micros % 1000);
        if (frac == 0) {
            return Long.toString(whole);
        }
        String digits = Integer.toString(1000 + frac).substring(1); // three digits, leading zeros kept
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + digits.substring(0, end);
    }

    /** {@code value} rounded to {@code scale} decimals, trailing zeros dropped; empty when not finite. */
    static Optional<String> decimal(double value, int scale) {
        if (!Double.isFinite(value)) {
            return Optional.empty();
        }
        return Optional.of(plain(BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP)));
    }

    /** Microseconds, as nmap's {@code <times>} counts them. */
    static long micros(Duration d) {
        return d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
    }

    /** Seconds with two decimals, as nmap's {@code elapsed} attribute: {@code 6.43}. */
    static String seconds2(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A round-trip time for people, two significant digits or so: {@code 0.05 ms}, {@code 0.4 ms}, {@code 3.2 ms}, {@code 42 ms}. */
    static String rttForPeople(Duration d) {
        double ms = d.toNanos() / 1e6;
        return decimal(ms, ms < 1 ? 2 : ms < 10 ? 1 : 0).orElse("?") + " ms";
    }

    /** An elapsed time for people: {@code 3.2 s}, {@code 2 min 5 s}, {@code 1 h 2 min}. */
    static String elapsedForPeople(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    /** {@code 1 host up}, {@code 2 hosts up}. */
    static String count(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }

    private static String plain(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
