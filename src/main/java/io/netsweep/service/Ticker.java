package io.netsweep.service;

/** A monotonic clock in nanoseconds, injected so deadlines can be reasoned about in tests. */
@FunctionalInterface
interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
