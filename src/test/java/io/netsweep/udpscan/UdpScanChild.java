package io.netsweep.udpscan;

import io.netsweep.port.PortSpecParser;
import io.netsweep.portscan.PortProbeResult;
import io.netsweep.portscan.ScanTiming;
import java.net.InetAddress;

/**
 * Scans {@code args[0]} on ports {@code args[1]} with the UDP scanner and prints {@code port.N=state reason} lines
 * and {@code elapsedMillis}. Run in a namespace by {@link UdpLab#runInScanner}.
 */
public final class UdpScanChild {
    private UdpScanChild() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress host = InetAddress.getByName(args[0]);
        UdpRecorder recorder = new UdpRecorder(1);
        long start = System.nanoTime();
        try (UdpScanner scanner = new UdpScanner(ScanTiming.defaults(), 11, recorder)) {
            scanner.submit(host, PortSpecParser.parse(args[1]));
            scanner.closeInput();
            recorder.await(300);
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        StringBuilder out = new StringBuilder();
        for (PortProbeResult r : recorder.results()) {
            out.append("port.").append(r.port()).append('=').append(r.state().label()).append(' ').append(r.reason())
                    .append('\n');
        }
        out.append("elapsedMillis=").append(elapsed).append('\n');
        out.append("results=").append(recorder.results().size()).append('\n');
        System.out.print(out);
        System.out.flush();
    }
}
