package io.netsweep.target;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text that holds several targets (the web form's boxes, an {@code --exclude} list, a line of a
 * target file) into target tokens for {@link TargetParser}: at blanks, line ends and commas, except the
 * commas of IPv4 octet patterns. A comma-separated piece continues the IPv4 text before it in the same
 * word when that text still lacks octets ({@code 192.168.1,3.1}) or when the piece is a bare octet list,
 * without dots ({@code 10.0.0.1,5,7}); any other piece starts a new target. So {@code 10.0.0.1,10.0.0.2}
 * is two targets, {@code 10.0.0.1,5,7} one, and {@code fd00::1,5} is {@code fd00::1} and a bad {@code 5}
 * (IPv6 has no octet syntax). A single target's text always comes back whole. Stateless and thread-safe.
 */
public final class TargetTokens {
    private TargetTokens() {}

    /** The target tokens of {@code text}, in order; empty pieces (doubled or trailing commas) are dropped. */
    public static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                splitWord(text.substring(start, i), tokens);
            }
        }
        return tokens;
    }

    private static void splitWord(String word, List<String> tokens) {
        if (word.indexOf(',') < 0) {
            tokens.add(word);
            return;
        }
        StringBuilder current = null;
        boolean currentIpv4 = false; // whether all of current is IPv4 text
        int currentDots = 0;
        for (String piece : word.split(",", -1)) {
            if (piece.isEmpty()) {
                continue;
            }
            boolean ipv4 = Ipv4Patterns.applies(piece);
            int dots = 0;
            for (int k = 0; k < piece.length(); k++) {
                dots += piece.charAt(k) == '.' ? 1 : 0;
            }
            if (current != null && currentIpv4 && ipv4 && (currentDots < 3 || dots == 0)) {
                current.append(',').append(piece);
                currentDots += dots;
                continue;
            }
            if (current != null) {
                tokens.add(current.toString());
            }
            current = new StringBuilder(piece);
            currentIpv4 = ipv4;
            currentDots = dots;
        }
        if (current != null) {
            tokens.add(current.toString());
        }
    }
}
