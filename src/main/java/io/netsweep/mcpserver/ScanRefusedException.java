package io.netsweep.mcpserver;

/**
 * A scan that will not run: bad arguments, a target outside the scope, a limit reached. Its message is one line for
 * the agent, sent back as the tool's error; no packet was sent for it.
 */
public final class ScanRefusedException extends Exception {
    public ScanRefusedException(String message) {
        super(message, null, false, false);
    }
}
