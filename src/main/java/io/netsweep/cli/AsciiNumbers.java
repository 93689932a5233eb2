package io.netsweep.cli;

import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Numbers as the command line spells them: ASCII digits only. The JDK's {@code Integer.parseInt} reads
 * any Unicode digit ({@code ٥٠٠} is 500) and {@code Double.parseDouble} reads {@code Infinity},
 * {@code NaN}, hexadecimal and a trailing {@code d} or {@code f}: none of that is a number a person
 * means on a command line, so both picocli's converters and {@link QuickArgs} read numbers here.
 *
 * <ul>
 *   <li>whole numbers: an optional sign, then one or more digits {@code 0-9};</li>
 *   <li>decimals: an optional sign, digits with an optional fraction ({@code 2.5}, {@code .5},
 *       {@code 5.}), and an optional exponent ({@code 1e4}, {@code 1.0E-5}); finite only.</li>
 * </ul>
 * Whatever is not a number throws {@link NumberFormatException} with a one-line message that quotes the
 * text; ranges are the business of whoever uses the number. Stateless and thread-safe.
 */
final class AsciiNumbers {
    /** For picocli: {@code Integer} and {@code int} options. */
    static final ITypeConverter<Integer> INT = s -> convert(() -> parseInt(s));
    /** For picocli: {@code Long} and {@code long} options. */
    static final ITypeConverter<Long> LONG = s -> convert(() -> parseLong(s));
    /** For picocli: {@code Double} and {@code double} options. */
    static final ITypeConverter<Double> DOUBLE = s -> convert(() -> parseDouble(s));

    private AsciiNumbers() {}

    static int parseInt(String s) {
        long value = parseLong(s);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new NumberFormatException("'" + s + "' is out of range");
        }
        return (int) value;
    }

    static long parseLong(String s) {
        if (!isWhole(s)) {
            throw new NumberFormatException("'" + s + "' is not a whole number (digits 0-9)");
        }
        try {
            return Long.parseLong(s); // only ASCII digits and a sign reach here
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + s + "' is out of range");
        }
    }

    static double parseDouble(String s) {
        if (!isDecimal(s)) {
            throw new NumberFormatException("'" + s + "' is not a number (digits 0-9, a decimal point, an exponent)");
        }
        double value = Double.parseDouble(s);
        if (Double.isInfinite(value)) {
            throw new NumberFormatException("'" + s + "' is out of range");
        }
        return value;
    }

    private static boolean isWhole(String s) {
        int i = signEnd(s);
        return digitsEnd(s, i) == s.length() && s.length() > i;
    }

    private static boolean isDecimal(String s) {
        int i = signEnd(s);
        int intEnd = digitsEnd(s, i);
        int end = intEnd;
        int fraction = 0;
        if (end < s.length() && s.charAt(end) == '.') {
            int fracEnd = digitsEnd(s, end + 1);
            fraction = fracEnd - end - 1;
            end = fracEnd;
        }
        if (intEnd == i && fraction == 0) {
            return false; // no digit at all: "", "-", ".", "e5"
        }
        if (end < s.length() && (s.charAt(end) == 'e' || s.charAt(end) == 'E')) {
            int expDigits = signEnd(s, end + 1);
            int expEnd = digitsEnd(s, expDigits);
            if (expEnd == expDigits) {
                return false;
            }
            end = expEnd;
        }
        return end == s.length();
    }

    private static int signEnd(String s) {
        return signEnd(s, 0);
    }

    private static int signEnd(String s, int i) {
        return i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') ? i + 1 : i;
    }

    private static int digitsEnd(String s, int i) {
        int j = i;
        while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
            j++;
        }
        return j;
    }

    private static <T> T convert(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (NumberFormatException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
