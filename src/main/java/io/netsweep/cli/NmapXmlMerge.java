package io.netsweep.cli;

import io.netsweep.scan.ShardMark;
import io.netsweep.scan.WorkSplit;
import io.netsweep.target.AddressOrder;
import io.netsweep.target.IpLiterals;
import io.netsweep.target.Shard;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * {@code netsweep merge} of nmap XML parts: the first part's {@code <nmaprun>} header and {@code <scaninfo>}s (TCP's, UDP's), each
 * host once in address order (where parts split a host's ports, the part that found it up gives its status, address
 * and names, and every part's {@code <port>}s, {@code <extraports>} counts and findings are joined into it), and one
 * {@code <runstats>} whose counts sum the parts'. Parts are read without loading any DTD or external entity.
 * Stateless.
 */
final class NmapXmlMerge {
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private NmapXmlMerge() {}

    /** A part read from an nmap XML file. */
    record Part(Path file, ShardMark mark, Optional<String> unfinished, Document doc) implements ShardPart {}

    static Part read(Path file) {
        Document doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = builder().parse(in);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + MergeCommand.reason(e));
        } catch (SAXException e) {
            throw new UsageException(file + " is not well-formed XML: the file is truncated or damaged");
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("nmaprun")) {
            throw new UsageException(file + " is not nmap XML (its root is not nmaprun)");
        }
        Element shard = first(root, "netsweep-shard").orElseThrow(() -> new UsageException(file
                + " is not a part of a sharded scan (it has no netsweep-shard element): scan with --seed and --shard"));
        ShardMark mark;
        try {
            WorkSplit.Kind split = WorkSplit.Kind.byLabel(shard.getAttribute("split"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown split"));
            String hash = shard.getAttribute("options-hash");
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("bad options hash");
            }
            mark = new ShardMark(new Shard(Integer.parseInt(shard.getAttribute("index")),
                    Integer.parseInt(shard.getAttribute("count"))), split, Long.parseLong(shard.getAttribute("seed")), hash);
        } catch (IllegalArgumentException e) {
            throw new UsageException(file + " has a damaged netsweep-shard element (" + e.getMessage() + ")");
        }
        Optional<Element> finished = first(root, "runstats").flatMap(r -> first(r, "finished"));
        Optional<String> unfinished = finished.isEmpty() ? Optional.of("no runstats: the file is truncated")
                : finished.get().getAttribute("exit").equals("success") ? Optional.empty()
                : Optional.of(finished.get().getAttribute("errormsg"));
        return new Part(file, mark, unfinished, doc);
    }

    static String merge(List<Part> parts, List<Integer> missing) {
        Map<InetAddress, Element> hosts = new TreeMap<>(AddressOrder.ASCENDING);
        long targets = 0;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        ShardMark mark = parts.getFirst().mark();
        for (Part p : parts) {
            Element root = p.doc().getDocumentElement();
            for (Element h : children(root, "host")) {
                InetAddress a = address(p, h);
                Element kept = hosts.get(a);
                if (kept == null) {
                    hosts.put(a, h);
                } else {
                    hosts.put(a, join(kept, h));
                }
            }
            Element runstats = first(root, "runstats").orElseThrow();
            long total = number(first(runstats, "hosts").map(e -> e.getAttribute("total")).orElse("0"));
            targets = mark.split() == WorkSplit.Kind.ADDRESS ? targets + total : Math.max(targets, total);
            start = Math.min(start, number(root.getAttribute("start")));
            end = Math.max(end, number(first(runstats, "finished").orElseThrow().getAttribute("time")));
        }
        long up = hosts.values().stream().filter(NmapXmlMerge::isUp).count();
        Element root = parts.getFirst().doc().getDocumentElement();
        ZoneId zone = ZoneId.systemDefault();
        StringBuilder x = new StringBuilder(4096)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n")
                .append("<?xml-stylesheet href=\"file:///usr/share/nmap/nmap.xsl\" type=\"text/xsl\"?>\n")
                .append("<nmaprun scanner=\"netsweep\" args=\"").append(attr(root.getAttribute("args")))
                .append("\" start=\"").append(start)
                .append("\" startstr=\"").append(ctime(start, zone))
                .append("\" version=\"").append(attr(root.getAttribute("version")))
                .append("\" xmloutputversion=\"1.05\">\n");
        children(root, "scaninfo").forEach(e -> x.append(serialize(e)).append('\n')); // TCP's, then UDP's
        x.append("<verbose level=\"0\"/>\n<debugging level=\"0\"/>\n");
        hosts.values().forEach(h -> x.append(serialize(h)).append('\n'));
        long elapsed = Math.max(0, end - start);
        String how = missing.isEmpty() ? "done" : "merged partially";
        String summary = "netsweep " + how + " at " + ctime(end, zone) + "; " + targets + " IP addresses (" + up
                + " hosts up) scanned in " + elapsed + ".00 seconds, in " + mark.shard().count() + " parts";
        x.append("<runstats><finished time=\"").append(end).append("\" timestr=\"").append(ctime(end, zone))
                .append("\" summary=\"").append(attr(summary)).append("\" elapsed=\"").append(elapsed).append(".00")
                .append("\" exit=\"").append(missing.isEmpty() ? "success" : "error").append('"');
        if (!missing.isEmpty()) {
            x.append(" errormsg=\"").append(attr("partial merge: "
                    + Shard.describeMissing(missing, mark.shard().count()) + " missing")).append('"');
        }
        x.append("/><hosts up=\"").append(up).append("\" down=\"").append(Math.max(0, targets - up))
                .append("\" total=\"").append(targets).append("\"/>\n</runstats>\n</nmaprun>\n");
        return x.toString();
    }

    /**
     * One host reported by two parts (its ports split between them): the one found up keeps its status, addresses,
     * names and times, and takes the other's ports, not-shown counts and findings.
     */
    private static Element join(Element a, Element b) {
        Element base = !isUp(a) && isUp(b) ? b : a;
        Element other = base == a ? b : a;
        Document doc = base.getOwnerDocument();
        Element ports = first(base, "ports").orElse(null);
        Optional<Element> otherPorts = first(other, "ports");
        if (otherPorts.isPresent()) {
            if (ports == null) {
                ports = doc.createElement("ports");
                base.insertBefore(ports, after(base, "hostnames"));
            }
            for (Element extra : children(otherPorts.get(), "extraports")) {
                Element mine = null;
                for (Element e : children(ports, "extraports")) {
                    if (e.getAttribute("state").equals(extra.getAttribute("state"))) {
                        mine = e;
                    }
                }
                if (mine == null) {
                    ports.insertBefore(doc.importNode(extra, true), ports.getFirstChild());
                } else {
                    mine.setAttribute("count", Long.toString(number(mine.getAttribute("count"))
                            + number(extra.getAttribute("count"))));
                }
            }
            for (Element port : children(otherPorts.get(), "port")) {
                ports.appendChild(doc.importNode(port, true));
            }
            List<Element> all = children(ports, "port");
            // As nmap orders them: TCP ports, then UDP ones (53/tcp and 53/udp are two ports), each ascending.
            all.sort(Comparator.comparing((Element e) -> !e.getAttribute("protocol").equals("tcp"))
                    .thenComparing(e -> e.getAttribute("protocol"))
                    .thenComparingLong(e -> number(e.getAttribute("portid"))));
            for (Element port : all) {
                ports.appendChild(port); // moves it: in port order after the extraports
            }
        }
        if (children(first(base, "hostnames").orElse(base), "hostname").isEmpty()) {
            first(other, "hostnames").ifPresent(theirs -> first(base, "hostnames").ifPresent(mine ->
                    children(theirs, "hostname").forEach(n -> mine.appendChild(doc.importNode(n, true)))));
        }
        first(other, "hostscript").flatMap(s -> first(s, "script")).ifPresent(theirs -> {
            Optional<Element> mine = first(base, "hostscript").flatMap(s -> first(s, "script"));
            if (mine.isEmpty()) {
                base.insertBefore(doc.importNode(theirs.getParentNode(), true), first(base, "times").orElse(null));
                return;
            }
            mine.get().setAttribute("output", mine.get().getAttribute("output") + "; " + theirs.getAttribute("output"));
            children(theirs, "table").forEach(t -> mine.get().appendChild(doc.importNode(t, true)));
        });
        return base;
    }

    /** The node after the first child element named {@code name}, where a new sibling goes (null: at the end). */
    private static Node after(Element parent, String name) {
        return first(parent, name).map(Node::getNextSibling).orElse(null);
    }

    private static boolean isUp(Element host) {
        return first(host, "status").map(s -> s.getAttribute("state").equals("up")).orElse(false);
    }

    private static InetAddress address(Part p, Element host) {
        for (Element a : children(host, "address")) {
            String type = a.getAttribute("addrtype");
            if (type.equals("ipv4") || type.equals("ipv6")) {
                try {
                    return IpLiterals.parse(a.getAttribute("addr"));
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
        }
        throw new UsageException(p.file() + " has a host without an IP address: the file is damaged");
    }

    private static Optional<Element> first(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String ctime(long epochSecond, ZoneId zone) {
        return CTIME.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
    }

    private static String attr(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }

    private static String serialize(Element e) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(out));
            return out.toString();
        } catch (TransformerException ex) {
            throw new IllegalStateException("a parsed element serializes", ex);
        }
    }

    /** A parser that reads the document's own content only: no DTD is loaded, no external entity resolved. */
    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // errors throw, nothing printed
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's parser has these features", e);
        }
    }
}
