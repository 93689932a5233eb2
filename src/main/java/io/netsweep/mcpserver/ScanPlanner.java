package io.netsweep.mcpserver;

import io.netsweep.scan.ScanRequest;

/**
 * Turns an agent's {@link ScanArguments} into a validated {@link ScanRequest} by the command line's own rules, with
 * the server's limits applied (its rate, every address of a hostname resolved). Implemented by the composition root,
 * so that the MCP server never parses targets or ports itself. Thread-safe: tools call it from many threads.
 */
@FunctionalInterface
public interface ScanPlanner {
    /** @throws ScanRefusedException with one line naming what is wrong; nothing has been sent */
    ScanRequest plan(ScanArguments arguments, ServerLimits limits) throws ScanRefusedException;
}
