package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.HeadlessChromium;
import io.netsweep.testing.SharedChromium;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the page says about the scan on screen, in a real browser: every part of it tells the same,
 * current story (sidebar, table, progress, form), in words that agree with their numbers, with
 * nothing cut off, at any window width.
 */
@ExtendWith(SharedChromium.class)
class PageStateTest {
    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebServer server;

    @BeforeEach
    void start(HeadlessChromium shared) {
        chromium = shared;
        driver = chromium.driver();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void open(Duration perHost) throws IOException {
        WebConfig config = WebTestSupport.config(20);
        server = new WebServer(config, WebTestSupport.scanner(perHost), WebTestSupport.requests());
        server.start();
        driver.get(server.pageUri().toString());
        await(10).until(d -> !d.getCurrentUrl().contains("token"));
    }

    private WebDriverWait await(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private String value(String id) {
        return driver.findElement(By.id(id)).getDomProperty("value");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private int rows() {
        return driver.findElements(By.cssSelector("#results tbody tr")).size();
    }

    private void fill(String targets, String preset, String ports) {
        WebElement t = driver.findElement(By.id("targets"));
        t.clear();
        t.sendKeys(targets);
        new Select(driver.findElement(By.id("preset"))).selectByValue(preset);
        WebElement p = driver.findElement(By.id("ports"));
        p.clear();
        p.sendKeys(ports);
    }

    /** Starts a scan from the form and waits until the page shows it, in the given state. */
    private void scan(String targets, String preset, String ports, String until) {
        fill(targets, preset, ports);
        String before = driver.getCurrentUrl();
        driver.findElement(By.id("start")).click();
        await(30).until(d -> !d.getCurrentUrl().equals(before) && text("scan-state").equalsIgnoreCase(until));
    }

    private WebElement recentEntry(String targets) {
        return driver.findElements(By.cssSelector("#recent-list button")).stream()
                .filter(b -> b.getText().contains(" " + targets + "\n") || b.getText().endsWith(" " + targets))
                .findFirst().orElseThrow(() -> new AssertionError("no recent entry for " + targets));
    }

    @Test
    void sidebarCountsAgreeWithTheTableWhileTheScanRuns() throws Exception {
        open(Duration.ofMillis(60));
        scan("127.0.0.1-250", "simple", "", "running");
        for (int atLeast : new int[] {20, 40, 60}) {
            await(30).until(d -> rows() >= atLeast);
            // One script, one moment: the table and the sidebar entry of the scan on screen.
            @SuppressWarnings("unchecked")
            List<Object> seen = (List<Object>) js("""
                    const rows = document.querySelectorAll('#results tbody tr');
                    let open = 0;
                    for (const r of rows) { const t = r.cells[3].textContent; if (t) open += t.split(', ').length; }
                    const entry = document.querySelector('#recent-list button.current .muted');
                    return [rows.length, open, entry ? entry.textContent : 'no entry'];
                    """);
            assertThat(seen.get(2)).as("sidebar with %s rows on screen", seen.get(0))
                    .isEqualTo("running · " + seen.get(0) + " up · " + seen.get(1) + " open");
        }
    }

    @Test
    void aListOfScansAskedForEarlierButAnsweredLastDoesNotDropTheScanOnScreen() throws Exception {
        open(Duration.ofMillis(60));
        // The page's own fetch, with the answers to "list the scans" held back until the test lets each go, so
        // that two lists can be answered in the reverse of the order they were asked for. A list asked for
        // once the start was answered holds the new scan ("fresh"); one asked for before the click does not.
        js("""
                window.heldLists = [];
                window.startAnswered = false;
                const fetchNow = window.fetch;
                window.fetch = (path, init) => {
                  const answer = fetchNow(path, init);
                  if (path === '/api/scans' && init && init.method === 'POST') {
                    return answer.then((r) => { window.startAnswered = true; return r; });
                  }
                  if (path !== '/api/scans') return answer;
                  return new Promise((resolve, reject) => window.heldLists.push(
                      { fresh: window.startAnswered, release: () => answer.then(resolve, reject) }));
                };
                """);
        await(30).until(d -> ((Number) js("return window.heldLists.length")).intValue() >= 1); // asked every 2 s
        fill("127.0.0.1-250", "simple", "");
        driver.findElement(By.id("start")).click();
        await(30).until(d -> (Boolean) js("return window.heldLists.some((h) => h.fresh)"));
        js("window.heldLists.find((h) => h.fresh).release()");
        await(30).until(d -> !d.findElements(By.cssSelector("#recent-list button.current")).isEmpty());

        js("window.heldLists.filter((h) => !h.fresh).forEach((h) => h.release())"); // older lists, answered last
        boolean dropped;
        try {
            await(3).until(d -> d.findElements(By.cssSelector("#recent-list button.current")).isEmpty());
            dropped = true;
        } catch (org.openqa.selenium.TimeoutException stillThere) {
            dropped = false;
        }
        assertThat(dropped).as("the scan on screen left the sidebar").isFalse();
    }

    @Test
    void cancelledScanShowsHowFarItGot() throws Exception {
        open(Duration.ofMillis(60));
        scan("127.0.0.1-250", "simple", "", "running");
        await(30).until(d -> rows() >= 10);
        driver.findElement(By.id("cancel")).click();
        await(30).until(d -> text("scan-state").equalsIgnoreCase("cancelled"));
        @SuppressWarnings("unchecked")
        List<Number> bar = (List<Number>) js("const p = document.getElementById('progress'); return [p.value, p.max];");
        assertThat(bar.get(0).doubleValue()).isPositive().isLessThan(bar.get(1).doubleValue());
        assertThat(text("progress-text")).contains(rows() + " hosts up").contains("stopped after").contains(" of ");

        // The same when the cancelled scan is opened again later.
        driver.navigate().refresh();
        await(10).until(d -> text("scan-state").equalsIgnoreCase("cancelled"));
        @SuppressWarnings("unchecked")
        List<Number> again = (List<Number>) js("const p = document.getElementById('progress'); return [p.value, p.max];");
        assertThat(again).isEqualTo(bar);
    }

    @Test
    void viewingAnOlderScanShowsWhatItWasStartedWith() throws Exception {
        open(Duration.ofMillis(1));
        scan("127.0.0.1-5", "custom", "22,80", "finished");
        scan("127.0.0.10-20", "simple", "", "finished");

        recentEntry("127.0.0.1-5").click();
        await(10).until(d -> value("targets").equals("127.0.0.1-5"));
        assertThat(new Select(driver.findElement(By.id("preset"))).getFirstSelectedOption().getDomProperty("value"))
                .isEqualTo("custom");
        assertThat(value("ports")).isEqualTo("22,80");
        await(10).until(d -> rows() == 4 && text("scan-state").equalsIgnoreCase("finished"));

        // Opened again from its address (a reload, a bookmark), the form still shows that scan.
        driver.navigate().refresh();
        await(10).until(d -> value("targets").equals("127.0.0.1-5") && value("ports").equals("22,80"));
    }

    @Test
    void countsAreWordedForOneAndForMany() throws Exception {
        open(Duration.ofMillis(1));
        fill("127.0.0.1", "custom", "22");
        await(10).until(d -> text("targets-hint").equals("1 address × 1 port"));
        scan("127.0.0.1", "custom", "22", "finished");
        assertThat(text("progress-text")).startsWith("1 host up, 1 open port in ");
        assertThat(text("row-count")).isEqualTo("1 host");

        fill("127.0.0.1-2", "custom", "22,80");
        await(10).until(d -> text("targets-hint").equals("2 addresses × 2 ports"));
        scan("127.0.0.1-2", "custom", "22,80", "finished");
        assertThat(text("progress-text")).startsWith("2 hosts up, 4 open ports in ");
        assertThat(text("row-count")).isEqualTo("2 hosts");
    }

    @Test
    void macVendorAndPortsAreShownInFull() throws Exception {
        driver.manage().window().setSize(new Dimension(1024, 800));
        open(Duration.ofMillis(1));
        scan("127.0.0.1-12", "ai", "", "finished");
        Object clipped = js("""
                return [...document.querySelectorAll('#results tbody td')]
                  .filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent);
                """);
        assertThat((List<?>) clipped).isEmpty();
        String row = driver.findElement(By.cssSelector("tr[data-ip='127.0.0.3']")).getText();
        assertThat(row).contains("02:42:ac:11:00:03", "Example Lab Devices", "22 ssh", "443 https", "11434", "Ollama 0.5.7");
    }

    @Test
    void recentScansStayWithinReachInANarrowWindow() throws Exception {
        driver.manage().window().setSize(new Dimension(700, 900));
        open(Duration.ofMillis(1));
        scan("127.0.0.1-3", "simple", "", "finished");
        scan("127.0.0.7-9", "simple", "", "finished");
        WebElement older = recentEntry("127.0.0.1-3");
        assertThat(older.isDisplayed()).isTrue();
        older.click();
        await(10).until(d -> value("targets").equals("127.0.0.1-3"));
        assertThat(chromium.consoleProblems()).isEmpty();
    }
}
