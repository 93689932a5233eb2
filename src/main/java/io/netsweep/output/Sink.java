package io.netsweep.output;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.Objects;
import java.util.Optional;

/**
 * A writer's destination. A listener may not throw for a full disk or a closed pipe, so the first
 * {@link IOException} is kept, later writes are dropped, and {@link #flush} and {@link #close}
 * report it. Not thread-safe.
 */
final class Sink implements Flushable, Closeable {
    private final Writer out;
    private IOException failure;

    Sink(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    void write(CharSequence text) {
        if (failure != null) {
            return;
        }
        try {
            out.append(text);
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Flushes; an error is kept for {@link #flush} or {@link #close} to report. */
    void flushQuietly() {
        if (failure != null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void flush() throws IOException {
        flushQuietly();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        flushQuietly();
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
