package io.netsweep.concurrent;

import java.util.List;

/**
 * Waiting for threads where giving up is not an option: closing a component must leave none of its threads behind,
 * whatever interrupts the caller. Stateless.
 */
public final class Threads {
    private Threads() {}

    /**
     * Waits for every thread of {@code threads} to end, even when interrupted; an interrupt that came meanwhile is
     * restored on the calling thread before returning, so its owner still sees it.
     */
    public static void joinUninterruptibly(Iterable<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for {@code thread} to end, as {@link #joinUninterruptibly(Iterable)} does. */
    public static void joinUninterruptibly(Thread thread) {
        joinUninterruptibly(List.of(thread));
    }
}
