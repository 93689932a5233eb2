package io.netsweep.cli;

/**
 * Where {@code watch} sends an {@link Alert}: a command ({@link ExecHook}) or a URL ({@link WebhookHook}). A
 * hook delivers one alert at a time, on its {@link AlertQueue}'s thread, bounded by its own timeout; what went
 * wrong is an outcome, not an exception. Interrupting that thread abandons the delivery.
 */
sealed interface AlertHook permits ExecHook, WebhookHook {

    /** The hook as its error lines name it, without secrets a URL's path or query may hold. */
    String name();

    /** Delivers {@code alert}; returns how it went. */
    Delivery deliver(Alert alert) throws InterruptedException;

    /** Lets go of what the hook holds (an HTTP client); idempotent. */
    void close();

    /** How a delivery went. */
    sealed interface Delivery {
        /** The command exited with status 0, or the receiver answered 2xx. */
        record Delivered() implements Delivery {}

        /** It did not; {@code why} is one line for a person. */
        record Failed(String why) implements Delivery {
            public Failed {
                java.util.Objects.requireNonNull(why, "why");
            }
        }
    }
}
