package io.netsweep.service;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tries service detection by hand before scans use it: {@code DetectMain ADDRESS PORT...} prints one line per
 * port (see docs/service-catalogue.md for how to run it). Only for addresses you may probe.
 */
public final class DetectMain {
    private DetectMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DetectMain ADDRESS PORT...");
            System.exit(2);
        }
        InetAddress address = InetAddress.getByName(args[0]);
        try (ServiceDetector detector = new ServiceDetector(DetectOptions.defaults())) {
            long started = System.nanoTime();
            List<CompletableFuture<Optional<ServiceReport>>> pending = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                pending.add(detector.detect(address, Integer.parseInt(args[i])).toCompletableFuture());
            }
            for (int i = 1; i < args.length; i++) {
                Optional<ServiceReport> report = pending.get(i - 1).get(5, TimeUnit.MINUTES);
                System.out.println(args[i] + "/tcp " + report.map(DetectMain::line).orElse("(no answer)"));
            }
            System.out.printf("%d ports in %d ms%n", args.length - 1, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static String line(ServiceReport r) {
        StringBuilder s = new StringBuilder(r.tls().isPresent() ? "ssl/" : "").append(r.service());
        r.product().ifPresent(p -> s.append("  ").append(p));
        r.version().ifPresent(v -> s.append(' ').append(v));
        r.extraInfo().ifPresent(i -> s.append(" (").append(i).append(')'));
        r.banner().ifPresent(b -> s.append("  banner: ").append(b));
        r.tls().ifPresent(t -> s.append("  [").append(t.protocol()).append(", CN=").append(t.subjectCn().orElse("-"))
                .append(t.selfSigned() ? ", self-signed" : "").append(']'));
        if (!r.cpes().isEmpty()) {
            s.append("  ").append(String.join(" ", r.cpes()));
        }
        return s.toString();
    }
}
