package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.finding.Finding;
import io.netsweep.finding.Severity;
import io.netsweep.port.PortSet;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanType;
import io.netsweep.scan.PortCounts;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSummary;
import io.netsweep.service.ServiceReport;
import io.netsweep.store.ScanArchive;
import io.netsweep.store.ScanRecorder;
import io.netsweep.target.IpLiterals;
import io.netsweep.target.TargetSet;
import io.netsweep.testing.HeadlessChromium;
import io.netsweep.testing.SharedChromium;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * UDP services in the page, in real Chromium over a real SQLite store: two stored scans of one host with a DNS
 * server on 53/tcp and another on 53/udp (an SNMP agent on 161/udp besides), recorded through the store's own
 * recorder from the scan's events. The scan view, its host detail and findings, the comparison of the two scans and
 * the inventory's timeline each show 53/tcp and 53/udp apart, each with its own product, and mark a change of the
 * UDP server's version on the UDP port alone.
 */
@ExtendWith(SharedChromium.class)
class UdpServicesBrowserTest {
    private static final InetAddress HOST = IpLiterals.parse("10.9.1.5");
    private static final Finding PUBLIC = new Finding("snmp-public", Severity.MEDIUM,
            "SNMP answers the community public", "sysDescr read with community public", List.of(), List.of());

    @TempDir
    Path dir;
    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebServer server;
    private long older;
    private long newer;

    private static ServiceReport report(String service, String product, String version) {
        return new ServiceReport(service, Optional.of(product), Optional.of(version), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), ServiceReport.Method.PROBED, 10,
                "probes " + service);
    }

    /** One scan of the host: Unbound on 53/tcp, dnsmasq {@code dnsmasq} on 53/udp, Net-SNMP on 161/udp. */
    private static long record(ScanArchive archive, Instant at, String dnsmasq, boolean finding) throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("10.9.1.5"), PortSet.of(53))
                .udpPorts(PortSet.of(53, 161)).build();
        ScanRecorder recorder = archive.record(request, "cli", "10.9.1.5");
        List<ScanEvent> events = new ArrayList<>(List.of(
                new ScanEvent.Started(at, "netsweep -sV -sU -p T:53,U:53,161 10.9.1.5", 1, PortSet.of(53),
                        DiscoveryMethod.NONE, ScanType.CONNECT, false, PortSet.of(53, 161)),
                new ScanEvent.HostUp(new HostInfo(HOST, "arp-response", Optional.empty(),
                        Optional.of(MacAddress.parse("02:00:00:00:09:15")), Optional.empty())),
                new ScanEvent.PortObserved(HOST, 53, PortState.OPEN, "domain", "syn-ack", Optional.empty(),
                        Protocol.TCP),
                new ScanEvent.PortObserved(HOST, 53, PortState.OPEN, "domain", "udp-response", Optional.empty(),
                        Protocol.UDP),
                new ScanEvent.PortObserved(HOST, 161, PortState.OPEN, "snmp", "udp-response", Optional.empty(),
                        Protocol.UDP),
                new ScanEvent.ServiceIdentified(HOST, 53, report("domain", "Unbound", "1.17.1"), Protocol.TCP),
                new ScanEvent.ServiceIdentified(HOST, 53, report("domain", "dnsmasq", dnsmasq), Protocol.UDP),
                new ScanEvent.ServiceIdentified(HOST, 161, report("snmp", "Net-SNMP", "5.9.3"), Protocol.UDP)));
        if (finding) {
            events.add(new ScanEvent.FindingRaised(HOST, 161, PUBLIC, Protocol.UDP));
        }
        events.add(new ScanEvent.HostCompleted(HOST, PortCounts.NONE));
        events.add(new ScanEvent.Finished(new ScanSummary(at, at.plusSeconds(3), 1, 1, 3, 6)));
        events.forEach(recorder::onEvent);
        assertThat(recorder.await(Duration.ofSeconds(30))).isEmpty();
        return recorder.scanId().orElseThrow();
    }

    @BeforeEach
    void start(HeadlessChromium shared) throws Exception {
        Path db = dir.resolve("netsweep.db");
        ScanArchive archive = StoredScans.archive(db);
        older = record(archive, Instant.parse("2026-12-01T10:00:00Z"), "2.89", false);
        newer = record(archive, Instant.parse("2026-12-02T10:00:00Z"), "2.90", true);
        archive.store().close();
        server = new WebServer(WebTestSupport.config(20), WebTestSupport.scanner(Duration.ofMillis(5)),
                WebTestSupport.requests(), Optional.of(StoredScans.archive(db)));
        server.start();
        chromium = shared;
        driver = chromium.driver();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WebDriverWait await(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private void open() {
        driver.get(server.pageUri().toString());
        await(10).until(d -> !d.getCurrentUrl().contains("token"));
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String css) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
    }

    @Test
    void theScanViewAndItsDetailShowTheUdpAndTcpServicesOfOnePortApart() {
        open();
        await(10).until(d -> d.getCurrentUrl().endsWith("#stored=" + newer)
                && d.findElements(By.cssSelector("#results tr[data-ip='10.9.1.5']")).size() == 1
                && text("scan-state").equalsIgnoreCase("finished"));
        WebElement row = driver.findElement(By.cssSelector("#results tr[data-ip='10.9.1.5']"));
        assertThat(row.findElement(By.cssSelector("td:nth-child(4)")).getText())
                .isEqualTo("53 domain, 53/udp domain, 161/udp snmp");
        assertThat(row.findElement(By.cssSelector("td:nth-child(5)")).getText())
                .contains("Unbound 1.17.1", "dnsmasq 2.90", "Net-SNMP 5.9.3");
        assertThat(texts("#findings li")).singleElement().asString().contains("10.9.1.5:161/udp",
                "SNMP answers the community public");

        row.click();
        await(5).until(d -> d.findElement(By.id("detail")).isDisplayed()
                && !d.findElements(By.cssSelector("#detail-body section.service h4")).isEmpty());
        assertThat(texts("#detail-body table.ports tbody td:first-child")).containsExactly("53", "53/udp", "161/udp");
        assertThat(texts("#detail-body section.service h4")).containsExactly("53: Unbound 1.17.1",
                "53/udp: dnsmasq 2.90", "161/udp: Net-SNMP 5.9.3");
        assertThat(texts("#detail-body .host-findings li")).singleElement().asString()
                .contains("161/udp: SNMP answers the community public");
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    @Test
    void comparingAndTheTimelineMarkTheUdpServersChangeOnItsOwnPort() {
        open();
        driver.findElement(By.id("tab-history")).click();
        await(10).until(d -> d.findElements(By.cssSelector("#history tbody tr input[type=checkbox]")).size() == 2);
        for (WebElement box : driver.findElements(By.cssSelector("#history tbody tr input[type=checkbox]"))) {
            box.click();
        }
        driver.findElement(By.id("compare-selected")).click();
        await(10).until(d -> d.findElements(By.cssSelector("#changes li")).size() == 2);
        assertThat(driver.getCurrentUrl()).endsWith("#compare=" + older + "," + newer);
        assertThat(texts("#changes li")).containsExactly(
                "~ 10.9.1.5 53/udp dnsmasq 2.89 -> dnsmasq 2.90",
                "+ 10.9.1.5 161/udp finding medium snmp-public: SNMP answers the community public");
        String side = "#side-by-side tr[data-ip='10.9.1.5'] .side-new ";
        assertThat(texts(side + ".token.changed")).containsExactly("53/udp dnsmasq 2.90", "161/udp Net-SNMP 5.9.3");
        assertThat(driver.findElement(By.cssSelector(side + ".token[data-port='53'][data-proto='tcp']"))
                .getAttribute("class")).doesNotContain("changed");

        driver.findElement(By.id("tab-hosts")).click();
        await(10).until(d -> d.findElements(By.cssSelector("#hosts tr[data-ip='10.9.1.5']")).size() == 1);
        assertThat(driver.findElement(By.cssSelector("#hosts tr[data-ip='10.9.1.5']")).getText())
                .contains("53/domain Unbound 1.17.1", "53/udp/domain dnsmasq 2.90", "161/udp/snmp Net-SNMP 5.9.3");
        driver.findElement(By.cssSelector("#hosts tr[data-ip='10.9.1.5']")).click();
        await(5).until(d -> d.findElements(By.cssSelector("#timeline-body li")).size() == 2);
        WebElement latest = driver.findElements(By.cssSelector("#timeline-body li")).getFirst();
        assertThat(latest.getAttribute("data-scan")).isEqualTo(Long.toString(newer));
        assertThat(latest.findElements(By.cssSelector(".token.changed"))).singleElement()
                .satisfies(t -> {
                    assertThat(t.getText()).isEqualTo("53/udp/domain dnsmasq 2.90");
                    assertThat(t.getAttribute("data-proto")).isEqualTo("udp");
                });
        assertThat(latest.findElements(By.cssSelector(".token.added, .token.gone"))).isEmpty();
        assertThat(chromium.consoleProblems()).isEmpty();
    }
}
