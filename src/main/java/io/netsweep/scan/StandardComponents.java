package io.netsweep.scan;

import io.netsweep.discovery.DiscoveryListener;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.DiscoveryOptions;
import io.netsweep.discovery.HostDiscovery;
import io.netsweep.dns.DnsOptions;
import io.netsweep.dns.PtrResult;
import io.netsweep.dns.ReverseResolver;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.ConnectScanner;
import io.netsweep.portscan.PortScanListener;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.portscan.ScanType;
import io.netsweep.service.DetectOptions;
import io.netsweep.service.ServiceDetector;
import io.netsweep.service.ServiceReport;
import io.netsweep.target.TargetSet;
import io.netsweep.udpscan.UdpScanner;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The real components behind the orchestrator's roles: each adapter only forwards, so the components'
 * own contracts (and tests) are the ones that hold. Stateless.
 */
final class StandardComponents {
    private StandardComponents() {}

    static Discovery discovery(DiscoveryOptions options, DiscoveryListener listener) {
        return new Sweep(new HostDiscovery(options, listener));
    }

    /** The SYN scan where asked for (or by default) and the process may open raw sockets, else the connect scan. */
    static final class PortScans implements PortScan.Factory {
        @Override
        public PortScan open(ScanTiming timing, long seed, PortScanListener listener) {
            return open(timing, seed, listener, PortScanMethod.DEFAULT);
        }

        @Override
        public PortScan open(ScanTiming timing, long seed, PortScanListener listener, PortScanMethod method) {
            if (method != PortScanMethod.CONNECT) {
                Optional<ConnectScanner> syn = ConnectScanner.syn(timing, seed, listener);
                if (syn.isPresent()) {
                    return new Connect(syn.get());
                }
            }
            return new Connect(new ConnectScanner(timing, seed, listener));
        }
    }

    /** The UDP scan ({@code -sU}): unprivileged, one socket per address family. */
    static PortScan udpScan(ScanTiming timing, long seed, PortScanListener listener) {
        return new Udp(new UdpScanner(timing, seed, listener));
    }

    static NameLookup names(DnsOptions options) {
        return new Reverse(new ReverseResolver(options));
    }

    static Identification identification(DetectOptions options) {
        return new Detector(new ServiceDetector(options));
    }

    private record Sweep(HostDiscovery d) implements Discovery {
        @Override
        public DiscoveryMethod method() {
            return d.method();
        }

        @Override
        public void start(TargetSet targets) {
            d.start(targets, targets.size());
        }

        @Override
        public void cancel() {
            d.cancel();
        }

        @Override
        public boolean awaitTermination(Duration timeout) throws InterruptedException {
            return d.awaitTermination(timeout);
        }

        @Override
        public Optional<RuntimeException> failure() {
            return d.failure();
        }

        @Override
        public long probesSent() {
            return d.probesSent();
        }

        @Override
        public long targetsDone() {
            return d.targetsDone();
        }

        @Override
        public void close() {
            d.close();
        }
    }

    private record Connect(ConnectScanner c) implements PortScan {
        @Override
        public void submit(InetAddress host, PortSet ports) {
            c.submit(host, ports);
        }

        @Override
        public void closeInput() {
            c.closeInput();
        }

        @Override
        public void cancel() {
            c.cancel();
        }

        @Override
        public Optional<Throwable> failure() {
            return c.failure();
        }

        @Override
        public long probesSent() {
            return c.probesSent();
        }

        @Override
        public long resultsReported() {
            return c.resultsReported();
        }

        @Override
        public ScanType type() {
            return c.type();
        }

        @Override
        public void close() {
            c.close();
        }
    }

    private record Udp(UdpScanner u) implements PortScan {
        @Override
        public void submit(InetAddress host, PortSet ports) {
            u.submit(host, ports);
        }

        @Override
        public void closeInput() {
            u.closeInput();
        }

        @Override
        public void cancel() {
            u.cancel();
        }

        @Override
        public Optional<Throwable> failure() {
            return u.failure();
        }

        @Override
        public long probesSent() {
            return u.probesSent();
        }

        @Override
        public long resultsReported() {
            return u.resultsReported();
        }

        @Override
        public void close() {
            u.close();
        }
    }

    private record Reverse(ReverseResolver r) implements NameLookup {
        @Override
        public CompletionStage<PtrResult> lookup(InetAddress address) {
            return r.lookup(address);
        }

        @Override
        public void close() {
            r.close();
        }
    }

    private record Detector(ServiceDetector d) implements Identification {
        @Override
        public CompletionStage<Optional<ServiceReport>> identify(InetAddress address, int port) {
            return d.detect(address, port);
        }

        @Override
        public CompletionStage<Optional<ServiceReport>> identifyUdp(InetAddress address, int port) {
            return d.detectUdp(address, port);
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
