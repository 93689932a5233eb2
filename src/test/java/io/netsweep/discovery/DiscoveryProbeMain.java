package io.netsweep.discovery;

import io.netsweep.sys.NativeException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs one {@link HostDiscovery} sweep and prints one JSON object per line: {@code method} first,
 * then {@code up} / {@code down} per target as the listener hears them, then {@code end}. Test-only:
 * tests launch it inside a lab namespace ({@code ip netns exec}), possibly as an unprivileged user.
 *
 * <pre>
 * DiscoveryProbeMain [--method auto|icmp-raw|icmp-dgram|tcp-connect|none] [--rate N] [--retries N]
 *     [--timeouts INITIAL_MS,MIN_MS,MAX_MS] [--tcp-ports P,P] [--no-neighbors] [--seed N]
 *     [--cancel-after-ms N] [--cancel-after-ups N] TARGET...     (TARGET: an address literal or an IPv4 CIDR)
 * </pre>
 * Uses no library beyond netsweep's own classes, so it runs from a class path readable by anyone.
 */
public final class DiscoveryProbeMain {
    private DiscoveryProbeMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DiscoveryOptions o = DiscoveryOptions.defaults();
        long cancelAfter = -1;
        int cancelAfterUps = -1;
        List<InetAddress> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--method" -> {
                    String m = args[++i];
                    if (!m.equals("auto")) {
                        o = o.withForcedMethod(Arrays.stream(DiscoveryMethod.values())
                                .filter(d -> d.label().equals(m)).findFirst()
                                .orElseThrow(() -> new IllegalArgumentException("unknown method " + m)));
                    }
                }
                case "--rate" -> o = o.withRate(Double.parseDouble(args[++i]));
                case "--retries" -> o = o.withRetries(Integer.parseInt(args[++i]));
                case "--timeouts" -> {
                    long[] t = Arrays.stream(args[++i].split(",")).mapToLong(Long::parseLong).toArray();
                    o = o.withTimeouts(Duration.ofMillis(t[0]), Duration.ofMillis(t[1]), Duration.ofMillis(t[2]));
                }
                case "--tcp-ports" -> o = o.withTcpPingPorts(
                        Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList());
                case "--no-neighbors" -> o = o.withReadNeighbors(false);
                case "--seed" -> o = o.withSeed(Long.parseLong(args[++i]));
                case "--cancel-after-ms" -> cancelAfter = Long.parseLong(args[++i]);
                case "--cancel-after-ups" -> cancelAfterUps = Integer.parseInt(args[++i]);
                default -> targets.addAll(expand(args[i]));
            }
        }
        long t0 = System.nanoTime();
        java.util.concurrent.CountDownLatch upsSeen = new java.util.concurrent.CountDownLatch(Math.max(0, cancelAfterUps));
        DiscoveryListener listener = new DiscoveryListener() {
            @Override
            public void onHostUp(HostInfo h) {
                upsSeen.countDown();
                out.println("{\"event\":\"up\",\"address\":" + q(h.address().getHostAddress())
                        + ",\"reason\":" + q(h.reason())
                        + ",\"rttMicros\":" + h.rtt().map(d -> String.valueOf(d.toNanos() / 1000)).orElse("null")
                        + ",\"mac\":" + h.mac().map(m -> q(m.toString())).orElse("null")
                        + ",\"vendor\":" + h.vendor().map(DiscoveryProbeMain::q).orElse("null")
                        + ",\"atMillis\":" + (System.nanoTime() - t0) / 1_000_000 + "}");
            }

            @Override
            public void onHostDown(InetAddress a) {
                out.println("{\"event\":\"down\",\"address\":" + q(a.getHostAddress())
                        + ",\"atMillis\":" + (System.nanoTime() - t0) / 1_000_000 + "}");
            }
        };
        HostDiscovery d;
        try {
            d = new HostDiscovery(o, listener);
        } catch (NativeException e) {
            out.println("{\"event\":\"error\",\"errno\":" + q(e.errno().name()) + ",\"message\":" + q(e.getMessage()) + "}");
            System.exit(2);
            return;
        }
        try (d) {
            out.println("{\"event\":\"method\",\"method\":" + q(d.method().label()) + ",\"ipv6Method\":"
                    + q(d.ipv6Method().label()) + ",\"best\":" + q(HostDiscovery.bestAvailable().label()) + "}");
            long started = System.nanoTime();
            d.start(targets, targets.size());
            boolean cancelled = false;
            long probesAtCancel = -1;
            if (cancelAfter >= 0 && !d.awaitTermination(Duration.ofMillis(cancelAfter))) {
                d.cancel();
                probesAtCancel = d.probesSent();
                cancelled = true;
            }
            if (cancelAfterUps > 0) {
                long guard = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // a hang guard
                while (!upsSeen.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)
                        && !d.awaitTermination(Duration.ZERO) && System.nanoTime() - guard < 0) {
                    // waiting for the hosts to be reported, or the sweep to end first
                }
                if (!d.awaitTermination(Duration.ZERO)) {
                    d.cancel();
                    probesAtCancel = d.probesSent();
                    cancelled = true;
                }
            }
            long cancelAt = System.nanoTime();
            boolean ended = d.awaitTermination(Duration.ofSeconds(60));
            long sweep = (System.nanoTime() - started) / 1_000_000;
            out.println("{\"event\":\"end\",\"terminated\":" + ended + ",\"cancelled\":" + cancelled
                    + ",\"probesSent\":" + d.probesSent() + ",\"targetsDone\":" + d.targetsDone()
                    + ",\"elapsedMillis\":" + (System.nanoTime() - t0) / 1_000_000 + ",\"sweepMillis\":" + sweep
                    + ",\"stopMillis\":" + (cancelled ? String.valueOf((System.nanoTime() - cancelAt) / 1_000_000) : "null")
                    + ",\"probesAtCancel\":" + (cancelled ? String.valueOf(probesAtCancel) : "null")
                    + ",\"failure\":" + d.failure().map(f -> q(f.toString())).orElse("null") + "}");
        }
    }

    private static List<InetAddress> expand(String spec) throws Exception {
        int slash = spec.indexOf('/');
        if (slash < 0) {
            return List.of(InetAddress.ofLiteral(spec));
        }
        InetAddress base = InetAddress.ofLiteral(spec.substring(0, slash));
        int prefix = Integer.parseInt(spec.substring(slash + 1));
        if (!(base instanceof Inet4Address) || prefix < 16 || prefix > 32) {
            throw new IllegalArgumentException("only IPv4 CIDRs /16../32: " + spec);
        }
        byte[] b = base.getAddress();
        long first = (((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF))
                & (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        List<InetAddress> list = new ArrayList<>();
        for (long a = first; a < first + (1L << (32 - prefix)); a++) {
            list.add(InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8),
                    (byte) a}));
        }
        return list;
    }

    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

}
