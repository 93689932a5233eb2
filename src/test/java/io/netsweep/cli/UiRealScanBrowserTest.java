package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
        saveScreenshot();

        long clicked = System.nanoTime();
        driver.findElement(By.id("cancel")).click();
        await(10).until(d -> text("scan-state").equalsIgnoreCase("cancelled"));
        // The page learns of the end through the ~100 ms event batches; the scan itself stops within 500 ms.
        assertThat(Duration.ofNanos(System.nanoTime() - clicked)).isLessThan(Duration.ofMillis(1500));
        int kept = rows().size();
        assertThat(kept).isGreaterThanOrEqualTo(20);
        assertThat(text("progress-text")).contains(kept + " hosts up");
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    /** The README's screenshot: the page in the middle of a real scan. */
    private void saveScreenshot() throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of(System.getProperty("netsweep.project.dir", "."), "target");
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve("screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
