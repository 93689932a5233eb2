package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.identify.DemoServices;
import io.netsweep.port.ServiceNames;
import io.netsweep.scan.PipelineScanner;
import io.netsweep.scan.ScanClock;
import io.netsweep.scan.ScanComponents;
import io.netsweep.testing.HeadlessChromium;
import io.netsweep.web.WebConfig;
import io.netsweep.web.WebServer;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI as {@code netsweep ui} builds it (the real scan engine and the command line's own request
 * validation) in headless Chromium, scanning listeners this test opens on loopback.
 */
class UiRealScanBrowserTest {
    private final List<ServerSocket> listeners = new ArrayList<>();
    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebServer server;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            listeners.add(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        }
        chromium = HeadlessChromium.start();
        driver = chromium.driver();
        CliContext context = new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                () -> false, new PipelineScanner(ScanComponents.standard(), ScanClock.system(),
                        p -> ServiceNames.tcp().nameOf(p)),
                TargetNameResolver::forServers, CtrlC.none(), "netsweep ui");
        WebConfig config = new WebConfig(InetAddress.getLoopbackAddress(), 0, WebConfig.newToken(), 20,
                Duration.ofMillis(100));
        server = new WebServer(config, context.scanner(), new FormRequests(context));
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            for (ServerSocket s : listeners) {
                s.close();
            }
        }
    }

    private WebDriverWait await(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#results tbody tr"));
    }

    /** Fills the form: reverse DNS off, since tests never use the machine's resolver. */
    private void fill(String targets, String preset, String ports) {
        WebElement t = driver.findElement(By.id("targets"));
        t.clear();
        t.sendKeys(targets);
        new Select(driver.findElement(By.id("preset"))).selectByValue(preset);
        WebElement p = driver.findElement(By.id("ports"));
        p.clear();
        p.sendKeys(ports);
        WebElement dns = driver.findElement(By.id("reverse-dns"));
        if (dns.isSelected()) {
            dns.click();
        }
    }

    @Test
    void scansLoopbackListenersLiveAndExportsThem() {
        driver.get(server.pageUri().toString());
        await(10).until(d -> !d.getCurrentUrl().contains("token"));
        String open = listeners.stream().map(s -> String.valueOf(s.getLocalPort())).collect(Collectors.joining(","));
        fill("127.0.0.1", "custom", open + ",1");
        driver.findElement(By.id("start")).click();

        await(20).until(d -> text("scan-state").equalsIgnoreCase("finished"));
        WebElement row = driver.findElement(By.cssSelector("tr[data-ip='127.0.0.1']"));
        for (ServerSocket s : listeners) {
            assertThat(row.getText()).contains(String.valueOf(s.getLocalPort()));
        }

        Object csv = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const id = location.hash.replace('#scan=', '');
                fetch('/api/scans/' + id + '/export?format=csv',
                      { headers: { 'X-Netsweep-Token': sessionStorage.getItem('netsweep.token') } })
                  .then(r => r.text()).then(done, e => done('failed: ' + e));
                """);
        for (ServerSocket s : listeners) {
            assertThat(csv.toString()).contains(String.valueOf(s.getLocalPort()));
        }
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    @Test
    void rowsArriveWhileAFullScanRunsAndCancelKeepsThem() throws Exception {
        driver.get(server.pageUri().toString());
        await(10).until(d -> !d.getCurrentUrl().contains("token"));
        fill("127.0.0.1-127.0.0.100", "full", "");
        driver.findElement(By.id("start")).click();

        // Hosts answer discovery at once; their full port scans take far longer: rows come while it runs.
        await(20).until(d -> rows().size() >= 20);
        assertThat(text("scan-state")).isEqualToIgnoringCase("running");
        await(10).until(d -> text("progress-text").contains("probes"));

        // How soon the scan stops is the engine's promise (ScanSession.cancel), not measured here: under
        // load the page may learn of it later. That it stops, and keeps what it found, is checked.
        driver.findElement(By.id("cancel")).click();
        await(30).until(d -> text("scan-state").equalsIgnoreCase("cancelled"));
        int kept = rows().size();
        assertThat(kept).isGreaterThanOrEqualTo(20);
        assertThat(text("progress-text")).contains(kept + " hosts up");
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    /**
     * Fakes of AI services and plain listeners on several loopback addresses, scanned for real with the
     * AI preset: the page names each product, flags those that answer without credentials, and shows a
     * host's details. The screenshot it leaves in target/ is the README's.
     */
    @Test
    void realScanOfLoopbackServicesShowsWhatItIdentified() throws Exception {
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 2; i < 2 + DemoServices.COUNT; i++) {
            addresses.add(InetAddress.getByName("127.0.0." + i));
        }
        // Two more hosts with ordinary services (on their usual ports where those are free), and one with nothing open.
        List<ServerSocket> plain = new ArrayList<>();
        for (String hostAndPort : List.of("127.0.0.8:22", "127.0.0.8:443", "127.0.0.9:5432", "127.0.0.9:6379")) {
            InetAddress host = InetAddress.getByName(hostAndPort.substring(0, hostAndPort.indexOf(':')));
            int usual = Integer.parseInt(hostAndPort.substring(hostAndPort.indexOf(':') + 1));
            ServerSocket s;
            try {
                s = new ServerSocket(usual, 50, host);
            } catch (java.net.BindException taken) {
                s = new ServerSocket(0, 50, host);
            }
            plain.add(s);
        }
        listeners.addAll(plain); // closed after the test
        try (DemoServices demo = DemoServices.start(addresses)) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 760));
            driver.get(server.pageUri().toString());
            await(10).until(d -> !d.getCurrentUrl().contains("token"));
            // Ports the AI preset does not already cover: ordinary services, and fakes that found their usual port taken.
            List<Integer> extra = new ArrayList<>();
            demo.services().forEach(s -> extra.add(s.port()));
            plain.forEach(l -> extra.add(l.getLocalPort()));
            extra.removeIf(p -> io.netsweep.port.PortPresets.ai().contains(p));
            fill("127.0.0.2-127.0.0.10", "ai", extra.stream().distinct().map(String::valueOf).collect(Collectors.joining(",")));
            driver.findElement(By.id("start")).click();
            await(60).until(d -> text("scan-state").equalsIgnoreCase("finished"));

            for (DemoServices.Service s : demo.services()) {
                WebElement row = driver.findElement(By.cssSelector("tr[data-ip='" + s.address().getHostAddress() + "']"));
                assertThat(row.getText()).as(s.product()).contains(String.valueOf(s.port())).contains(s.product());
                if (s.unauthenticated()) {
                    assertThat(row.findElement(By.cssSelector(".finding")).getText()).isEqualTo("unauthenticated AI API");
                }
            }
            for (ServerSocket l : plain) {
                assertThat(driver.findElement(By.cssSelector("tr[data-ip='" + l.getInetAddress().getHostAddress()
                        + "']")).getText()).contains(String.valueOf(l.getLocalPort()));
            }
            driver.findElement(By.cssSelector("th[data-key='ip'] button")).click();
            driver.findElement(By.cssSelector("tr[data-ip='127.0.0.2']")).click();
            await(5).until(d -> d.findElement(By.id("detail")).isDisplayed()
                    && text("detail-body").contains("Models listed without credentials"));
            saveScreenshot();
            assertThat(chromium.consoleProblems()).isEmpty();
        }
    }

    /** The README's screenshot: the page after a real scan of loopback services. */
    private void saveScreenshot() throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of(System.getProperty("netsweep.project.dir", "."), "target");
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve("screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
