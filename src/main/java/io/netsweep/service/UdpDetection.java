package io.netsweep.service;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Service detection of one open UDP port: the catalogue's {@code udp} probes hinted for the port, in catalogue
 * order, each from a socket of its own connected to the target (so only the target's datagrams from that port are
 * read, and its ICMP port unreachable ends the wait), each sent at most twice, until an entry names the product.
 * Every answer is read by the probe's own entries only: a coded exchange's decoded lines, or a {@code send} probe's
 * bytes raw. Within the port's budget (deadline, probes, bytes). Confined to one thread.
 */
final class UdpDetection {
    /** A datagram's largest payload: an answer is read whole, however large, then capped by the decoders. */
    private static final int MAX_DATAGRAM = 65_535;
    private static final int TRIES = 2;

    private final Catalogue catalogue;
    private final InetSocketAddress target;
    private final OpenSockets sockets;
    private final PortBudget budget;
    private final Duration wait;
    private final List<String> sent = new ArrayList<>();
    private final List<Found> found = new ArrayList<>();
    private byte[] firstAnswer;

    UdpDetection(Catalogue catalogue, DetectOptions options, InetSocketAddress target, Ticker ticker,
            OpenSockets sockets) {
        this.catalogue = catalogue;
        this.target = target;
        this.sockets = sockets;
        this.budget = new PortBudget(ticker, options.portDeadline(), options.maxExchanges(), options.maxBytes());
        this.wait = options.exchangeWait().dividedBy(TRIES);
    }

    /** The report, or empty when nothing answered any probe (or the port has no UDP probe). */
    Optional<ServiceReport> run() {
        for (ProbeSpec probe : catalogue.udpPlanFor(target.getPort())) {
            if (budget.exhausted() || Thread.currentThread().isInterrupted()) {
                break;
            }
            Optional<UdpExchange> coded = probe.exchange().isEmpty() ? Optional.empty()
                    : UdpExchanges.named(probe.exchange());
            byte[] request = coded.map(x -> x.request(target.getAddress())).orElseGet(probe::send);
            sent.add(probe.name());
            Optional<byte[]> answer = exchange(probe, request);
            if (answer.isEmpty()) {
                continue;
            }
            Optional<String> more = Optional.empty();
            Optional<byte[]> next = coded.flatMap(x -> x.followUp(target.getAddress(), answer.get()));
            if (next.isPresent() && !budget.exhausted()) {
                sent.add(probe.name() + "+");
                more = exchange(probe, next.get()).flatMap(a -> coded.get().decode(a));
            }
            found.addAll(catalogue.read(probe, answer.get(), more));
            if (Found.best(found).map(Found::hard).orElse(false)) {
                break;
            }
        }
        return report();
    }

    /** The answer to {@code request}: the first datagram from the target that the probe can read. */
    private Optional<byte[]> exchange(ProbeSpec probe, byte[] request) {
        try (DatagramSocket socket = new DatagramSocket()) {
            if (!sockets.add(socket)) {
                return Optional.empty();
            }
            try {
                socket.connect(target);
                byte[] buffer = new byte[MAX_DATAGRAM];
                for (int attempt = 0; attempt < TRIES && budget.takeExchange(); attempt++) {
                    socket.send(new DatagramPacket(request, request.length));
                    long until = budget.now() + budget.nanosLeft(wait);
                    while (true) {
                        long left = until - budget.now();
                        if (left <= 0 || budget.bytesLeft() <= 0) {
                            break;
                        }
                        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        try {
                            socket.receive(packet);
                        } catch (SocketTimeoutException e) {
                            break;
                        }
                        budget.spent(packet.getLength());
                        byte[] answer = Arrays.copyOf(packet.getData(), packet.getLength());
                        if (firstAnswer == null) {
                            firstAnswer = answer;
                        }
                        if (readable(probe, answer)) {
                            return Optional.of(answer);
                        }
                    }
                }
            } finally {
                sockets.remove(socket);
            }
        } catch (PortUnreachableException e) {
            return Optional.empty(); // the port closed since the scan: nothing to read
        } catch (IOException e) {
            return Optional.empty(); // closed by the detector's close, or the network refused: no answer
        }
        return Optional.empty();
    }

    /** Whether the answer is one the probe reads: a coded exchange's must decode; raw bytes always are. */
    private static boolean readable(ProbeSpec probe, byte[] answer) {
        if (probe.exchange().isEmpty()) {
            return answer.length > 0;
        }
        return UdpExchanges.named(probe.exchange()).flatMap(x -> x.decode(answer)).isPresent();
    }

    private Optional<ServiceReport> report() {
        String evidence = "udp probes " + String.join(" ", sent);
        Optional<Found> best = Found.best(found);
        if (best.isPresent()) {
            Found f = best.get();
            return Optional.of(new ServiceReport(f.rule().service(), f.hard() ? f.product() : Optional.empty(),
                    f.hard() ? f.version() : Optional.empty(), f.info(), f.hard() ? f.cpes() : List.of(),
                    Optional.empty(), Optional.empty(), Optional.empty(), ServiceReport.Method.PROBED,
                    f.hard() ? 10 : 5, evidence + "; " + f.probe() + " matched " + f.rule().id()));
        }
        if (firstAnswer != null) {
            return Optional.of(new ServiceReport("unknown", Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), Optional.empty(), Optional.of(Sanitize.banner(firstAnswer, firstAnswer.length)),
                    Optional.empty(), ServiceReport.Method.PROBED, 0, evidence + "; nothing in the catalogue matched"));
        }
        return Optional.empty();
    }
}
