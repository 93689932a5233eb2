package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.finding.Finding;
import io.netsweep.finding.Severity;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.mcp.McpServer;
import io.netsweep.mcp.McpTool;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSession;
import io.netsweep.scan.ScanSummary;
import io.netsweep.scan.Scanner;
import io.netsweep.service.ServiceReport;
import io.netsweep.testing.HeadlessChromium;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's findings panel in headless Chromium: a scan's findings are listed most severe first with their host,
 * port and CVEs, a click opens the host with its findings and an MCP server's tools, and a finding's hostile text
 * stays text.
 */
class FindingsPanelBrowserTest {
    private static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\">tool";

    private HeadlessChromium chromium;
    private WebServer server;

    /** Reports, for each target, an MCP server and an old Ollama with their findings (a collaborator, not under test). */
    private static final class FindingsScanner implements Scanner {
        @Override
        public ScanSession start(ScanRequest request, ScanListener listener) {
            Instant t0 = Instant.now();
            Thread.ofVirtual().start(() -> {
                listener.onEvent(new ScanEvent.Started(t0, request.commandLine(), request.targets().size(),
                        request.ports(), DiscoveryMethod.TCP_CONNECT));
                for (InetAddress a : request.targets()) {
                    host(listener, a);
                }
                listener.onEvent(new ScanEvent.Finished(new ScanSummary(t0, Instant.now(), request.targets().size(),
                        request.targets().size(), 2L * request.targets().size(), 4)));
            });
            return new ScanSession() {
                @Override
                public void cancel() { }

                @Override
                public boolean await(Duration timeout) {
                    return true;
                }

                @Override
                public Optional<ScanEvent> outcome() {
                    return Optional.empty();
                }
            };
        }

        private static void host(ScanListener l, InetAddress a) {
            l.onEvent(new ScanEvent.HostUp(new HostInfo(a, "tcp-syn-ack", Optional.empty(), Optional.empty(),
                    Optional.empty())));
            for (int port : new int[] {3001, 11434}) {
                l.onEvent(new ScanEvent.PortObserved(a, port, PortState.OPEN, "unknown", "syn-ack", Optional.empty()));
            }
            McpServer mcp = new McpServer(McpServer.Transport.STREAMABLE_HTTP, "/mcp", Optional.of("everything"),
                    Optional.of("2.0.0"), Optional.of("2025-06-18"), AuthState.NONE, List.of(),
                    List.of(new McpTool("echo", Optional.of(true), Optional.empty()),
                            new McpTool(HOSTILE, Optional.of(false), Optional.of(true))), true, 2, OptionalInt.empty(),
                    OptionalInt.empty());
            l.onEvent(new ScanEvent.ServiceIdentified(a, 3001, new ServiceReport("http", Optional.of("MCP server"),
                    Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                    Optional.of(new ServiceIdentity("MCP server", Optional.empty(), "mcp-server", AuthState.NONE,
                            List.of(), "tools listed")), ServiceReport.Method.PROBED, 10, "probes",
                    Optional.of(mcp))));
            l.onEvent(new ScanEvent.FindingRaised(a, 3001, new Finding("mcp-tools-no-auth", Severity.HIGH,
                    "MCP server offers " + HOSTILE, "not read-only: " + HOSTILE, List.of(), List.of())));
            l.onEvent(new ScanEvent.FindingRaised(a, 11434, new Finding("vuln:CVE-2024-37032", Severity.CRITICAL,
                    "Ollama 0.1.29: model digests not validated", "in range", List.of("CVE-2024-37032"),
                    List.of("https://nvd.nist.gov/vuln/detail/CVE-2024-37032"))));
            l.onEvent(new ScanEvent.HostCompleted(a));
        }
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void findingsAreListedMostSevereFirstAndOpenTheirHost() throws Exception {
        chromium = HeadlessChromium.start();
        WebDriver driver = chromium.driver();
        server = new WebServer(WebTestSupport.config(20), new FindingsScanner(), WebTestSupport.requests());
        server.start();
        driver.get(server.pageUri().toString());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
        wait.until(d -> !d.getCurrentUrl().contains("token"));
        assertThat(driver.findElement(By.id("findings")).isDisplayed()).as("no scan, no findings").isFalse();

        driver.findElement(By.id("targets")).sendKeys("127.0.0.1-2");
        driver.findElement(By.id("start")).click();
        wait.until(d -> d.findElements(By.cssSelector("#findings li")).size() == 4);

        List<String> items = driver.findElements(By.cssSelector("#findings li")).stream()
                .map(e -> e.getText()).toList();
        assertThat(items.get(0)).startsWith("critical 127.0.0.1:11434 Ollama 0.1.29").endsWith("CVE-2024-37032");
        assertThat(items.get(1)).startsWith("critical 127.0.0.2:11434");
        assertThat(items.get(2)).isEqualTo("high 127.0.0.1:3001 MCP server offers " + HOSTILE);
        assertThat(driver.findElement(By.cssSelector("#findings .count")).getText()).isEqualTo("4");

        driver.findElements(By.cssSelector("#findings li button")).get(1).click();
        wait.until(d -> d.findElement(By.id("detail")).isDisplayed());
        assertThat(driver.findElement(By.id("detail-title")).getText()).isEqualTo("127.0.0.2");
        String detail = driver.findElement(By.id("detail-body")).getText();
        assertThat(detail).contains("Findings (2)", "CVE-2024-37032", "MCP tools (2):", "echo (read-only)",
                HOSTILE + " (destructive)");
        assertThat(driver.findElements(By.cssSelector("#findings img, #detail img"))).isEmpty();
        assertThat(((JavascriptExecutor) driver).executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertThat(chromium.consoleProblems()).isEmpty();
    }
}
