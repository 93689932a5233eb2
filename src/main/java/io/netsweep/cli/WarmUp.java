package io.netsweep.cli;

import io.netsweep.scan.DiscoveryMode;
import io.netsweep.scan.PortScanMethod;
import io.netsweep.scan.ScanRequest;
import io.netsweep.sys.NativeUse;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A second thread for what a cold JVM is slow to do and the command will need: whether stderr and stdout are
 * terminals (asked at once), then the native call shapes of the scan that follows, once the command line has
 * been read and the scan checked ({@link #scanAhead}). A command that scans nothing ({@code --version}, a
 * subcommand, a refused command line) prepares no call shapes: {@link #nothingMore} ends the wait. Thread-safe.
 */
final class WarmUp {
    private final CompletableFuture<Boolean> stderrIsTerminal = new CompletableFuture<>();
    private final CompletableFuture<Boolean> stdoutIsTerminal = new CompletableFuture<>();
    private final CompletableFuture<Set<NativeUse>> uses = new CompletableFuture<>();
    private final BooleanSupplier mayOpenRawSockets;

    private WarmUp(BooleanSupplier mayOpenRawSockets) {
        this.mayOpenRawSockets = mayOpenRawSockets;
    }

    /** Starts the warm-up thread (a daemon: it never holds the process up). */
    static WarmUp start() {
        WarmUp w = new WarmUp(NativeUse::mayOpenRawSockets);
        Thread.ofPlatform().daemon().name("netsweep-warm-up").start(w::run);
        return w;
    }

    private void run() {
        try {
            stderrIsTerminal.complete(Terminal.isTerminal(Terminal.STDERR));
            stdoutIsTerminal.complete(Terminal.isTerminal(Terminal.STDOUT));
        } finally {
            stderrIsTerminal.complete(false);
            stdoutIsTerminal.complete(false);
        }
        NativeUse.prepare(uses.join());
    }

    boolean stderrIsTerminal() {
        return stderrIsTerminal.join();
    }

    boolean stdoutIsTerminal() {
        return stdoutIsTerminal.join();
    }

    /** The scan about to run: its call shapes are prepared now. Only the first call of either method counts. */
    void scanAhead(ScanRequest request) {
        uses.complete(usesOf(request, mayOpenRawSockets));
    }

    /** No scan follows (or it has run): nothing more is prepared. */
    void nothingMore() {
        uses.complete(Set.of());
    }

    /**
     * What {@code request} will do through the native layer: ICMP discovery unless {@code -Pn}; then, unless
     * {@code -sn}, the SYN scan where asked for or by default and {@code mayOpenRawSockets} says it can run (else
     * the connect scan), and the UDP scan for UDP ports.
     */
    static Set<NativeUse> usesOf(ScanRequest request, BooleanSupplier mayOpenRawSockets) {
        Set<NativeUse> uses = EnumSet.noneOf(NativeUse.class);
        if (request.discovery() != DiscoveryMode.ASSUME_UP) {
            uses.add(NativeUse.ICMP_DISCOVERY);
        }
        if (request.discovery() != DiscoveryMode.DISCOVERY_ONLY) {
            if (!request.ports().isEmpty()) {
                uses.add(request.method() != PortScanMethod.CONNECT && mayOpenRawSockets.getAsBoolean()
                        ? NativeUse.SYN_SCAN : NativeUse.CONNECT_SCAN);
            }
            if (!request.udpPorts().isEmpty()) {
                uses.add(NativeUse.UDP_SCAN);
            }
        }
        return Set.copyOf(uses);
    }
}
