package io.netsweep.mcpserver;

/**
 * Limits set when the MCP server starts, which no tool argument can raise. Immutable.
 *
 * @param maxAddresses  most addresses in one scan ({@code --max-addresses})
 * @param rate          probes per second of every scan ({@code --rate}); agents cannot choose a rate
 * @param maxScans      scans running at once ({@code --max-scans})
 */
public record ServerLimits(long maxAddresses, double rate, int maxScans) {
    public static final long DEFAULT_MAX_ADDRESSES = 1024;
    public static final long MAX_MAX_ADDRESSES = 1L << 20;
    public static final double DEFAULT_RATE = 2000;
    public static final int DEFAULT_MAX_SCANS = 2;
    public static final int MAX_MAX_SCANS = 16;

    public ServerLimits {
        if (maxAddresses < 1 || maxAddresses > MAX_MAX_ADDRESSES) {
            throw new IllegalArgumentException("--max-addresses must be 1 to " + MAX_MAX_ADDRESSES);
        }
        if (!(rate >= 1 && rate <= 1_000_000)) {
            throw new IllegalArgumentException("--rate must be 1 to 1000000 probes per second");
        }
        if (maxScans < 1 || maxScans > MAX_MAX_SCANS) {
            throw new IllegalArgumentException("--max-scans must be 1 to " + MAX_MAX_SCANS);
        }
    }

    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_MAX_ADDRESSES, DEFAULT_RATE, DEFAULT_MAX_SCANS);
    }
}
