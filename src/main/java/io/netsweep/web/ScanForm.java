package io.netsweep.web;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a person filled in on the page to start a scan, before it is turned into a
 * {@link io.netsweep.scan.ScanRequest} by a {@link ScanRequestFactory}. Only the shape is checked
 * here (no nulls, positive numbers); what the text means is the factory's business. Immutable.
 *
 * @param targets     target specification, as on the command line ({@code 192.168.1.0/24, 10.0.0.1-20})
 * @param exclude     addresses to leave out, same syntax; empty for none
 * @param preset      port preset name ({@code simple}, {@code full}, {@code ai}, {@code custom}); empty for the default
 * @param ports       port list ({@code 22,80,8000-8100}): the ports of {@code custom}, extra ports otherwise; may be empty
 * @param timeoutMs   fixed per-probe timeout, if given
 * @param concurrency most probes in flight, if given
 * @param reverseDns  look up names of hosts found up
 * @param identify    run service identification probes on open ports
 */
public record ScanForm(
        String targets, String exclude, String preset, String ports, OptionalInt timeoutMs,
        OptionalInt concurrency, boolean reverseDns, boolean identify) {

    public ScanForm {
        Objects.requireNonNull(targets, "targets");
        exclude = Objects.requireNonNullElse(exclude, "");
        preset = Objects.requireNonNullElse(preset, "");
        ports = Objects.requireNonNullElse(ports, "");
        Objects.requireNonNull(timeoutMs, "timeoutMs");
        Objects.requireNonNull(concurrency, "concurrency");
        if (timeoutMs.isPresent() && timeoutMs.getAsInt() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms");
        }
        if (concurrency.isPresent() && concurrency.getAsInt() < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    /** A form with only targets filled in and everything else left at its default. */
    public static ScanForm ofTargets(String targets) {
        return new ScanForm(targets, "", "", "", OptionalInt.empty(), OptionalInt.empty(), true, false);
    }
}
