package io.netsweep.portscan;

/**
 * What a SYN scan has learned about packet loss on its paths, and whether that is enough to send a host that has
 * never answered only one SYN per port.
 *
 * <p><b>Why.</b> Most addresses of a large sweep are silent: nothing lives there, or a firewall drops everything.
 * A retransmission to each of them doubles the packets (and at a fixed rate, the time) to guard against one thing:
 * a live host whose first SYN, or its answer, was lost. How likely that is follows from the path's loss, which the
 * scan can measure on the hosts that do answer.
 *
 * <p><b>Samples.</b> Every target answer (SYN-ACK or reset) is a sample: answered on its first attempt, one SYN and
 * its answer got through; answered only on attempt {@code k}, {@code k - 1} attempts were lost (or late, which is
 * counted as lost: the doubt goes towards retransmitting). Where answers are few (a sweep of mostly silent
 * addresses with one port), the engine adds loss samples of its own: another SYN to a port that has just answered,
 * delivered when answered again, lost when not ({@link #wantsSamples}; at most {@value #SAMPLES_PER_HOST} per host
 * and {@value #MAX_SAMPLES} samples in all, one at a time per host).
 *
 * <p><b>The rule.</b> A host that has never answered gets its retransmissions (nmap's rule, and more on a path shown
 * to lose) unless loss is ruled out: the 95 % upper confidence bound on the share of lost attempts is at most
 * {@value #MAX_LOSS} ({@code (lost + 3 + 2 sqrt(lost)) / samples}, above the exact binomial bound; with nothing lost
 * it is the rule of three, so at least 300 samples); at most that share of the ports that answered did so only
 * after a retransmission; and at least {@value #SILENT_RETRIES_REQUIRED} retransmissions to hosts that had not
 * answered went unanswered. Samples weigh each answering host's path alike, so loss on some hosts' paths only
 * (hosts behind a lossy link of their own) may hide among them: the share of ports found only by a retransmission
 * is what counts for the hosts still silent, and as long as retransmissions to silent hosts find some, loss is not
 * ruled out. Until there is enough evidence either way, silent hosts get their retransmissions; as soon as the
 * evidence shows loss, they get them again.
 *
 * <p>Not thread-safe: owned by the engine thread.
 */
final class LossEvidence {
    /** The largest share of lost attempts (95 % upper bound) at which a silent host is sent one SYN per port. */
    static final double MAX_LOSS = 0.01;
    /** Unanswered retransmissions to silent hosts needed before their retransmissions stop. */
    static final int SILENT_RETRIES_REQUIRED = 256;
    /** Most loss samples sent to one host. */
    static final int SAMPLES_PER_HOST = 64;
    /** No loss samples are sent once this many samples (answers included) are in. */
    static final int MAX_SAMPLES = 2000;

    private long delivered;
    private long lost;
    private long silentUnanswered;
    private long answeredPorts;
    private long answeredLate;

    /** A port answered its attempt number {@code attempt} (1 for the first). */
    void answered(int attempt) {
        delivered++;
        lost += Math.max(0, attempt - 1);
        answeredPorts++;
        answeredLate += attempt > 1 ? 1 : 0;
    }

    /** A loss sample (a SYN to a port that had answered) was answered again. */
    void sampleDelivered() {
        delivered++;
    }

    /** A loss sample went unanswered until its deadline. */
    void sampleLost() {
        lost++;
    }

    /** A retransmission to a host that had never answered went unanswered until its deadline. */
    void silentRetransmissionUnanswered() {
        silentUnanswered++;
    }

    /** The 95 % upper confidence bound on the share of lost attempts; 1 without samples. */
    double lossUpperBound() {
        long n = delivered + lost;
        if (n == 0) {
            return 1;
        }
        return Math.min(1, (lost + 3 + 2 * Math.sqrt(lost)) / n);
    }

    /** Whether the evidence rules loss out: a host that has never answered needs no retransmission. */
    boolean lossRuledOut() {
        return silentUnanswered >= SILENT_RETRIES_REQUIRED
                && lossUpperBound() <= MAX_LOSS
                && answeredLate <= MAX_LOSS * answeredPorts;
    }

    /** Whether another loss sample would help: too few samples to rule loss out, and the budget not spent. */
    boolean wantsSamples() {
        return delivered + lost < MAX_SAMPLES && lossUpperBound() > MAX_LOSS;
    }

    long delivered() {
        return delivered;
    }

    long lost() {
        return lost;
    }

    long silentUnanswered() {
        return silentUnanswered;
    }
}
