package io.netsweep.output;

import static io.netsweep.output.Scans.A5;
import static io.netsweep.output.Scans.A6;
import static io.netsweep.output.Scans.A7;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.HostInfo;
import io.netsweep.dns.DnsStatus;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.port.PortSet;
import io.netsweep.scan.PortCounts;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.service.ServiceReport;
import io.netsweep.testing.Prerequisites;
import io.netsweep.testing.Reports;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

class NmapXmlWriterTest {
    private static final Path NMAP_DTD = Path.of("/usr/share/nmap/nmap.dtd");
    private static final Path NMAP_XSL = Path.of("/usr/share/nmap/nmap.xsl");
    private static final Instant LATER = Instant.parse("2025-03-01T12:05:00Z");

    private final XPath xpath = XPathFactory.newInstance().newXPath();

    private static NmapXmlWriter writer(StringWriter out) {
        return new NmapXmlWriter(out, "0.1.0", ZoneOffset.UTC, InstantSource.fixed(LATER));
    }

    static String write(List<ScanEvent> events) throws Exception {
        StringWriter out = new StringWriter();
        try (NmapXmlWriter w = writer(out)) {
            events.forEach(w::onEvent);
        }
        return out.toString();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private String x(Document d, String expression) throws Exception {
        return xpath.evaluate(expression, d);
    }

    private List<String> all(Document d, String expression) throws Exception {
        NodeList nodes = (NodeList) xpath.evaluate(expression, d, XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getNodeValue() != null ? nodes.item(i).getNodeValue() : nodes.item(i).getTextContent());
        }
        return values;
    }

    @Test
    void describesTheScanAsNmapDoes() throws Exception {
        Document d = parse(write(Scans.typical()));
        assertThat(x(d, "/nmaprun/@scanner")).isEqualTo("netsweep");
        assertThat(x(d, "/nmaprun/@args")).isEqualTo("netsweep -p 22,80,11434 10.0.0.0/29");
        assertThat(x(d, "/nmaprun/@start")).isEqualTo(Long.toString(Scans.T0.getEpochSecond()));
        assertThat(x(d, "/nmaprun/@startstr")).isEqualTo("Sat Mar  1 12:00:00 2025");
        assertThat(x(d, "/nmaprun/@version")).isEqualTo("0.1.0");
        assertThat(x(d, "/nmaprun/@xmloutputversion")).isEqualTo("1.05");
        assertThat(x(d, "/nmaprun/scaninfo/@type")).isEqualTo("connect");
        assertThat(x(d, "/nmaprun/scaninfo/@numservices")).isEqualTo("3");
        assertThat(x(d, "/nmaprun/scaninfo/@services")).isEqualTo("22,80,11434");
        assertThat(x(d, "/nmaprun/runstats/finished/@exit")).isEqualTo("success");
        assertThat(x(d, "/nmaprun/runstats/finished/@elapsed")).isEqualTo("3.20");
        assertThat(x(d, "/nmaprun/runstats/finished/@timestr")).isEqualTo("Sat Mar  1 12:00:03 2025");
        assertThat(x(d, "/nmaprun/runstats/finished/@summary"))
                .isEqualTo("netsweep done at Sat Mar  1 12:00:03 2025; 8 IP addresses (2 hosts up) scanned in 3.20 seconds");
        assertThat(x(d, "/nmaprun/runstats/hosts/@up")).isEqualTo("2");
        assertThat(x(d, "/nmaprun/runstats/hosts/@down")).isEqualTo("6");
        assertThat(x(d, "/nmaprun/runstats/hosts/@total")).isEqualTo("8");
    }

    @Test
    void writesEachHostWithItsAddressesNamesPortsAndServices() throws Exception {
        Document d = parse(write(Scans.typical()));
        assertThat(all(d, "/nmaprun/host/address[@addrtype='ipv4']/@addr")).containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.7");
        String h5 = "/nmaprun/host[address/@addr='10.0.0.5']";
        assertThat(x(d, h5 + "/status/@state")).isEqualTo("up");
        assertThat(x(d, h5 + "/status/@reason")).isEqualTo("echo-reply");
        assertThat(x(d, h5 + "/address[@addrtype='mac']/@addr")).isEqualTo("02:42:AC:11:00:02");
        assertThat(x(d, h5 + "/address[@addrtype='mac']/@vendor")).isEqualTo("Acme Networks");
        assertThat(x(d, h5 + "/hostnames/hostname/@name")).isEqualTo("build-01.lab.example");
        assertThat(x(d, h5 + "/hostnames/hostname/@type")).isEqualTo("PTR");
        assertThat(all(d, h5 + "/ports/port/@portid")).containsExactly("22", "11434");
        assertThat(x(d, h5 + "/ports/port[@portid='22']/state/@state")).isEqualTo("open");
        assertThat(x(d, h5 + "/ports/port[@portid='22']/state/@reason")).isEqualTo("syn-ack");
        assertThat(x(d, h5 + "/ports/port[@portid='22']/service/@name")).isEqualTo("ssh");
        assertThat(x(d, h5 + "/ports/port[@portid='22']/service/@method")).isEqualTo("table");
        String ollama = h5 + "/ports/port[@portid='11434']";
        assertThat(x(d, ollama + "/service/@product")).isEqualTo("Ollama");
        assertThat(x(d, ollama + "/service/@version")).isEqualTo("0.5.7");
        assertThat(x(d, ollama + "/service/@extrainfo")).isEqualTo("llm-server");
        assertThat(x(d, ollama + "/service/@method")).isEqualTo("probed");
        assertThat(x(d, ollama + "/script/@id")).isEqualTo("netsweep-identify");
        assertThat(x(d, ollama + "/script/elem[@key='auth']")).isEqualTo("none");
        assertThat(all(d, ollama + "/script/table[@key='models']/elem")).containsExactly("llama3:8b", "qwen2.5:7b");
        assertThat(x(d, h5 + "/times/@srtt")).isEqualTo("400");
        assertThat(x(d, "/nmaprun/host[address/@addr='10.0.0.6']/status/@state")).isEqualTo("down");
        assertThat(x(d, "count(/nmaprun/host[address/@addr='10.0.0.6']/ports)")).isEqualTo("0");
        assertThat(x(d, "count(/nmaprun/host[address/@addr='10.0.0.7']/hostnames/hostname)")).isEqualTo("0");
    }

    @Test
    void isValidAgainstNmapsDtd() throws Exception {
        Prerequisites.require(Files.isReadable(NMAP_DTD), "nmap's DTD is not installed");
        String xml = write(withHostileAndIpv6Hosts());

        assertThat(dtdErrors(xml)).isEmpty();
        // the validation is live: a document nmap.dtd rejects is rejected
        assertThat(dtdErrors(xml.replace("<status state=\"up\"", "<status state=\"sideways\"")
                .replace("<verbose level=\"0\"/>\n", ""))).hasSizeGreaterThanOrEqualTo(2);
    }

    /** What a validating parser finds wrong with {@code xml} against nmap.dtd, where scanner may also be netsweep. */
    static List<String> dtdErrors(String xml) throws Exception {
        // nmap.dtd fixes scanner to "nmap"; everything else must be as nmap's own output
        String dtd = Files.readString(NMAP_DTD).replace("scanner\t\t(nmap)", "scanner\t\t(nmap|netsweep)");
        assertThat(dtd).contains("(nmap|netsweep)");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setValidating(true);
        var builder = f.newDocumentBuilder();
        List<String> errors = new ArrayList<>();
        builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader(dtd)));
        builder.setErrorHandler(new org.xml.sax.ErrorHandler() {
            @Override public void warning(SAXParseException e) { errors.add("warning: " + e.getMessage()); }
            @Override public void error(SAXParseException e) { errors.add("line " + e.getLineNumber() + ": " + e.getMessage()); }
            @Override public void fatalError(SAXParseException e) throws SAXParseException { throw e; }
        });
        builder.parse(new InputSource(new StringReader(
                xml.replace("<!DOCTYPE nmaprun>", "<!DOCTYPE nmaprun SYSTEM \"nmap.dtd\">"))));
        return errors;
    }

    @Test
    void nmapsStylesheetRendersHostsAndPorts(@TempDir Path dir) throws Exception {
        Prerequisites.require(Files.isReadable(NMAP_XSL), "nmap.xsl is not installed");
        String xml = write(Scans.typical());
        var transformer = TransformerFactory.newInstance().newTransformer(new StreamSource(NMAP_XSL.toFile()));
        StringWriter html = new StringWriter();
        transformer.transform(new StreamSource(new StringReader(xml)), new StreamResult(html));

        assertThat(html.toString())
                .contains("<html", "10.0.0.5 / build-01.lab.example", "10.0.0.7", "11434", "Ollama", "0.5.7",
                        "ssh", "http", "llama3:8b", "02:42:AC:11:00:02",
                        "8 IP addresses (2 hosts up) scanned in 3.20 seconds");
        Files.writeString(dir.resolve("report.html"), html.toString());
    }

    @Test
    void pythonElementTreeReadsHostsAndPorts() throws Exception {
        String xml = write(withHostileAndIpv6Hosts());
        ExternalTool.Result r = ExternalTool.python("""
                import sys, xml.etree.ElementTree as ET
                root = ET.fromstring(sys.stdin.buffer.read())
                for host in root.iter('host'):
                    addr = host.find('address').get('addr')
                    names = [h.get('name') for h in host.iter('hostname')]
                    ports = [p.get('portid') + '/' + p.find('state').get('state') for p in host.iter('port')]
                    print(addr, host.find('status').get('state'), repr(names), ' '.join(ports))
                print('exit', root.find('runstats/finished').get('exit'))
                """, xml);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly(
                "10.0.0.5 up ['build-01.lab.example'] 22/open 11434/open",
                "10.0.0.6 down [] ",
                "10.0.0.7 up [] 80/open",
                "2001:db8::5 up ['x\"/><script>alert(1)</script>&amp;[31mred'] 8080/open",
                "exit success");
    }

    @Test
    void ndiffSeesTheDifferenceBetweenTwoScans(@TempDir Path dir) throws Exception {
        String ndiff = ExternalTool.require("/usr/bin/ndiff", "ndiff");
        List<ScanEvent> before = new ArrayList<>(Scans.typical());
        before.removeIf(e -> e instanceof io.netsweep.scan.ScanEvent.PortObserved p && p.port() == 80);
        Path a = Files.writeString(dir.resolve("before.xml"), write(before));
        Path b = Files.writeString(dir.resolve("after.xml"), write(Scans.typical()));

        ExternalTool.Result r = ExternalTool.run(List.of(ndiff, a.toString(), b.toString()), "");

        assertThat(r.exitCode()).as("ndiff exit 1 means: scans differ; stderr %s", r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).contains("10.0.0.7").containsPattern("\\+80/tcp\\s+open\\s+http");
        ExternalTool.Result same = ExternalTool.run(List.of(ndiff, b.toString(), b.toString()), "");
        assertThat(same.exitCode()).as(same.stderr() + same.stdout()).isZero();
    }

    @Test
    void escapesHostileValuesAndDropsWhatXmlForbids() throws Exception {
        String xml = write(withHostileAndIpv6Hosts());
        assertThat(xml).doesNotContain("\u001b", "<script>").contains("&lt;script&gt;");
        Document d = parse(xml);
        String h = "/nmaprun/host[address/@addr='2001:db8::5']";
        assertThat(x(d, h + "/address/@addrtype")).isEqualTo("ipv6");
        assertThat(x(d, h + "/hostnames/hostname/@name")).isEqualTo("x\"/><script>alert(1)</script>&amp;[31mred");
        // The report dropped the control characters (tab, line break) already; what is left is escaped here.
        assertThat(x(d, h + "/ports/port/service/@product")).isEqualTo("Tab here new'line");
        assertThat(x(d, h + "/ports/port/service/@version")).isEqualTo("1.0 <b>");
        assertThat(x(d, h + "/ports/port/script/table/elem")).isEqualTo("a&b<c>");
    }

    @Test
    void writesEachHostWhenItCompletes() throws Exception {
        StringWriter out = new StringWriter();
        NmapXmlWriter w = writer(out);
        for (ScanEvent e : Scans.typical()) {
            w.onEvent(e);
            if (e.equals(new HostCompleted(A5))) {
                assertThat(out.toString()).contains("addr=\"10.0.0.5\"").doesNotContain("10.0.0.7", "</nmaprun>");
            }
        }
        assertThat(out.toString()).endsWith("</runstats>\n</nmaprun>\n");
    }

    @Test
    void cancelledScanKeepsUnfinishedHostsAndEndsInError() throws Exception {
        Document d = parse(write(List.of(Scans.started(PortSet.of(22)), Scans.up(A5, "tcp-syn-ack", 1),
                Scans.open(A5, 22, "ssh", 1), new Cancelled(Scans.summary(1.5, 8, 1, 1)))));
        assertThat(x(d, "/nmaprun/host/ports/port/@portid")).isEqualTo("22");
        assertThat(x(d, "/nmaprun/runstats/finished/@exit")).isEqualTo("error");
        assertThat(x(d, "/nmaprun/runstats/finished/@errormsg")).isEqualTo("scan cancelled");

        Document failed = parse(write(List.of(new Failed("raw socket \"closed\"", Scans.summary(0.2, 8, 0, 0)))));
        assertThat(x(failed, "/nmaprun/runstats/finished/@errormsg")).isEqualTo("raw socket \"closed\"");
    }

    @Test
    void closingBeforeTheScanEndsStillGivesAWellFormedDocument() throws Exception {
        Document d = parse(write(List.of(Scans.started(PortSet.of(22)), Scans.up(A5, "icmp-echo", 1),
                new HostCompleted(A5), Scans.up(A7, "icmp-echo", 1))));
        assertThat(all(d, "/nmaprun/host/address/@addr")).containsExactly("10.0.0.5", "10.0.0.7");
        assertThat(x(d, "/nmaprun/runstats/finished/@exit")).isEqualTo("error");
        assertThat(x(d, "/nmaprun/runstats/finished/@time")).isEqualTo(Long.toString(LATER.getEpochSecond()));
        assertThat(parse(write(List.of()))).isNotNull();
    }

    @Test
    void writesUtf8WhenGivenAStream(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scan.xml");
        try (NmapXmlWriter w = new NmapXmlWriter(Files.newOutputStream(file), "0.1.0")) {
            w.onEvent(Scans.started(PortSet.of(22)));
            w.onEvent(Scans.up(A6, "arp", 1));
            w.onEvent(new HostnameResolved(A6, Optional.of("müller-日本.example"), DnsStatus.OK));
            w.onEvent(new HostCompleted(A6));
            w.onEvent(new io.netsweep.scan.ScanEvent.Finished(Scans.summary(1, 1, 1, 0)));
        }
        Document d = parse(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(x(d, "//hostname/@name")).isEqualTo("müller-日本.example");
    }

    /** One host whose ports service detection named (or not), and whose unlisted ports were 996 closed and 1 filtered. */
    static List<ScanEvent> detected(ServiceReport ssh) {
        return List.of(Scans.started(PortSet.of(22, 443, 9999, 11434)), Scans.up(A5, "tcp-syn-ack", 1),
                Scans.open(A5, 22, "ssh", 1), Scans.open(A5, 443, "https", 1), Scans.open(A5, 9999, "distinct", 1),
                Scans.open(A5, 11434, "unknown", 1),
                new ServiceIdentified(A5, 22, ssh), new ServiceIdentified(A5, 443, Reports.nginxTls()),
                new ServiceIdentified(A5, 9999, Reports.unknown("hello\\r\\n<&>")),
                new ServiceIdentified(A5, 11434, Reports.ai(Scans.OLLAMA)),
                new HostCompleted(A5, new PortCounts(0, 996, 1)), new Finished(Scans.summary(1, 1, 1, 4)));
    }

    @Test
    void detectedServicesAreNmapsServiceElementsWithCpeAndScripts() throws Exception {
        String xml = write(detected(Reports.openSsh()));
        Document d = parse(xml);
        String ports = "/nmaprun/host/ports";
        assertThat(all(d, ports + "/extraports/@state")).containsExactly("closed", "filtered");
        assertThat(all(d, ports + "/extraports/@count")).containsExactly("996", "1");
        String ssh = ports + "/port[@portid='22']/service";
        assertThat(x(d, ssh + "/@name")).isEqualTo("ssh");
        assertThat(x(d, ssh + "/@product")).isEqualTo("OpenSSH");
        assertThat(x(d, ssh + "/@version")).isEqualTo("9.2p1");
        assertThat(x(d, ssh + "/@extrainfo")).isEqualTo("protocol 2.0; Debian 2+deb12u10");
        assertThat(x(d, ssh + "/@method")).isEqualTo("probed");
        assertThat(x(d, ssh + "/@conf")).isEqualTo("10");
        assertThat(x(d, ssh + "/cpe")).isEqualTo("cpe:/a:openbsd:openssh:9.2p1");
        assertThat(x(d, "count(" + ssh + "/@tunnel)")).isEqualTo("0");
        String https = ports + "/port[@portid='443']";
        assertThat(x(d, https + "/service/@name")).isEqualTo("http");
        assertThat(x(d, https + "/service/@tunnel")).isEqualTo("ssl");
        String cert = https + "/script[@id='ssl-cert']";
        assertThat(x(d, cert + "/@output")).startsWith("Subject: commonName=svc.lab.test\nSubject Alternative Name: "
                + "DNS:svc.lab.test, IP:10.232.0.11\nIssuer: commonName=svc.lab.test\nPublic Key type: rsa\n");
        assertThat(x(d, cert + "/table[@key='subject']/elem[@key='commonName']")).isEqualTo("svc.lab.test");
        assertThat(x(d, cert + "/table[@key='pubkey']/elem[@key='bits']")).isEqualTo("2048");
        assertThat(x(d, cert + "/table[@key='validity']/elem[@key='notAfter']")).isEqualTo("2027-12-07T03:17:05");
        assertThat(x(d, cert + "/elem[@key='protocol']")).isEqualTo("TLSv1.3");
        assertThat(x(d, "count(" + ports + "/port[script[2]])")).as("ports with two scripts").isEqualTo("0");
        String unknown = ports + "/port[@portid='9999']";
        assertThat(x(d, unknown + "/service/@name")).isEqualTo("distinct");
        assertThat(x(d, unknown + "/service/@method")).isEqualTo("table");
        assertThat(x(d, unknown + "/script[@id='banner']/@output")).isEqualTo("hello\\r\\n<&>");
        String ollama = ports + "/port[@portid='11434']";
        assertThat(x(d, ollama + "/service/@name")).isEqualTo("http");
        assertThat(x(d, ollama + "/service/@extrainfo")).isEqualTo("llm-server");
        assertThat(x(d, ollama + "/script[@id='netsweep-identify']/elem[@key='auth']")).isEqualTo("none");
        if (Files.isReadable(NMAP_DTD)) {
            assertThat(dtdErrors(xml)).isEmpty();
        }
    }

    @Test
    void ndiffReportsAChangedVersion(@TempDir Path dir) throws Exception {
        String ndiff = ExternalTool.require("/usr/bin/ndiff", "ndiff");
        ServiceReport newer = new ServiceReport("ssh", Optional.of("OpenSSH"), Optional.of("9.3p1"),
                Optional.of("protocol 2.0"), List.of("cpe:2.3:a:openbsd:openssh:9.3p1:*:*:*:*:*:*:*"), Optional.empty(),
                Optional.empty(), Optional.empty(), ServiceReport.Method.PROBED, 10, "probes banner");
        Path a = Files.writeString(dir.resolve("before.xml"), write(detected(Reports.openSsh())));
        Path b = Files.writeString(dir.resolve("after.xml"), write(detected(newer)));

        ExternalTool.Result r = ExternalTool.run(List.of(ndiff, a.toString(), b.toString()), "");

        assertThat(r.exitCode()).as("ndiff exit 1 means: scans differ; stderr %s", r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).containsPattern("-22/tcp\\s+open\\s+ssh\\s+OpenSSH 9\\.2p1 \\(protocol 2\\.0; Debian 2\\+deb12u10\\)")
                .containsPattern("\\+22/tcp\\s+open\\s+ssh\\s+OpenSSH 9\\.3p1 \\(protocol 2\\.0\\)")
                .doesNotContain("443/tcp");
    }

    @Test
    void nmapsStylesheetShowsVersionsAndCertificates() throws Exception {
        Prerequisites.require(Files.isReadable(NMAP_XSL), "nmap.xsl is not installed");
        var transformer = TransformerFactory.newInstance().newTransformer(new StreamSource(NMAP_XSL.toFile()));
        StringWriter html = new StringWriter();
        transformer.transform(new StreamSource(new StringReader(write(detected(Reports.openSsh())))), new StreamResult(html));

        // nmap.xsl shows product, version, extra information and script output (not CPE names).
        assertThat(html.toString()).contains("OpenSSH", "9.2p1", "protocol 2.0; Debian 2+deb12u10", "ssl-cert",
                "commonName=svc.lab.test", "nginx", "1.22.1", "hello\\r\\n&lt;&amp;&gt;");
    }

    /** The typical scan plus an IPv6 host whose names and banners try to break out of the XML. */
    static List<ScanEvent> withHostileAndIpv6Hosts() {
        var v6 = Scans.ip("2001:db8:0:0:0:0:0:5");
        var id = new ServiceIdentity("Tab\there\nnew'line", Optional.of("1.0 <b>"), "ml-ui\u0000", AuthState.REQUIRED,
                List.of("a&b<c>"), "401 from /api]]>");
        List<ScanEvent> events = new ArrayList<>(Scans.typical());
        events.addAll(events.size() - 1, List.of(
                new HostUp(new HostInfo(v6, "ndp", Optional.empty(), Optional.empty(), Optional.empty())),
                new HostnameResolved(v6, Optional.of("x\"/><script>alert(1)</script>&amp;\u001b[31mred\ud800"), DnsStatus.OK),
                Scans.open(v6, 8080, "http-proxy", 2),
                new ServiceIdentified(v6, 8080, Reports.ai(id)),
                new HostCompleted(v6)));
        return events;
    }
}
