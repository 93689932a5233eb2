package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.HeadlessChromium;
import io.netsweep.testing.SharedChromium;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * The page as an inventory, in a real browser over a real SQLite store: it opens on the latest stored scan
 * (after a reload and after a restart of the server on the same database), lists the history with its
 * chart, compares two scans with the changes marked where they happened, lists every host ever seen with
 * its timeline, rescans; and names, vendors and products from the network stay text in every view.
 */
@ExtendWith(SharedChromium.class)
class InventoryBrowserTest {
    private static final Duration CONDITION_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Path db;
    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebServer server;
    private WebConfig config;
    private long older;
    private long newer;

    @BeforeEach
    void start(HeadlessChromium shared) throws Exception {
        db = dir.resolve("netsweep.db");
        long[] ids = StoredScans.writeTwo(db);
        older = ids[0];
        newer = ids[1];
        config = WebTestSupport.config(20);
        serve();
        chromium = shared;
        driver = chromium.driver();
    }

    private void serve() throws IOException {
        server = new WebServer(config, WebTestSupport.scanner(Duration.ofMillis(5)), WebTestSupport.requests(),
                Optional.of(StoredScans.archive(db)));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A wait for a condition of the page. Its limit is only how long a broken page takes to fail: a working one
     * returns as soon as the condition holds. One limit for every wait, long enough for a loaded machine: limits
     * of 5 s for a filter's answer (debounced, then fetched) left little room where one test took up to 18 s.
     */
    private WebDriverWait await() {
        return new WebDriverWait(driver, CONDITION_LIMIT, Duration.ofMillis(50));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** The rows' addresses in the order shown, read in one go: the views rebuild their rows as data comes. */
    @SuppressWarnings("unchecked")
    private List<String> rowIps(String table) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(r => r.dataset.ip)", "#" + table + " tbody tr");
    }

    private void open() {
        driver.get(server.pageUri().toString());
        await().until(d -> !d.getCurrentUrl().contains("token"));
    }

    /** Leaves a picture of the view in target/ (the documents' screenshots come from there). */
    private void saveScreenshot(String name) {
        try {
            java.io.File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(
                    org.openqa.selenium.OutputType.FILE);
            Path target = Path.of(System.getProperty("netsweep.project.dir", "."), "target");
            java.nio.file.Files.createDirectories(target);
            java.nio.file.Files.copy(shot.toPath(), target.resolve(name),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Nothing hostile became markup or ran, and the page raised nothing the console saw. */
    private void assertNothingRan() {
        assertThat(driver.findElements(By.cssSelector("main img, .view img, .view script, #changes img, #timeline img")))
                .isEmpty();
        assertThat(js("return window.pwned === undefined")).isEqualTo(true);
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    @Test
    void opensOnTheLatestStoredScanSortedByAddressAndKeepsItOnReload() {
        open();
        await().until(d -> d.getCurrentUrl().endsWith("#stored=" + newer) && rowIps("results").size() == 4);
        assertThat(rowIps("results")).containsExactly("10.9.0.1", "10.9.0.2", "10.9.0.4", "10.9.0.5");
        assertThat(driver.findElement(By.cssSelector("th[data-key='ip']")).getAttribute("aria-sort")).isEqualTo("ascending");
        assertThat(text("scan-state")).isEqualToIgnoringCase("finished");
        assertThat(text("scan-origin")).contains("Stored scan #" + newer);
        assertThat(driver.findElement(By.id("targets")).getDomProperty("value")).isEqualTo("10.9.0.1-6");
        WebElement hostile = driver.findElement(By.cssSelector("tr[data-ip='10.9.0.5']"));
        assertThat(hostile.findElement(By.cssSelector("td:nth-child(2)")).getText())
                .isEqualTo(StoredScans.HOSTILE + ".new.lab");
        assertThat(hostile.findElement(By.cssSelector("td:nth-child(5)")).getText()).contains(StoredScans.HOSTILE + " 6.6.6");
        assertThat(driver.findElement(By.cssSelector("tr[data-ip='10.9.0.4'] td:nth-child(3)")).getText())
                .contains(StoredScans.HOSTILE);

        driver.navigate().refresh();
        await().until(d -> rowIps("results").size() == 4);
        assertThat(driver.getCurrentUrl()).endsWith("#stored=" + newer);
        assertThat(text("scan-origin")).contains("Stored scan #" + newer);
        assertNothingRan();
    }

    @Test
    void historyListsEveryScanWithItsCountsAndAChart() {
        open();
        driver.findElement(By.id("tab-history")).click();
        await().until(d -> d.findElements(By.cssSelector("#history tbody tr")).size() == 2);
        List<WebElement> rows = driver.findElements(By.cssSelector("#history tbody tr"));
        assertThat(rows.get(0).getAttribute("data-id")).isEqualTo(Long.toString(newer));
        assertThat(rows.get(0).getText()).contains("#" + newer, "10.9.0.1-6", "22,80,443,8080", "4", "5", "finished");
        assertThat(rows.get(1).getText()).contains("#" + older, "4", "5");
        // Two series, one point per scan, each saying what it is.
        assertThat(driver.findElements(By.cssSelector("#chart svg circle.up"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("#chart svg circle.open"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("#chart svg polyline"))).hasSize(2);
        assertThat(driver.findElement(By.cssSelector("#chart circle.up[data-scan='" + newer + "'] title"))
                .getAttribute("textContent")).isEqualTo("Scan #" + newer + ": 4 hosts up, 5 open ports");

        // Open the older scan from the list: the scan view shows it.
        // (The address changes at the click; the rows once the scan has come.)
        rows.get(1).findElement(By.cssSelector("button.link")).click();
        await().until(d -> d.getCurrentUrl().endsWith("#stored=" + older)
                && rowIps("results").equals(List.of("10.9.0.1", "10.9.0.2", "10.9.0.3", "10.9.0.4")));
        assertThat(text("scan-origin")).contains("Stored scan #" + older);
        assertThat(driver.findElement(By.cssSelector("tr[data-ip='10.9.0.3'] td:nth-child(2)")).getText())
                .isEqualTo(StoredScans.HOSTILE + ".gone.lab");
        assertNothingRan();
    }

    @Test
    void comparingTwoScansMarksEveryChangeWhereItHappened() {
        open();
        driver.findElement(By.id("tab-history")).click();
        await().until(d -> d.findElements(By.cssSelector("#history tbody tr input[type=checkbox]")).size() == 2);
        for (WebElement box : driver.findElements(By.cssSelector("#history tbody tr input[type=checkbox]"))) {
            box.click();
        }
        driver.findElement(By.id("compare-selected")).click();
        await().until(d -> d.findElements(By.cssSelector("#changes li")).size() == 5);
        assertThat(driver.getCurrentUrl()).endsWith("#compare=" + older + "," + newer);
        assertThat(text("compare-summary")).contains("5 changes: 2 new, 2 gone, 1 changed");
        List<String> lines = driver.findElements(By.cssSelector("#changes li")).stream().map(WebElement::getText).toList();
        assertThat(lines).containsExactly("- 10.9.0.1 80/tcp closed http", "+ 10.9.0.1 443/tcp opened https",
                "~ 10.9.0.2 22/tcp OpenSSH 9.2p1 -> OpenSSH 9.3p1",
                "- 10.9.0.3 host gone " + StoredScans.HOSTILE + ".gone.lab",
                "+ 10.9.0.5 host up " + StoredScans.HOSTILE + ".new.lab; open 8080");
        assertThat(driver.findElements(By.cssSelector("#changes li.gone"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("#changes li.added"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("#changes li.changed"))).hasSize(1);

        // Side by side: only the hosts a change is about, the change marked on its side.
        assertThat(rowIps("side-by-side")).containsExactly("10.9.0.1", "10.9.0.2", "10.9.0.3", "10.9.0.5");
        String row1 = "#side-by-side tr[data-ip='10.9.0.1'] ";
        assertThat(driver.findElement(By.cssSelector(row1 + ".side-old .token.gone")).getAttribute("data-port")).isEqualTo("80");
        assertThat(driver.findElement(By.cssSelector(row1 + ".side-new .token.added")).getAttribute("data-port")).isEqualTo("443");
        assertThat(driver.findElements(By.cssSelector(row1 + ".side-new .token:not(.added)"))).singleElement()
                .satisfies(t -> assertThat(t.getText()).isEqualTo("22 ssh"));
        assertThat(driver.findElements(By.cssSelector("#side-by-side tr[data-ip='10.9.0.2'] .token.changed"))).hasSize(2);
        assertThat(driver.findElement(By.cssSelector("#side-by-side tr[data-ip='10.9.0.3'] td.side-old"))
                .getAttribute("class")).contains("gone");
        WebElement appeared = driver.findElement(By.cssSelector("#side-by-side tr[data-ip='10.9.0.5'] td.side-new"));
        assertThat(appeared.getAttribute("class")).contains("added");
        assertThat(appeared.getText()).contains(StoredScans.HOSTILE + ".new.lab", "8080 " + StoredScans.HOSTILE + " 6.6.6");

        // All hosts: the one that did not change joins, unmarked.
        driver.findElement(By.id("compare-all")).click();
        await().until(d -> rowIps("side-by-side").size() == 5);
        assertThat(driver.findElement(By.cssSelector("#side-by-side tr[data-ip='10.9.0.4']")).getAttribute("class"))
                .doesNotContain("has-changes");

        // The downloads, fetched the way the buttons do.
        Object csv = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/diff/export?old=%d&new=%d&format=csv',
                      { headers: { 'X-Netsweep-Token': sessionStorage.getItem('netsweep.token') } })
                  .then(r => r.text()).then(done, e => done('failed: ' + e));
                """.formatted(older, newer));
        assertThat(csv.toString()).startsWith("change,ip,port,type,").contains("new,10.9.0.1,443,port_opened,https,,open,,");
        driver.findElement(By.id("diff-csv")).click();
        driver.findElement(By.id("diff-json")).click();
        driver.findElement(By.id("diff-text")).click();
        assertThat(text("connection")).isEmpty();

        saveScreenshot("compare.png");

        // Reload keeps the comparison.
        driver.navigate().refresh();
        await().until(d -> d.findElements(By.cssSelector("#changes li")).size() == 5);
        assertNothingRan();
    }

    @Test
    void theInventoryListsEveryHostEverSeenWithItsTimeline() {
        open();
        driver.findElement(By.id("tab-hosts")).click();
        await().until(d -> rowIps("hosts").size() == 5);
        assertThat(rowIps("hosts")).containsExactly("10.9.0.1", "10.9.0.2", "10.9.0.3", "10.9.0.4", "10.9.0.5");
        assertThat(text("hosts-count")).isEqualTo("5 hosts");
        WebElement gone = driver.findElement(By.cssSelector("#hosts tr[data-ip='10.9.0.3']"));
        assertThat(gone.getText()).contains(StoredScans.HOSTILE + ".gone.lab", "2026-12-01", "443/https");
        assertThat(driver.findElement(By.cssSelector("#hosts tr[data-ip='10.9.0.4']")).getText()).contains(StoredScans.HOSTILE);

        driver.findElement(By.id("hosts-filter")).sendKeys("openssh");
        await().until(d -> rowIps("hosts").equals(List.of("10.9.0.2")));
        driver.findElement(By.id("hosts-filter")).clear();
        driver.findElement(By.id("hosts-port")).sendKeys("443");
        await().until(d -> rowIps("hosts").equals(List.of("10.9.0.1", "10.9.0.3")));

        // The timeline: newest sighting first, what changed since the one before marked.
        driver.findElement(By.cssSelector("#hosts tr[data-ip='10.9.0.1']")).click();
        await().until(d -> d.findElements(By.cssSelector("#timeline-body li")).size() == 2);
        assertThat(text("timeline-title")).isEqualTo("10.9.0.1");
        List<WebElement> sightings = driver.findElements(By.cssSelector("#timeline-body li"));
        assertThat(sightings.get(0).getAttribute("data-scan")).isEqualTo(Long.toString(newer));
        assertThat(sightings.get(0).findElement(By.cssSelector(".token.added")).getAttribute("data-port")).isEqualTo("443");
        assertThat(sightings.get(0).findElement(By.cssSelector(".token.gone")).getAttribute("data-port")).isEqualTo("80");
        assertThat(sightings.get(1).findElements(By.cssSelector(".token.added, .token.gone"))).isEmpty();
        assertThat(text("timeline-body")).contains("Seen up in 2 scans", "alpha.lab", "02:00:00:00:09:01");
        saveScreenshot("inventory.png");

        // A hostile host's timeline stays text too; and a sighting opens its scan.
        driver.findElement(By.id("hosts-port")).clear();
        driver.findElement(By.id("hosts-filter")).sendKeys("new.lab");
        await().until(d -> rowIps("hosts").equals(List.of("10.9.0.5")));
        driver.findElement(By.cssSelector("#hosts tr[data-ip='10.9.0.5']")).click();
        await().until(d -> text("timeline-title").equals("10.9.0.5")
                && d.findElements(By.cssSelector("#timeline-body li")).size() == 1);
        assertThat(text("timeline-body")).contains(StoredScans.HOSTILE + ".new.lab", "8080/http-proxy " + StoredScans.HOSTILE);
        driver.findElement(By.cssSelector("#timeline-body li button.link")).click();
        await().until(d -> d.getCurrentUrl().endsWith("#stored=" + newer) && d.findElement(By.id("view-scan")).isDisplayed()
                && rowIps("results").equals(List.of("10.9.0.1", "10.9.0.2", "10.9.0.4", "10.9.0.5")));
        assertNothingRan();
    }

    @Test
    void aScanFromThePageIsThereAfterAReloadAndARestartAndRescansTheSame() throws Exception {
        open();
        await().until(d -> rowIps("results").size() == 4);
        WebElement targets = driver.findElement(By.id("targets"));
        targets.clear();
        targets.sendKeys("127.0.0.1-8");
        driver.findElement(By.id("start")).click();
        await().until(d -> text("scan-state").equalsIgnoreCase("finished") && rowIps("results").size() == 6);
        // Once ended, the address names the stored scan: a reload shows it from the store.
        await().until(d -> d.getCurrentUrl().matches(".*#stored=\\d+$"));
        String stored = driver.getCurrentUrl().replaceAll(".*#stored=", "");
        assertThat(Long.parseLong(stored)).isGreaterThan(newer);
        driver.navigate().refresh();
        await().until(d -> rowIps("results").size() == 6 && text("scan-state").equalsIgnoreCase("finished"));
        assertThat(rowIps("results")).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.5",
                "127.0.0.6", "127.0.0.7");

        // Restart on the same database (and the same token, as the saved one is): the page opens on that scan.
        // The page is left first, as a user closes it: a request it sent while the server was down (form
        // validation, polling) would be a console error that says nothing of the page or the server.
        driver.get("about:blank");
        server.close();
        serve();
        open();
        await().until(d -> d.getCurrentUrl().endsWith("#stored=" + stored) && rowIps("results").size() == 6);
        assertThat(text("scan-origin")).contains("Stored scan #" + stored, "web");
        driver.findElement(By.id("tab-history")).click();
        await().until(d -> d.findElements(By.cssSelector("#history tbody tr")).size() == 3);

        // Rescan: the same targets and ports again, as a new live scan, stored as a fourth.
        driver.findElement(By.id("tab-scan")).click();
        await().until(d -> d.findElement(By.id("rescan")).isEnabled());
        driver.findElement(By.id("rescan")).click();
        await().until(d -> d.getCurrentUrl().matches(".*#(scan|stored)=\\d+$")
                && !d.getCurrentUrl().endsWith("#stored=" + stored)
                && text("scan-state").equalsIgnoreCase("finished") && rowIps("results").size() == 6);
        assertThat(driver.findElement(By.id("targets")).getDomProperty("value")).isEqualTo("127.0.0.1-8");
        driver.findElement(By.id("tab-history")).click();
        await().until(d -> d.findElements(By.cssSelector("#history tbody tr")).size() == 4);
        assertNothingRan();
    }
}
