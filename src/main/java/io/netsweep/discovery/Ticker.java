package io.netsweep.discovery;

/** A monotonic nanosecond clock, so tests can drive time. Implementations are thread-safe. */
@FunctionalInterface
interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
