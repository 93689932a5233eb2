package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.netsweep.output.CsvWriter;
import io.netsweep.testing.HeadlessChromium;
import io.netsweep.testing.SharedChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (Debian's headless Chromium through chromedriver; nothing is
 * downloaded): start a scan from the form, watch rows arrive, filter, sort, open a host, cancel,
 * export, and check that a hostile hostname stays text.
 */
@ExtendWith(SharedChromium.class)
class BrowserTest {
    /** A reverse-DNS answer an attacker controls, trying to become markup in the page. */
    static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>.lab";
    static final int HOSTILE_OCTET = 61;

    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebServer server;
    private WebConfig config;

    @BeforeEach
    void start(HeadlessChromium shared) {
        chromium = shared;
        driver = chromium.driver();
    }

    private void startServer(Duration perHost) throws IOException {
        config = WebTestSupport.config(20);
        server = new WebServer(config, WebTestSupport.scanner(perHost, BrowserTest::names), WebTestSupport.requests());
        server.start();
    }

    /** Nothing the page did was refused by the Content-Security-Policy or threw. */
    private void assertCleanConsole() {
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Optional<String> names(InetAddress a) {
        int last = a.getAddress()[3] & 0xff;
        return last == HOSTILE_OCTET ? Optional.of(HOSTILE) : ScriptedScanner.labNames().apply(a);
    }

    private WebDriverWait await(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#results tbody tr"));
    }

    private List<WebElement> visibleRows() {
        return driver.findElements(By.cssSelector("#results tbody tr:not([hidden])"));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Test
    void scanFromThePageFillsTheTableLiveCancelsAndExports() throws Exception {
        startServer(Duration.ofMillis(80));
        driver.get(server.pageUri().toString());
        await(10).until(d -> !d.getCurrentUrl().contains("token"));
        assertThat(driver.getCurrentUrl()).doesNotContain(config.token());

        // Bad input is reported inline, by the server's validation.
        WebElement targets = driver.findElement(By.id("targets"));
        targets.sendKeys("127.0.0.300");
        await(10).until(d -> text("form-error").contains("octet 300 is above 255"));
        targets.clear();
        targets.sendKeys("127.0.0.1-200");
        await(10).until(d -> text("targets-hint").contains("200 addresses"));
        assertThat(text("form-error")).isEmpty();

        new Select(driver.findElement(By.id("preset"))).selectByValue("ai");
        driver.findElement(By.id("start")).click();

        // Rows arrive while the scan is still running (the screenshot is taken before the hostile host).
        await(15).until(d -> rows().size() >= 30);
        assertThat(text("scan-state")).isEqualToIgnoringCase("running");
        assertThat(text("progress-text")).contains("probes");
        saveScreenshot();

        // The hostile name is shown as text, and nothing in it ran.
        await(15).until(d -> !d.findElements(By.cssSelector("tr[data-ip='127.0.0." + HOSTILE_OCTET + "']")).isEmpty()
                && d.findElement(By.cssSelector("tr[data-ip='127.0.0." + HOSTILE_OCTET + "'] td:nth-child(2)"))
                        .getText().equals(HOSTILE));
        assertThat(driver.findElements(By.cssSelector("#results img, #results script"))).isEmpty();
        assertThat(js("return window.pwned === undefined")).isEqualTo(true);

        // Cancel: the scan stops, and what it found stays.
        driver.findElement(By.id("cancel")).click();
        await(10).until(d -> text("scan-state").equalsIgnoreCase("cancelled"));
        int kept = rows().size();
        assertThat(kept).isBetween(30, 149);
        assertThat(text("progress-text")).contains(kept + " hosts up");
        assertThat(driver.findElement(By.id("cancel")).isEnabled()).isFalse();

        // Filter: only hosts with an unauthenticated Ollama remain, each flagged.
        driver.findElement(By.id("filter")).sendKeys("ollama");
        await(5).until(d -> visibleRows().size() < kept);
        assertThat(visibleRows()).isNotEmpty().allSatisfy(r -> assertThat(
                r.findElement(By.cssSelector(".finding")).getText()).isEqualTo("unauthenticated AI API"));
        driver.findElement(By.id("filter")).clear();
        driver.findElement(By.id("filter")).sendKeys(" ");
        await(5).until(d -> visibleRows().size() == kept);

        // Sort by name, descending on the second click.
        WebElement nameHeader = driver.findElement(By.cssSelector("th[data-key='name'] button"));
        nameHeader.click();
        nameHeader.click();
        assertThat(driver.findElement(By.cssSelector("th[data-key='name']")).getAttribute("aria-sort"))
                .isEqualTo("descending");
        List<String> names = visibleRows().stream().map(r -> r.findElement(By.cssSelector("td:nth-child(2)")).getText())
                .toList();
        assertThat(names).isSortedAccordingTo(Comparator.<String, String>comparing(String::toLowerCase).reversed());

        // Detail view of one host.
        driver.findElement(By.cssSelector("tr[data-ip='127.0.0.3']")).click();
        await(5).until(d -> d.findElement(By.id("detail")).isDisplayed());
        assertThat(text("detail-title")).isEqualTo("127.0.0.3");
        assertThat(text("detail-body")).contains("host-3.lab", "02:42:ac:11:00:03", "Example Lab Devices",
                "Ollama 0.5.7", "llama3.2:1b", "without credentials");

        // Export: what the buttons download, fetched the way the page does it.
        Object csv = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const id = location.hash.replace('#scan=', '');
                fetch('/api/scans/' + id + '/export?format=csv',
                      { headers: { 'X-Netsweep-Token': sessionStorage.getItem('netsweep.token') } })
                  .then(r => r.text()).then(done, e => done('failed: ' + e));
                """);
        List<String> lines = csv.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo(String.join(",", CsvWriter.COLUMNS));
        assertThat(lines).anyMatch(l -> l.startsWith("127.0.0.3,host-3.lab,") && l.contains(",11434,tcp,open,")
                && l.contains(",Ollama,0.5.7,llm-server,none,"));
        assertThat(lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count())
                .isEqualTo(kept);
        driver.findElement(By.id("export-jsonl")).click();
        driver.findElement(By.id("export-csv")).click();
        assertThat(text("connection")).isEmpty();

        // The scan is listed under recent scans.
        await(10).until(d -> text("recent-list").contains("127.0.0.1-200"));
        assertThat(text("recent-list")).contains("cancelled");
        assertCleanConsole();
    }

    @Test
    void thousandsOfRowsArriveSortAndFilter() throws Exception {
        startServer(Duration.ZERO);
        driver.get(server.pageUri().toString());
        String targets = String.join(",", java.util.stream.IntStream.range(0, 16)
                .mapToObj(i -> "127.0." + i + ".1-255").toList());
        driver.findElement(By.id("targets")).sendKeys(targets);
        new Select(driver.findElement(By.id("preset"))).selectByValue("ai");
        driver.findElement(By.id("start")).click();

        // 16 x 255 targets, three in four up: 3,072 rows from some 20,000 events. How fast is not asserted
        // here (the machine's load decides that); that every row arrives, sorts and filters is.
        await(120).until(d -> text("scan-state").equalsIgnoreCase("finished") && rows().size() == 3072);

        // Sorted by address from the start; one click turns the order round.
        assertThat(driver.findElement(By.cssSelector("#results tbody tr:first-child")).getAttribute("data-ip"))
                .isEqualTo("127.0.0.1");
        assertThat(driver.findElement(By.cssSelector("#results tbody tr:last-child")).getAttribute("data-ip"))
                .isEqualTo("127.0.15.255");
        driver.findElement(By.cssSelector("th[data-key='ip'] button")).click();
        assertThat(driver.findElement(By.cssSelector("#results tbody tr:first-child")).getAttribute("data-ip"))
                .isEqualTo("127.0.15.255");
        driver.findElement(By.id("filter")).sendKeys("127.0.7.");
        await(60).until(d -> visibleRows().size() == 192);
        assertThat(visibleRows()).allSatisfy(r -> assertThat(r.getAttribute("data-ip")).startsWith("127.0.7."));
        assertCleanConsole();
    }

    private void saveScreenshot() throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of(System.getProperty("netsweep.project.dir", "."), "target");
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve("scripted-scan.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
