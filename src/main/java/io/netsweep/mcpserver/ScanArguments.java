package io.netsweep.mcpserver;

import io.netsweep.port.Protocol;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A scan as an agent asked for it through the {@code scan} tool, shape-checked only (what the text means is the
 * {@link ScanPlanner}'s business). There is no free command line: these fields are all an agent chooses. Immutable.
 *
 * @param targets          target specs in netsweep's syntax (addresses, networks, ranges, hostnames)
 * @param exclude          specs to leave out
 * @param ports            a port list ({@code 22,80,8000-8100}; nmap's {@code T:} and {@code U:} prefixes name a
 *                         protocol's ports), if given
 * @param preset           a port preset ({@code simple}, {@code full}, {@code ai}), if given
 * @param serviceDetection {@code -sV}
 * @param discoveryOnly    {@code -sn}: find hosts, probe no port
 * @param skipDiscovery    {@code -Pn}: take every target as up
 * @param protocols        the ports scanned: TCP (the default), UDP ({@code -sU}) or both
 */
public record ScanArguments(List<String> targets, List<String> exclude, Optional<String> ports, Optional<String> preset,
                            boolean serviceDetection, boolean discoveryOnly, boolean skipDiscovery,
                            Set<Protocol> protocols) {
    public ScanArguments {
        targets = List.copyOf(targets);
        exclude = List.copyOf(exclude);
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(preset, "preset");
        protocols = Set.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no protocol");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no targets");
        }
    }

    /** The targets as one line, for the stored scan and messages. */
    String targetsText() {
        return String.join(" ", targets);
    }
}
