package io.netsweep.portscan;

/**
 * A monotonic nanosecond clock for round-trip times and deadlines. Tests inject their own; the engine uses
 * {@link #system()}. Values are only meaningful as differences ({@code a - b}, never {@code a < b}).
 */
@FunctionalInterface
interface NanoClock {

    long nanoTime();

    static NanoClock system() {
        return System::nanoTime;
    }
}
