package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.identify.DemoServices;
import io.netsweep.port.ServiceNames;
import io.netsweep.scan.PipelineScanner;
import io.netsweep.scan.ScanClock;
import io.netsweep.scan.ScanComponents;
import io.netsweep.testing.HeadlessChromium;
import io.netsweep.testing.SharedChromium;
import io.netsweep.testing.Prerequisites;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
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
@ExtendWith(SharedChromium.class)
class UiRealScanBrowserTest {
    private final List<ServerSocket> listeners = new ArrayList<>();
    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebServer server;

    @BeforeEach
    void start(HeadlessChromium shared) throws Exception {
        for (int i = 0; i < 3; i++) {
            listeners.add(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        }
        chromium = shared;
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
            if (server != null) {
                server.close();
            }
        } finally {
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
     * Fakes of AI services, a real Redis and plain listeners on several loopback addresses, scanned for real
     * with the AI preset (service detection on): the page names each product, Redis with its version at a
     * glance, flags those that answer without credentials, and shows a host's details. The screenshot it
     * leaves in target/ is the README's.
     */
    @Test
    void realScanOfLoopbackServicesShowsWhatItIdentified(@TempDir Path dir) throws Exception {
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 2; i < 2 + DemoServices.COUNT; i++) {
            addresses.add(InetAddress.getByName("127.0.0." + i));
        }
        // Two more hosts with ordinary services (on their usual ports where those are free), and one with nothing open.
        List<ServerSocket> plain = new ArrayList<>();
        for (String hostAndPort : List.of("127.0.0.8:22", "127.0.0.8:443", "127.0.0.9:5432")) {
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
        Prerequisites.require(Files.isExecutable(Path.of(REDIS)), REDIS + " is not installed (.ci/run installs it)");
        Process redis = null;
        int port = 0;
        // One of the ports Redis is known on (a concurrent run of this test may hold the first), so that service
        // detection sends it Redis's own hello: Redis closes the connection on the HTTP probes other ports get.
        for (int known : List.of(6379, 6380, 16379, 26379)) {
            redis = startRedis(InetAddress.getByName("127.0.0.9"), known, dir);
            if (redis != null) {
                port = known;
                break;
            }
        }
        assertThat(redis).as("redis-server listening on 127.0.0.9 on one of its ports").isNotNull();
        int redisPort = port;
        try (DemoServices demo = DemoServices.start(addresses)) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 760));
            driver.get(server.pageUri().toString());
            await(10).until(d -> !d.getCurrentUrl().contains("token"));
            // Ports the AI preset does not already cover: ordinary services, and fakes that found their usual port taken.
            List<Integer> extra = new ArrayList<>();
            demo.services().forEach(s -> extra.add(s.port()));
            plain.forEach(l -> extra.add(l.getLocalPort()));
            extra.add(redisPort);
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
            // A real daemon's product and version, as a person reads them in the table: "Redis key-value store 7.0.15".
            assertThat(driver.findElement(By.cssSelector("tr[data-ip='127.0.0.9']")).getText())
                    .contains(String.valueOf(redisPort)).containsPattern("Redis[^,]* " + redisVersion().replace(".", "\\."));
            // Rows in address order without a click (127.0.0.10 sorts after 127.0.0.9, as numbers do).
            assertThat(driver.findElement(By.cssSelector("#results tbody tr:first-child")).getAttribute("data-ip"))
                    .isEqualTo("127.0.0.2");
            assertThat(driver.findElement(By.cssSelector("#results tbody tr:last-child")).getAttribute("data-ip"))
                    .isEqualTo("127.0.0.10");
            driver.findElement(By.cssSelector("tr[data-ip='127.0.0.2']")).click();
            await(5).until(d -> d.findElement(By.id("detail")).isDisplayed()
                    && text("detail-body").contains("Models listed without credentials"));
            saveScreenshot();
            assertThat(chromium.consoleProblems()).isEmpty();
            driver.findElement(By.cssSelector("tr[data-ip='127.0.0.9']")).click();
            await(5).until(d -> text("detail-body").contains(redisPort + ": Redis"));
            assertThat(text("detail-body")).contains("cpe:2.3:a:redis:redis:" + redisVersion());
        } finally {
            redis.destroy(); // by its own handle: the process this test started
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    private static final String REDIS = "/usr/bin/redis-server";

    /** The installed Redis's version, as {@code redis-server --version} prints it ({@code v=7.0.15}). */
    private static String redisVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(REDIS, "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v=(\\d+\\.\\d+\\.\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    /**
     * A real redis-server on {@code address:port}, once it accepts connections (within 30 s); null when it
     * exited first (the port was taken).
     */
    private static Process startRedis(InetAddress address, int port, Path dir) throws Exception {
        try (ServerSocket free = new ServerSocket(port, 1, address)) {
            // free now: the daemon started next binds it, unless another takes it in between (then it exits)
        } catch (java.net.BindException taken) {
            return null;
        }
        Process redis = new ProcessBuilder(REDIS, "--bind", address.getHostAddress(), "--port", String.valueOf(port),
                "--protected-mode", "no", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", dir.toString(), "--logfile", "").redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(address, port), 200);
                if (redis.isAlive()) {
                    return redis;
                }
            } catch (IOException notYet) {
                assertThat(System.nanoTime() - deadline).as("redis-server listening on port " + port).isNegative();
            }
            if (redis.waitFor(50, TimeUnit.MILLISECONDS)) {
                return null; // exited: another process has the port
            }
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
