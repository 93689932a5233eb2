package io.netsweep.portscan;

import io.netsweep.port.PortSet;
import io.netsweep.timing.RttEstimator;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The scan state of one submission: which ports are left (walked in a seeded permutation), which probes wait
 * for another attempt, how many are in flight, and the host's own round-trip estimate and congestion window.
 *
 * <p>Not thread-safe: owned by the engine thread.
 */
final class HostState {
    final ScanControl.Submission submission;
    final InetAddress address;
    /** The address's bytes (4 or 16), read once. */
    final byte[] rawAddress;
    /** Whether the address belongs to this machine (loopback or a local interface). */
    final boolean local;
    final RttEstimator rtt;
    final CongestionWindow window;

    private final PortSet ports;
    private final PortPermutation order;
    private final ArrayDeque<Probe> again = new ArrayDeque<>();
    private int nextIndex;
    private int unresolved;
    private int inFlight;
    /** The highest attempt number of a probe this host has answered: 1 until a retransmission is answered. */
    private int maxAnsweredAttempt;
    /** Loss samples ({@link LossEvidence}) sent to this host so far. */
    int samplesSent;
    /** Whether a loss sample of this host is queued or in flight (one at a time). */
    boolean sampling;
    /** Under {@link SynIo}: the IPv4 source address the kernel gives packets to this host, once looked up. */
    byte[] synSource;
    /** Open results held back while the host has answered nothing but SYN-ACKs; null once released. */
    private List<PortProbeResult> heldOpen = new ArrayList<>();
    /** Whether the host is in the scheduler's ready ring. */
    boolean queued;

    HostState(ScanControl.Submission submission, boolean local, long seed, RttEstimator rtt,
            CongestionWindow window) {
        this.submission = submission;
        this.address = submission.host();
        PortSet ports = submission.ports();
        this.rawAddress = submission.host().getAddress();
        this.local = local;
        this.ports = ports;
        this.order = PortPermutation.forHost(ports.size(), seed, address);
        this.rtt = rtt;
        this.window = window;
        this.unresolved = ports.size();
    }

    /** Whether a probe is waiting to be sent (a fresh port or another attempt). */
    boolean hasWork() {
        return !again.isEmpty() || nextIndex < order.size();
    }

    /** Whether a probe is waiting and the congestion window has room for it. */
    boolean canLaunch() {
        return hasWork() && inFlight < window.limit();
    }

    /**
     * The next probe to send, counted in flight from now on: another attempt first, else the next fresh port in
     * permutation order.
     */
    Probe take() {
        inFlight++;
        Probe p = again.pollFirst();
        if (p != null) {
            return p;
        }
        return new Probe(this, ports.get(order.apply(nextIndex++)));
    }

    /** A probe taken by {@link #take} is no longer in flight (answered, timed out or put back). */
    void release() {
        inFlight--;
    }

    /** Puts {@code p}, released already, back for another attempt, ahead of fresh ports. */
    void retry(Probe p) {
        again.addLast(p);
    }

    /** A loss sample (a probe of a port that answered) is queued; it is not one of the host's ports. */
    void addSample() {
        sampling = true;
    }

    /** A loss sample of this host is sent, counted in flight as {@link #take} counts probes. */
    void takeSample() {
        inFlight++;
    }

    /** Whether this host has answered any probe (a SYN-ACK or a reset). */
    boolean answeredAny() {
        return maxAnsweredAttempt > 0;
    }

    /** Records that a port of this host got its final verdict; returns whether it was the last. */
    boolean resolve() {
        unresolved--;
        return unresolved == 0;
    }

    /** The target answered attempt number {@code attempt} of a probe. */
    void answeredAttempt(int attempt) {
        maxAnsweredAttempt = Math.max(maxAnsweredAttempt, attempt);
    }

    /**
     * How many attempts a probe to this host may make, at most {@code cap}: one more than the highest attempt
     * answered by this host or, when higher, by any host of the scan ({@code network}), and at least two. A
     * host whose retransmissions have never been answered, on a network where none has been, is not sent a
     * third SYN it has shown no sign of needing (a firewall dropping everything, or a clean link); as soon as a
     * retransmission is answered anywhere (the link loses packets) more are allowed. This is nmap's rule, with
     * the scan's evidence added: a host with a handful of ports gives too little evidence of its own, and
     * its ports are the ones a lossy link would otherwise lose.
     */
    int allowedAttempts(int cap, int network) {
        return Math.min(cap, Math.max(2, Math.max(maxAnsweredAttempt, network) + 1));
    }

    /** Whether open results are still held back (every answer so far was a SYN-ACK). */
    boolean holdingOpenPorts() {
        return heldOpen != null;
    }

    /** Holds back an open result while {@link #holdingOpenPorts()}. */
    void holdOpenPort(PortProbeResult r) {
        heldOpen.add(r);
    }

    /**
     * The held results, relabelled {@value #ANSWERS_EVERYTHING} when {@code everything} (the host answered a
     * SYN-ACK to every port), and holds nothing more from now on.
     */
    List<PortProbeResult> releaseOpenPorts(boolean everything) {
        List<PortProbeResult> held = heldOpen;
        heldOpen = null;
        if (!everything) {
            return held;
        }
        List<PortProbeResult> relabelled = new ArrayList<>(held.size());
        for (PortProbeResult r : held) {
            relabelled.add(new PortProbeResult(r.address(), r.port(), r.state(), ANSWERS_EVERYTHING, r.rtt()));
        }
        return relabelled;
    }

    /** The reason of the open ports of a host that answered a SYN-ACK to every port. */
    static final String ANSWERS_EVERYTHING = "syn-ack-every-port";

    int inFlight() {
        return inFlight;
    }

    boolean complete() {
        return unresolved == 0;
    }
}
