package io.netsweep.discovery;

import java.net.InetAddress;
import java.util.OptionalLong;

/**
 * One target being probed: the sequence numbers and send times of its attempts, and whether it
 * is decided. Thread-safe: the sender thread records sends, receiver threads match answers, and
 * whichever decides it first wins.
 */
final class TargetState {
    final InetAddress address;
    final boolean onLink;
    final Transport transport;
    private final int[] sequences;
    private final long[] sentAt;
    private int attempts;
    private long solicitedAt = Long.MIN_VALUE;
    private boolean decided;

    TargetState(InetAddress address, boolean onLink, Transport transport, int maxAttempts) {
        this.address = address;
        this.onLink = onLink;
        this.transport = transport;
        this.sequences = new int[maxAttempts];
        this.sentAt = new long[maxAttempts];
    }

    /** Records attempt {@code attempts()} before it goes out, so an instant answer finds it. */
    synchronized void recordSend(int sequence, long nanos) {
        sequences[attempts] = sequence;
        sentAt[attempts] = nanos;
        attempts++;
    }

    /**
     * Corrects the send time of the last attempt to when the send call returned, so a slow first
     * call (class loading, linking) does not inflate the measured round trip.
     */
    synchronized void sentNow(long nanos) {
        sentAt[attempts - 1] = nanos;
    }

    /** Takes back the last recorded attempt: it could not be sent. */
    synchronized void unrecordSend() {
        attempts--;
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized long lastSentAt() {
        return attempts == 0 ? Long.MIN_VALUE : sentAt[attempts - 1];
    }

    synchronized long firstSentAt() {
        return attempts == 0 ? Long.MIN_VALUE : sentAt[0];
    }

    /** Our own neighbor solicitation (ARP request) for this target went out at {@code nanos}. */
    synchronized void solicited(long nanos) {
        solicitedAt = nanos;
    }

    /** When our last neighbor solicitation went out; {@code Long.MIN_VALUE} if none did. */
    synchronized long lastSolicitedAt() {
        return solicitedAt;
    }

    synchronized boolean decided() {
        return decided;
    }

    /**
     * An answer to probe {@code sequence} arrived: decides the target and returns when that probe
     * was sent. Empty (and nothing changes) if the target is already decided or no such probe was
     * sent to it: a duplicate, a stray or a forgery.
     */
    synchronized OptionalLong answer(int sequence) {
        if (decided) {
            return OptionalLong.empty();
        }
        for (int i = attempts - 1; i >= 0; i--) {
            if (sequences[i] == sequence) {
                decided = true;
                return OptionalLong.of(sentAt[i]);
            }
        }
        return OptionalLong.empty();
    }

    /** Decides the target without an answer; false if an answer decided it first. */
    synchronized boolean decideSilent() {
        if (decided) {
            return false;
        }
        decided = true;
        return true;
    }
}
