package io.netsweep.service;

import java.util.List;
import java.util.Optional;

/** The coded UDP exchanges catalogue probes of kind {@code udp} can name. */
final class UdpExchanges {
    private static final List<UdpExchange> ALL = List.of(
            new DnsVersionQuery("dns-version-bind", "version.bind"),
            new DnsVersionQuery("dns-version-server", "version.server"),
            new MdnsQuery(), new NtpQuery(), new NtpControlQuery(), new SnmpSystemQuery(true), new SnmpSystemQuery(false));

    private UdpExchanges() {}

    static Optional<UdpExchange> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    static List<String> names() {
        return ALL.stream().map(UdpExchange::name).toList();
    }
}
