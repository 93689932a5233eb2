package io.netsweep.service;

import java.time.Duration;

/**
 * The limits shared by everything done to one port: one deadline, a number of probes and a number of
 * bytes read over all its connections. Confined to the thread detecting that port.
 */
final class PortBudget {
    private final Ticker ticker;
    private final long deadline;
    private int exchangesLeft;
    private int bytesLeft;

    PortBudget(Ticker ticker, Duration timeLimit, int exchanges, int bytes) {
        this.ticker = ticker;
        this.deadline = ticker.nanoTime() + timeLimit.toNanos();
        this.exchangesLeft = exchanges;
        this.bytesLeft = bytes;
    }

    long now() {
        return ticker.nanoTime();
    }

    /** Nanoseconds to the deadline (negative once it passed). */
    long nanosLeft() {
        return deadline - ticker.nanoTime();
    }

    /** The earlier of the deadline and {@code wait} from now, in nanoseconds from now. */
    long nanosLeft(Duration wait) {
        return Math.min(nanosLeft(), wait.toNanos());
    }

    boolean expired() {
        return nanosLeft() <= 0;
    }

    /** Takes one probe from the budget; false when none is left. */
    boolean takeExchange() {
        if (exchangesLeft <= 0) {
            return false;
        }
        exchangesLeft--;
        return true;
    }

    int exchangesLeft() {
        return exchangesLeft;
    }

    int bytesLeft() {
        return bytesLeft;
    }

    void spent(int bytes) {
        bytesLeft = Math.max(0, bytesLeft - bytes);
    }

    /** Nothing more can be done: the deadline passed, or no probe or byte is left. */
    boolean exhausted() {
        return expired() || exchangesLeft <= 0 || bytesLeft <= 0;
    }
}
