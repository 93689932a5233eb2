package io.netsweep.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.discovery.MacAddress;
import io.netsweep.port.PortSet;
import io.netsweep.port.PortSpecParser;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.target.IpLiterals;
import io.netsweep.target.TargetSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an nmap XML file ({@code nmap -oX}) into a stored scan, so nmap archives can be listed and diffed
 * beside netsweep's scans: the run's command and times, each host's state, addresses (MAC and vendor
 * included), first hostname, TCP and UDP ports ({@code -sS -sU}) with their state and reason, and each
 * {@code service} element whole (as {@link Observation.ServiceSeen} of kind {@code nmap}, product and version
 * indexed), each with its port's protocol: 53/tcp and 53/udp are two ports. A UDP port keeps nmap's four states
 * (open, closed, filtered, open|filtered); a TCP port nmap calls open|filtered or closed|filtered (its
 * {@code -sF}, {@code -sA}, ... scans, which netsweep does not run) is stored as filtered. The ports probed are
 * the TCP and UDP {@code scaninfo} lists ({@code 22,80,U:53,161}). The targets are the command's trailing address
 * arguments, as netsweep reads them (nmap scans network and broadcast addresses, so those count).
 *
 * <p>The file is untrusted: no DTD, no external entity, is read, and every value is kept as text for the
 * writers to escape. It is parsed whole before anything is written, so a file that does not parse leaves
 * nothing in the store. Stateless.
 */
public final class NmapImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NmapImport() {}

    /** What an import stored. */
    public record Imported(long scanId, long hostsUp, long openPorts) {}

    /** The parsed file, before it is written. */
    record Parsed(ScanHeader header, List<Observation> observations, Observation.ScanEnded end) {}

    /** Imports {@code file} into {@code store}. */
    public static Imported importFile(Path file, ScanStore store) throws StoreException {
        Parsed parsed = parse(file);
        ProcessHandle me = ProcessHandle.current();
        try (ScanWriter w = store.begin(parsed.header(), me.pid(), me.info().startInstant())) {
            List<Observation> all = new ArrayList<>(parsed.observations());
            all.add(parsed.end());
            w.write(all);
            return new Imported(w.scanId(), parsed.end().hostsUp(), parsed.end().openPorts());
        }
    }

    static Parsed parse(Path file) throws StoreException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            try {
                return new Reader(file, r).read();
            } finally {
                r.close();
            }
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreException.Problem.NOT_FOUND, "cannot import " + file + ": no such file");
        } catch (IOException e) {
            throw new StoreException(StoreException.Problem.NOT_FOUND, "cannot import " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (XMLStreamException e) {
            throw new StoreException(StoreException.Problem.NOT_FOUND, "cannot import " + file
                    + ": not nmap XML (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        String[] lines = s.strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    /** One pass over the document. Not thread-safe. */
    private static final class Reader {
        private final Path file;
        private final XMLStreamReader r;
        private final List<Observation> out = new ArrayList<>();
        private String args = "nmap";
        private Instant start;
        private Instant end;
        private PortSet tcpPorts = PortSet.empty();
        private PortSet udpPorts = PortSet.empty();
        /** The TCP scan nmap ran, where it is one netsweep has (nmap's {@code -sA}, {@code -sF}, ... are not). */
        private Optional<io.netsweep.portscan.ScanType> scanType = Optional.empty();
        private boolean finished;
        private String exitMessage;
        private long hostsUp;
        private long openPorts;

        // The host being read.
        private InetAddress address;
        private boolean up;
        private String reason;
        private String mac;
        private String vendor;
        private String hostname;
        private final List<Observation> hostObservations = new ArrayList<>();
        private int notOpen;
        private int notClosed;
        private int notFiltered;
        private int notOpenFiltered;
        // The port being read.
        private int port = -1;
        private Protocol protocol;
        private PortState state;
        private String stateReason;
        private String service;
        private ObjectNode serviceJson;

        Reader(Path file, XMLStreamReader r) {
            this.file = file;
            this.r = r;
        }

        Parsed read() throws XMLStreamException, StoreException {
            boolean root = false;
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    String n = r.getLocalName();
                    if (!root) {
                        if (!n.equals("nmaprun")) {
                            throw notNmap("its root element is <" + n + ">, not <nmaprun>");
                        }
                        root = true;
                        args = attr("args").orElse("nmap");
                        start = attr("start").flatMap(Reader::seconds).orElse(null);
                        continue;
                    }
                    startElement(n);
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    endElement(r.getLocalName());
                }
            }
            if (!root) {
                throw notNmap("it has no <nmaprun> element");
            }
            if (start == null) {
                throw notNmap("its <nmaprun> has no start time");
            }
            List<String> targets = targets(args);
            String key;
            long count;
            try {
                if (targets.isEmpty()) {
                    throw new IllegalArgumentException("no address targets in the command");
                }
                var builder = TargetSet.builder(io.netsweep.target.HostResolver.none()).includeNetworkAndBroadcast(true);
                targets.forEach(builder::add);
                TargetSet set = builder.build();
                key = TargetKey.of(set);
                count = set.size();
            } catch (RuntimeException e) {
                key = "import:" + file.toAbsolutePath();
                count = hostsUp;
            }
            ScanHeader header = new ScanHeader("import", args, targets.isEmpty() ? file.getFileName().toString()
                    : String.join(" ", targets), key, count, StoredPorts.format(tcpPorts, udpPorts),
                    Optional.empty(), start, scanType);
            Observation.ScanEnded ended = new Observation.ScanEnded(
                    finished ? ScanStatus.FINISHED : ScanStatus.FAILED,
                    finished ? Optional.empty() : Optional.of(exitMessage != null ? exitMessage
                            : "the nmap run did not finish (its file ends before <runstats>)"),
                    end != null ? end : start, hostsUp, openPorts, OptionalLong.empty());
            return new Parsed(header, out, ended);
        }

        private void startElement(String n) throws StoreException {
            switch (n) {
                case "scaninfo" -> {
                    switch (attr("protocol").orElse("tcp")) {
                        case "tcp" -> {
                            tcpPorts = attr("services").map(Reader::portSet).orElse(PortSet.empty());
                            scanType = JdbcScanStore.scanType(attr("type").orElse(null));
                        }
                        case "udp" -> udpPorts = attr("services").map(Reader::portSet).orElse(PortSet.empty());
                        default -> { }
                    }
                }
                case "host" -> {
                    address = null;
                    up = false;
                    reason = null;
                    mac = null;
                    vendor = null;
                    hostname = null;
                    hostObservations.clear();
                    notOpen = 0;
                    notClosed = 0;
                    notFiltered = 0;
                    notOpenFiltered = 0;
                }
                case "status" -> {
                    if (port < 0) {
                        up = attr("state").orElse("").equals("up");
                        reason = attr("reason").orElse(null);
                    }
                }
                case "address" -> {
                    String type = attr("addrtype").orElse("");
                    String addr = attr("addr").orElse("");
                    if (type.equals("mac")) {
                        try {
                            mac = MacAddress.parse(addr).toString();
                            vendor = attr("vendor").orElse(null);
                        } catch (IllegalArgumentException e) {
                            mac = null;
                        }
                    } else if (type.equals("ipv4") || type.equals("ipv6")) {
                        try {
                            address = IpLiterals.parse(addr);
                        } catch (IllegalArgumentException e) {
                            throw notNmap("a host's address \"" + addr + "\" is not an IP address");
                        }
                    }
                }
                case "hostname" -> {
                    if (hostname == null || attr("type").orElse("").equals("PTR")) {
                        hostname = attr("name").filter(s -> !s.isEmpty()).orElse(hostname);
                    }
                }
                case "extraports" -> {
                    int count = attr("count").map(Reader::number).orElse(0);
                    switch (attr("state").orElse("")) {
                        case "closed" -> notClosed += count;
                        case "filtered", "closed|filtered" -> notFiltered += count;
                        // nmap's UDP silence (and its TCP -sF, -sN, -sX silence, which a summary cannot tell apart)
                        case "open|filtered" -> notOpenFiltered += count;
                        default -> { }
                    }
                }
                case "port" -> {
                    protocol = Protocol.ofLabel(attr("protocol").orElse("")).orElse(null);
                    port = attr("portid").map(Reader::number).filter(p -> p >= 1 && p <= 65535).orElse(-1);
                    state = null;
                    service = null;
                    serviceJson = null;
                }
                case "state" -> {
                    if (port > 0) {
                        state = switch (attr("state").orElse("")) {
                            case "open" -> PortState.OPEN;
                            case "closed" -> PortState.CLOSED;
                            case "open|filtered" -> protocol == Protocol.UDP ? PortState.OPEN_FILTERED
                                    : PortState.FILTERED;
                            case "filtered", "closed|filtered" -> PortState.FILTERED;
                            default -> null;
                        };
                        stateReason = attr("reason").orElse("");
                    }
                }
                case "service" -> {
                    if (port > 0) {
                        service = attr("name").orElse(null);
                        serviceJson = JSON.createObjectNode();
                        serviceJson.put("type", "nmap-service");
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            serviceJson.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                    }
                }
                case "finished" -> {
                    end = attr("time").flatMap(Reader::seconds).orElse(null);
                    String exit = attr("exit").orElse("success");
                    finished = exit.equals("success");
                    if (!finished) {
                        exitMessage = attr("errormsg").orElse("nmap reported an error");
                    }
                }
                default -> { }
            }
        }

        private void endElement(String n) {
            switch (n) {
                case "port" -> {
                    if (port > 0 && protocol != null && state != null && address != null) {
                        hostObservations.add(new Observation.PortSeen(address, port, state,
                                service != null ? service : "unknown", stateReason, Optional.empty(), protocol));
                        if (state == PortState.OPEN) {
                            openPorts++;
                        }
                        if (serviceJson != null) {
                            Optional<String> product = text(serviceJson, "product");
                            hostObservations.add(new Observation.ServiceSeen(address, port,
                                    Observation.ServiceSeen.NMAP, Optional.ofNullable(service), product,
                                    text(serviceJson, "version"), text(serviceJson, "extrainfo"),
                                    serviceJson.toString(), protocol));
                        }
                    }
                    port = -1;
                }
                case "host" -> {
                    if (address == null) {
                        return;
                    }
                    if (up) {
                        hostsUp++;
                    }
                    out.add(new Observation.HostSeen(address, up, Optional.ofNullable(reason), Optional.empty(),
                            Optional.ofNullable(mac), Optional.ofNullable(vendor)));
                    if (hostname != null) {
                        out.add(new Observation.NameSeen(address, Optional.of(hostname), "ok"));
                    }
                    out.addAll(hostObservations);
                    out.add(new Observation.HostDone(address, new PortCounts(notOpen, notClosed, notFiltered,
                            notOpenFiltered)));
                    address = null;
                }
                default -> { }
            }
        }

        private Optional<String> attr(String name) {
            return Optional.ofNullable(r.getAttributeValue(null, name));
        }

        private StoreException notNmap(String why) {
            return new StoreException(StoreException.Problem.NOT_FOUND, "cannot import " + file + ": not nmap XML ("
                    + why + ")");
        }

        private static Optional<String> text(ObjectNode n, String field) {
            return n.hasNonNull(field) && !n.get(field).asText().isEmpty()
                    ? Optional.of(n.get(field).asText()) : Optional.empty();
        }

        private static Optional<Instant> seconds(String s) {
            try {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(s.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        private static int number(String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static PortSet portSet(String services) {
            try {
                return PortSpecParser.parse(services);
            } catch (RuntimeException e) {
                return PortSet.empty();
            }
        }

        /** The trailing arguments of nmap's command that are address targets (hostnames are not resolved). */
        static List<String> targets(String args) {
            String[] tokens = args.strip().split("\\s+");
            List<String> targets = new ArrayList<>();
            for (int i = tokens.length - 1; i > 0; i--) {
                String t = tokens[i];
                if (t.startsWith("-")) {
                    break;
                }
                try {
                    TargetSet.of(t);
                } catch (RuntimeException e) {
                    break;
                }
                targets.addFirst(t);
            }
            return targets.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        }
    }
}
