package io.netsweep.store;

import io.netsweep.output.AddressFormat;
import io.netsweep.target.TargetSet;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;

/**
 * A target set in one canonical form, so that two scans cover the same addresses exactly when their keys
 * are equal, however the targets were written ({@code 10.0.0.0/30} and {@code 10.0.0.1-2} are one key).
 *
 * <p>The key is the set's runs of consecutive addresses, {@code 10.0.0.1-10.0.0.254,10.0.1.7}, each a
 * target spec {@link TargetSet#of} reads back. A set of more than {@link #MAX_LISTED} runs (an octet
 * pattern such as {@code *.*.*.1}) is keyed by a SHA-256 digest of that text instead, and cannot be read
 * back. Sets beyond {@link #MAX_WALKED} addresses are keyed by size and ends only, as walking them would
 * cost the store seconds of a scan's CPU. Stateless.
 */
public final class TargetKey {
    /** Most runs listed in a key. */
    static final int MAX_LISTED = 4096;
    /** Most addresses walked to make a key. */
    static final long MAX_WALKED = 1L << 22;
    private static final String DIGEST = "sha256:";
    private static final String LARGE = "large:";

    private TargetKey() {}

    /** The key of {@code targets}. */
    public static String of(TargetSet targets) {
        if (targets.size() > MAX_WALKED) {
            return LARGE + targets.size() + ":" + AddressFormat.format(targets.get(0)) + "-"
                    + AddressFormat.format(targets.get(targets.size() - 1));
        }
        StringBuilder key = new StringBuilder();
        MessageDigest digest = sha256();
        int runs = 0;
        Iterator<InetAddress> it = targets.iterator();
        InetAddress first = null;
        InetAddress last = null;
        BigInteger lastValue = null;
        while (it.hasNext()) {
            InetAddress a = it.next();
            BigInteger v = value(a);
            if (last != null && sameFamily(a, last) && v.equals(lastValue.add(BigInteger.ONE))) {
                last = a;
                lastValue = v;
                continue;
            }
            if (first != null) {
                runs = append(key, digest, runs, first, last);
            }
            first = a;
            last = a;
            lastValue = v;
        }
        if (first != null) {
            runs = append(key, digest, runs, first, last);
        }
        if (runs > MAX_LISTED) {
            return DIGEST + HexFormat.of().formatHex(digest.digest());
        }
        return key.toString();
    }

    /** The addresses a key lists, where it lists them (not for digests and large sets). */
    public static Optional<TargetSet> targets(String key) {
        if (key.isEmpty() || key.startsWith(DIGEST) || key.startsWith(LARGE)) {
            return Optional.empty();
        }
        try {
            return Optional.of(TargetSet.of(key.split(",")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int append(StringBuilder key, MessageDigest digest, int runs, InetAddress first, InetAddress last) {
        String run = first.equals(last) ? AddressFormat.format(first)
                : AddressFormat.format(first) + "-" + AddressFormat.format(last);
        String piece = runs == 0 ? run : "," + run;
        digest.update(piece.getBytes(StandardCharsets.US_ASCII));
        if (runs < MAX_LISTED) {
            key.append(piece);
        }
        return runs + 1;
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return (a instanceof Inet4Address) == (b instanceof Inet4Address);
    }

    private static BigInteger value(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
