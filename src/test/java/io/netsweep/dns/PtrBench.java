package io.netsweep.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Throughput of {@link ReverseResolver} against a local server: {@code PtrBench SERVER COUNT CONCURRENCY...}
 * looks up 10.77.0.0 onwards ({@code COUNT} addresses) once per concurrency level, each with a fresh
 * resolver (empty cache), after one untimed warm-up round. Run by {@code bench/dns-ptr-bench}.
 */
public final class PtrBench {
    private PtrBench() {}

    public static void main(String[] args) throws Exception {
        var server = DnsServerSpec.parse(args[0]);
        int count = Integer.parseInt(args[1]);
        List<InetAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(InetAddress.getByAddress(new byte[] {10, 77, (byte) (i >> 8), (byte) i}));
        }
        run(server, addresses, 64, false);
        for (int i = 2; i < args.length; i++) {
            run(server, addresses, Integer.parseInt(args[i]), true);
        }
    }

    private static void run(java.net.InetSocketAddress server, List<InetAddress> addresses, int concurrency, boolean report)
            throws Exception {
        var options = new DnsOptions(List.of(server), Duration.ofSeconds(2), 1, concurrency, Optional.empty());
        try (var resolver = new ReverseResolver(options)) {
            long start = System.nanoTime();
            List<CompletableFuture<PtrResult>> lookups = new ArrayList<>(addresses.size());
            for (InetAddress address : addresses) {
                lookups.add(resolver.lookup(address).toCompletableFuture());
            }
            Map<DnsStatus, Integer> statuses = new EnumMap<>(DnsStatus.class);
            for (var lookup : lookups) {
                statuses.merge(lookup.join().status(), 1, Integer::sum);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (report) {
                System.out.printf("concurrency %4d: %d lookups in %.3f s = %,.0f lookups/s  %s%n",
                        concurrency, addresses.size(), seconds, addresses.size() / seconds, statuses);
            }
        }
    }
}
