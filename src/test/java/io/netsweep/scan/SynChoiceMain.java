package io.netsweep.scan;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scans an open and a closed loopback port through the real pipeline with the scan method named in {@code args[0]}
 * and prints, as {@code key=value} lines, which scan ran and each port's verdict; {@link SynChoiceTest} runs it as
 * root and as a user without CAP_NET_RAW.
 */
public final class SynChoiceMain {
    private SynChoiceMain() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, lo)) {
            closed = s.getLocalPort();
        }
        try (ServerSocket open = new ServerSocket(0, 50, lo)) {
            List<ScanEvent> events = new CopyOnWriteArrayList<>();
            ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), PortSet.of(open.getLocalPort(), closed))
                    .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                    .reportStates(EnumSet.of(PortState.OPEN, PortState.CLOSED))
                    .method(PortScanMethod.valueOf(args[0])).seed(1).build();
            ScanSession session = new PipelineScanner(ScanComponents.standard(), ScanClock.system(), p -> "svc")
                    .start(request, events::add);
            if (!session.await(Duration.ofMinutes(1))) {
                throw new AssertionError("the scan did not end");
            }
            for (ScanEvent e : events) {
                switch (e) {
                    case ScanEvent.Started s -> {
                        System.out.println("type=" + s.scanType().label());
                        System.out.println("fallback=" + s.synUnavailable());
                    }
                    case ScanEvent.PortObserved p -> System.out.println(
                            (p.port() == closed ? "closed" : "open") + "=" + p.state().label() + "/" + p.reason());
                    case ScanEvent.Failed f -> System.out.println("failed=" + f.message());
                    default -> { }
                }
            }
        }
    }
}
