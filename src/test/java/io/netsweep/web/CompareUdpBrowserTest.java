package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.HeadlessChromium;
import io.netsweep.testing.SharedChromium;
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
 * The compare view, in a real browser over a real SQLite store, of two scans where the second found a new host
 * (its name hostile) with UDP ports open and nothing open on TCP: the change and the host's new side list its
 * UDP ports as UDP ports, and its name stays text.
 */
@ExtendWith(SharedChromium.class)
class CompareUdpBrowserTest {
    private static final Duration CONDITION_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebServer server;
    private long older;
    private long newer;

    @BeforeEach
    void start(HeadlessChromium shared) throws Exception {
        Path db = dir.resolve("netsweep.db");
        long[] ids = StoredScans.writeTwoWithUdp(db);
        older = ids[0];
        newer = ids[1];
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

    private WebDriverWait await() {
        return new WebDriverWait(driver, CONDITION_LIMIT, Duration.ofMillis(50));
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String css) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
    }

    @Test
    void aNewHostsOpenUdpPortsAreListedAsUdpPorts() {
        driver.get(server.pageUri().toString());
        await().until(d -> !d.getCurrentUrl().contains("token"));
        driver.findElement(By.id("tab-history")).click();
        await().until(d -> d.findElements(By.cssSelector("#history tbody tr input[type=checkbox]")).size() == 2);
        for (WebElement box : driver.findElements(By.cssSelector("#history tbody tr input[type=checkbox]"))) {
            box.click();
        }
        driver.findElement(By.id("compare-selected")).click();
        await().until(d -> d.findElements(By.cssSelector("#changes li")).size() == 1);
        assertThat(driver.getCurrentUrl()).endsWith("#compare=" + older + "," + newer);
        assertThat(texts("#changes li")).containsExactly(
                "+ 10.9.0.6 host up " + StoredScans.HOSTILE + ".udp.lab; open 53/udp,161/udp");
        assertThat(driver.findElements(By.cssSelector("#changes li.added"))).hasSize(1);

        WebElement appeared = driver.findElement(By.cssSelector("#side-by-side tr[data-ip='10.9.0.6'] td.side-new"));
        assertThat(appeared.getAttribute("class")).contains("added");
        assertThat(texts("#side-by-side tr[data-ip='10.9.0.6'] td.side-new .side-name"))
                .containsExactly(StoredScans.HOSTILE + ".udp.lab");
        assertThat(texts("#side-by-side tr[data-ip='10.9.0.6'] td.side-new .token"))
                .containsExactly("53/udp domain", "161/udp snmp");
        assertThat(appeared.findElements(By.cssSelector(".token[data-proto='udp']"))).hasSize(2);
        assertThat(appeared.findElements(By.cssSelector(".token[data-proto='tcp']"))).isEmpty();

        // The hostile name is text wherever it shows: no element it names exists, none of its script ran.
        assertThat(driver.findElements(By.cssSelector("main img, .view img, .view script, #changes img"))).isEmpty();
        assertThat(((JavascriptExecutor) driver).executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertThat(chromium.consoleProblems()).isEmpty();
    }
}
