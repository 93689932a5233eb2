package io.netsweep.cli;

import io.netsweep.sys.Tty;

/**
 * Whether a standard stream is a terminal, asked of libc's {@code isatty} through the native layer.
 * {@link System#console()} only speaks of stdin and stdout together, but the progress bar goes to stderr and
 * must show while stdout is redirected ({@code netsweep -o json > scan.jsonl}).
 */
final class Terminal {
    static final int STDOUT = 1;
    static final int STDERR = Tty.STDERR;

    private Terminal() {}

    static boolean isTerminal(int fd) {
        return Tty.isTerminal(fd);
    }
}
