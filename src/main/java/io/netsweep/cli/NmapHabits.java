package io.netsweep.cli;

/**
 * nmap options netsweep does not have (yet), refused with one line that says what to use instead: a
 * person typing from habit learns the netsweep way at once, and nothing silently does less than asked.
 * (What maps cleanly is accepted as an ordinary option: {@code -sS}, {@code -sT}, {@code -sU}, {@code -sV}, {@code -F}, {@code --open},
 * {@code -v}, {@code -oN}, {@code -oG}, {@code -oA}, service names in {@code -p}.) Stateless.
 */
final class NmapHabits {
    private NmapHabits() {}

    /** Throws for the first refused option given. */
    static void refuse(boolean scriptScan, boolean osDetection, boolean aggressive) {
        if (scriptScan) {
            throw new UsageException("-sC (nmap scripts) is not supported: netsweep runs no scripts; -sV"
                    + " names services and versions (AI/ML products too) on open ports");
        }
        if (osDetection) {
            throw new UsageException("-O (OS detection) is not supported yet: -sn shows the MAC vendor of hosts"
                    + " on the local network");
        }
        if (aggressive) {
            throw new UsageException("-A (OS and version detection, scripts, traceroute) is not supported yet:"
                    + " use -sV for service and version detection (--preset ai for AI/ML ports)");
        }
    }
}
