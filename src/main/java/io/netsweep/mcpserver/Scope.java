package io.netsweep.mcpserver;

import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The addresses a person allowed the MCP server to scan, fixed when it starts ({@code --scope}, {@code --scope-file};
 * loopback only without them). Hostnames in it were resolved once, then; networks cover every address, network and
 * broadcast included. Immutable and thread-safe.
 *
 * @param addresses   every address inside the scope
 * @param description the scope as the person gave it, for messages ({@code 127.0.0.0/8, ::1})
 */
public record Scope(TargetSet addresses, String description) {
    /** Addresses outside the scope named in a refusal: enough to see what went wrong, never a flood. */
    static final int NAMED_OUTSIDE = 10;

    public Scope {
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(description, "description");
    }

    /**
     * Checks every address of {@code targets} against the scope, after the size limit (so a huge set is refused
     * before it is walked). Costs one lookup per address.
     */
    ScopeCheck check(TargetSet targets, long maxAddresses) {
        long size = targets.size();
        if (size > maxAddresses) {
            return new ScopeCheck.TooMany(size, maxAddresses);
        }
        List<String> outside = new ArrayList<>();
        long count = 0;
        for (InetAddress a : targets) {
            if (!addresses.contains(a)) {
                count++;
                if (outside.size() < NAMED_OUTSIDE) {
                    outside.add(io.netsweep.output.AddressFormat.format(a));
                }
            }
        }
        return count == 0 ? new ScopeCheck.Inside(size) : new ScopeCheck.Outside(outside, count);
    }
}
