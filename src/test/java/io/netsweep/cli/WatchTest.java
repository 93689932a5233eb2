package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.port.ServiceNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netsweep watch} end to end in this JVM: real scans of loopback listeners opened and closed between
 * rounds, a real SQLite store, a real webhook receiver on loopback, and exec hooks that are real shell commands.
 * The schedule is a {@link SteppedTimer}: the test starts each next round itself, so nothing waits on the wall
 * clock, and a webhook's backoff passes at once (recorded).
 */
class WatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SteppedTimer rounds = new SteppedTimer(SteppedTimer.Mode.STEPPED);
    private final SteppedTimer backoff = new SteppedTimer(SteppedTimer.Mode.INSTANT);

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable c : resources.reversed()) {
            c.close();
        }
    }

    private String db() {
        return dir.resolve("watch.db").toString();
    }

    /** A watch running on a thread of its own, its streams captured. */
    private final class Watch {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;

        Watch(String... args) {
            this(CtrlC.none(), args);
        }

        Watch(CtrlC ctrlC, String... args) {
            CliContext context = Main.context(new PrintWriter(out, true), new PrintWriter(err, true), () -> false,
                    () -> false, ctrlC, args);
            thread = Thread.ofPlatform().name("watch-under-test").start(
                    () -> code.set(Main.run(args, context, new WatchTiming(rounds, backoff))));
        }

        /** Waits for the watch to end; its exit code. */
        int end() throws InterruptedException {
            thread.join(DEADLINE);
            assertThat(thread.isAlive()).as("the watch ended; err: %s", err).isFalse();
            return code.get();
        }

        List<String> lines() {
            return out.toString().lines().toList();
        }
    }

    /** A loopback port held (bound, not listening: closed to a scan) until {@link Port#open()}. */
    private final class Port implements AutoCloseable {
        private Socket reservation;
        private ServerSocket listener;
        final int number;

        Port(boolean open) throws IOException {
            reservation = new Socket();
            reservation.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            number = reservation.getLocalPort();
            resources.add(this);
            if (open) {
                open();
            }
        }

        /** Listens on the port, taken over from the reservation at once. */
        void open() throws IOException {
            reservation.close();
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), number), 50);
        }

        /** Stops listening and holds the port again at once, so no other socket takes it meanwhile. */
        void shut() throws IOException {
            listener.close();
            listener = null;
            reservation = new Socket();
            reservation.setReuseAddress(true);
            reservation.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), number));
        }

        @Override
        public void close() throws IOException {
            reservation.close();
            if (listener != null) {
                listener.close();
            }
        }
    }

    /**
     * A UDP port on loopback: closed (nothing bound) until {@link #answer()}, then a server that answers every
     * datagram; {@link #fallSilent()} keeps it bound but unanswering (a hung daemon: open|filtered to a scan).
     */
    private final class UdpPort implements AutoCloseable {
        final int number;
        private volatile boolean answering;
        private java.net.DatagramSocket socket;
        private Thread thread;

        UdpPort() throws IOException {
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                number = probe.getLocalPort();
            }
            resources.add(this);
        }

        void answer() throws IOException {
            answering = true;
            if (socket != null) {
                return;
            }
            java.net.DatagramSocket s = new java.net.DatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), number));
            socket = s;
            thread = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[2048];
                try {
                    while (true) {
                        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                        s.receive(p);
                        if (answering) {
                            s.send(new java.net.DatagramPacket(new byte[] {'o', 'k'}, 2, p.getSocketAddress()));
                        }
                    }
                } catch (IOException closed) {
                    // closed by the test
                }
            });
        }

        void fallSilent() {
            answering = false;
        }

        @Override
        public void close() throws Exception {
            if (socket != null) {
                socket.close();
                thread.join();
            }
        }
    }

    private static String ports(Port... ports) {
        List<String> n = new ArrayList<>();
        for (Port p : ports) {
            n.add(Integer.toString(p.number));
        }
        return String.join(",", n);
    }

    private WebhookReceiver receiver(java.util.function.IntFunction<Integer> answer) throws IOException {
        WebhookReceiver r = new WebhookReceiver(answer);
        resources.add(r);
        return r;
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - end).as("waiting for %s", what).isNegative();
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** The diff netsweep diff -o json gives for two stored scans. */
    private String diffJson(long older, long newer) {
        CliRunner r = CliRunner.run("diff", "-o", "json", "--db", db(), Long.toString(older), Long.toString(newer));
        assertThat(r.err()).isEmpty();
        return r.out();
    }

    @Test
    void portsOpenedAndClosedBetweenRoundsAlertTheWebhookAndTheExecHookWithTheDiffsJson() throws Exception {
        Port steady = new Port(true);
        Port closing = new Port(true);
        Port opening = new Port(false);
        WebhookReceiver hook = receiver(n -> 204);
        Path execDir = Files.createDirectories(dir.resolve("exec"));
        Watch w = new Watch("watch", "--every", "15m", "--count", "3", "--db", db(), "-n",
                "-p", ports(steady, closing, opening), "--webhook", hook.url(),
                "--exec", "cat > '" + execDir + "'/round-$NETSWEEP_ROUND.json; env | grep ^NETSWEEP_ | sort > '"
                        + execDir + "'/round-$NETSWEEP_ROUND.env",
                "127.0.0.1");

        assertThat(rounds.awaitWaiting()).isEqualTo(Duration.ofMinutes(15));
        assertThat(w.lines()).containsExactly("round 1: scan 1 finished, 1 host up, 2 open ports; no earlier scan of"
                + " these targets to compare with");
        closing.shut();
        opening.open();
        rounds.step();
        rounds.awaitWaiting();
        rounds.step();
        assertThat(w.end()).isZero();

        // An ephemeral port may have a registered name (44323 is pmwebapi's): the diff names ports as scans do.
        ServiceNames names = ServiceNames.tcp();
        String opened = "+ 127.0.0.1 " + opening.number + "/tcp opened " + names.nameOf(opening.number);
        String closed = "- 127.0.0.1 " + closing.number + "/tcp closed " + names.nameOf(closing.number);
        assertThat(w.lines()).containsExactly(
                "round 1: scan 1 finished, 1 host up, 2 open ports; no earlier scan of these targets to compare with",
                "round 2: scan 2 finished, 1 host up, 2 open ports; 2 changes since scan 1",
                (opening.number < closing.number ? opened : closed),
                (opening.number < closing.number ? closed : opened),
                "round 3: scan 3 finished, 1 host up, 2 open ports; no change since scan 2");
        assertThat(w.err.toString()).isEmpty();
        assertThat(rounds.waits()).hasSize(2);

        String expected = diffJson(1, 2);
        assertThat(hook.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/hooks/netsweep?token=s3cret");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.userAgent()).startsWith("netsweep/");
            assertThat(r.body()).isEqualTo(expected);
        });
        JsonNode changes = JSON.readTree(expected).path("changes");
        assertThat(changes).extracting(c -> c.path("type").asText() + " " + c.path("port").asInt())
                .containsExactlyInAnyOrder("port_opened " + opening.number, "port_closed " + closing.number);

        try (var files = Files.list(execDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("round-2.json",
                    "round-2.env");
        }
        assertThat(Files.readString(execDir.resolve("round-2.json"))).isEqualTo(expected);
        // The hook inherits netsweep's environment: leave out what this test's own environment already has (CI
        // runs the tests with NETSWEEP_STRICT_TESTS=1).
        assertThat(Files.readAllLines(execDir.resolve("round-2.env")).stream()
                .filter(l -> !System.getenv().containsKey(l.substring(0, l.indexOf('=')))))
                .containsExactly("NETSWEEP_CHANGES=2",
                "NETSWEEP_COMPARED_SCAN_ID=1", "NETSWEEP_COMPARED_WITH=previous", "NETSWEEP_ROUND=2",
                "NETSWEEP_SCAN_ID=2");

        CliRunner history = CliRunner.run("history", "--db", db(), "-o", "json");
        assertThat(history.out().lines()).hasSize(3).allSatisfy(l -> assertThat(l)
                .contains("\"source\":\"watch\"", "\"status\":\"finished\"", "\"command\":\"netsweep watch --every 15m"));
    }

    @Test
    void udpPortsThatAnswerOrFallSilentBetweenRoundsAlertAsUdpPorts() throws Exception {
        UdpPort hanging = new UdpPort();
        UdpPort opening = new UdpPort();
        hanging.answer();
        WebhookReceiver hook = receiver(n -> 204);
        Watch w = new Watch("watch", "--every", "15m", "--count", "2", "--db", db(), "-n", "-sU",
                "-p", hanging.number + "," + opening.number, "--webhook", hook.url(), "127.0.0.1");

        assertThat(rounds.awaitWaiting()).isEqualTo(Duration.ofMinutes(15));
        hanging.fallSilent();
        opening.answer();
        rounds.step();
        assertThat(w.end()).isZero();

        ServiceNames names = ServiceNames.udp();
        String opened = "+ 127.0.0.1 " + opening.number + "/udp opened " + names.nameOf(opening.number);
        // Stored as not shown (only open ports are): the host's counts (no port closed, one open|filtered) tell which.
        String silent = "- 127.0.0.1 " + hanging.number + "/udp open|filtered " + names.nameOf(hanging.number);
        assertThat(w.lines()).containsExactly(
                "round 1: scan 1 finished, 1 host up, 1 open port; no earlier scan of these targets to compare with",
                "round 2: scan 2 finished, 1 host up, 1 open port; 2 changes since scan 1",
                opening.number < hanging.number ? opened : silent,
                opening.number < hanging.number ? silent : opened);
        assertThat(w.err.toString()).isEmpty();
        String expected = diffJson(1, 2);
        assertThat(hook.requests()).singleElement().satisfies(r -> assertThat(r.body()).isEqualTo(expected));
        assertThat(JSON.readTree(expected).path("changes")).extracting(c -> c.path("type").asText() + " "
                + c.path("port").asInt() + "/" + c.path("proto").asText())
                .containsExactlyInAnyOrder("port_opened " + opening.number + "/udp",
                        "port_closed " + hanging.number + "/udp");
    }

    @Test
    void theFirstRoundIsComparedWithTheLatestStoredScanOfTheSameTargetsAndJsonGivesAnObjectPerRound() throws Exception {
        Port steady = new Port(true);
        Port closing = new Port(true);
        assertThat(CliRunner.run("--db", db(), "-n", "-p", ports(steady, closing), "127.0.0.1").exitCode()).isZero();
        assertThat(CliRunner.run("--db", db(), "-n", "-p", ports(steady), "127.0.0.1").exitCode()).isZero();
        closing.shut();

        Watch w = new Watch("watch", "--every", "10s", "--count", "1", "-o", "json", "--db", db(), "-n",
                "-p", ports(steady, closing), "127.0.0.1");
        assertThat(w.end()).isZero();

        assertThat(w.lines()).singleElement();
        JsonNode round = JSON.readTree(w.lines().getFirst());
        assertThat(round.path("round").asInt()).isEqualTo(1);
        assertThat(round.path("scan_id").asInt()).isEqualTo(3);
        assertThat(round.path("status").asText()).isEqualTo("finished");
        assertThat(round.path("hosts_up").asInt()).isEqualTo(1);
        assertThat(round.path("open_ports").asInt()).isEqualTo(1);
        assertThat(round.path("compared_with").asText()).isEqualTo("stored");
        assertThat(round.path("compared_scan_id").asInt()).as("scan 2 probed other ports: scan 1 it is").isEqualTo(1);
        assertThat(round.path("changes").asInt()).isEqualTo(1);
        assertThat(round.path("alert").asBoolean()).isTrue();
        assertThat(round.path("diff")).isEqualTo(JSON.readTree(diffJson(1, 3)));
        assertThat(w.err.toString()).isEmpty();
    }

    @Test
    void aStalledReceiverNeverDelaysTheNextRoundAndItsAlertsArriveInOrder() throws Exception {
        Port a = new Port(true);
        Port b = new Port(true);
        Port c = new Port(false);
        WebhookReceiver hook = receiver(n -> n == 1 ? WebhookReceiver.STALL : 200);
        Watch w = new Watch("watch", "--every", "1h", "--count", "3", "--db", db(), "-n", "-p", ports(a, b, c),
                "--webhook", hook.url(), "--webhook-timeout", "5m", "127.0.0.1");

        rounds.awaitWaiting();
        b.shut();
        rounds.step();
        rounds.awaitWaiting();
        WebhookReceiver.Request first = hook.next(DEADLINE);
        c.open();
        rounds.step();
        await(() -> w.out.toString().contains("round 3:"), "round 3, while the receiver holds round 2's alert");
        assertThat(hook.requests()).as("round 3's alert waits behind round 2's").containsExactly(first);
        assertThat(w.thread.isAlive()).as("at the end, the watch waits for its alerts").isTrue();

        hook.release();
        assertThat(w.end()).isZero();
        assertThat(w.out.toString()).contains("round 3: scan 3 finished, 1 host up, 2 open ports; 1 change since scan 2");
        assertThat(w.err.toString().lines()).containsExactly("netsweep: --webhook http://127.0.0.1:"
                + hook.url().split("[:/]")[4] + ": the alert of scan 2 is still being delivered; scan 3's waits behind it");
        assertThat(hook.requests()).extracting(WebhookReceiver.Request::body)
                .containsExactly(diffJson(1, 2), diffJson(2, 3));
    }

    @Test
    void aRoundTheStoreCannotTakeIsOneLineAndItsChangeAlertsWithTheNextStoredRound() throws Exception {
        Port steady = new Port(true);
        Port opening = new Port(false);
        Path data = Files.createDirectory(dir.resolve("data"));
        Path away = dir.resolve("away");
        String db = data.resolve("watch.db").toString();
        WebhookReceiver hook = receiver(n -> 204);
        Watch w = new Watch("watch", "--every", "10s", "--count", "3", "--db", db, "-n", "-p", ports(steady, opening),
                "--webhook", hook.url(), "127.0.0.1");

        rounds.awaitWaiting();
        opening.open();
        // The database's directory goes away mid-watch (an unmounted disk, a cleanup): round 2 cannot be stored.
        Files.move(data, away);
        rounds.step();
        rounds.awaitWaiting();
        assertThat(w.err.toString().lines()).singleElement().asString().startsWith("netsweep: scan not stored: ");
        assertThat(hook.requests()).isEmpty();
        Files.move(away, data);
        rounds.step();
        assertThat(w.end()).as("a round was not stored").isEqualTo(1);

        String opened = "+ 127.0.0.1 " + opening.number + "/tcp opened " + ServiceNames.tcp().nameOf(opening.number);
        assertThat(w.lines()).hasSize(4);
        assertThat(w.lines().get(0)).startsWith("round 1: scan 1 finished, 1 host up, 1 open port;");
        assertThat(w.lines().get(1)).startsWith("round 2: finished, 1 host up, 2 open ports: not stored (");
        assertThat(w.lines().subList(2, 4)).containsExactly(
                "round 3: scan 2 finished, 1 host up, 2 open ports; 1 change since scan 1", opened);
        assertThat(w.err.toString().lines()).hasSize(1);
        CliRunner diff = CliRunner.run("diff", "-o", "json", "--db", db, "1", "2");
        assertThat(hook.requests()).singleElement().extracting(WebhookReceiver.Request::body).isEqualTo(diff.out());
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffThenReportedInOneLineAndTheWatchGoesOn() throws Exception {
        Port steady = new Port(true);
        Port closing = new Port(true);
        assertThat(CliRunner.run("--db", db(), "-n", "-p", ports(steady, closing), "127.0.0.1").exitCode()).isZero();
        closing.shut();
        WebhookReceiver hook = receiver(n -> 503);
        Watch w = new Watch("watch", "--every", "10s", "--count", "2", "--db", db(), "-n", "-p", ports(steady, closing),
                "--webhook", hook.url(), "--webhook-retries", "2", "127.0.0.1");

        rounds.awaitWaiting();
        rounds.step();
        assertThat(w.end()).isZero();
        assertThat(hook.requests()).hasSize(3).extracting(WebhookReceiver.Request::body).containsOnly(diffJson(1, 2));
        assertThat(backoff.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        String origin = "http://127.0.0.1:" + hook.url().split("[:/]")[4];
        assertThat(w.err.toString().lines()).containsExactly("netsweep: --webhook " + origin
                + " for scan 2: failed 3 times, last: HTTP 503");
        assertThat(w.err.toString()).doesNotContain("s3cret");
        assertThat(w.lines()).last().asString().startsWith("round 2: scan 3 finished");
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsTriedAgain() throws Exception {
        Port steady = new Port(true);
        Port closing = new Port(true);
        assertThat(CliRunner.run("--db", db(), "-n", "-p", ports(steady, closing), "127.0.0.1").exitCode()).isZero();
        closing.shut();
        WebhookReceiver hook = receiver(n -> n == 1 ? WebhookReceiver.STALL : 200);
        Watch w = new Watch("watch", "--every", "10s", "--count", "1", "--db", db(), "-n", "-p", ports(steady, closing),
                "--webhook", hook.url(), "--webhook-timeout", "1s", "--webhook-retries", "5", "127.0.0.1");

        assertThat(w.end()).isZero();
        List<WebhookReceiver.Request> requests = hook.requests();
        assertThat(requests.size()).isGreaterThanOrEqualTo(2);
        assertThat(requests).extracting(WebhookReceiver.Request::body).containsOnly(diffJson(1, 2));
        assertThat(backoff.waits()).hasSize(requests.size() - 1).startsWith(Duration.ofSeconds(1));
        assertThat(w.err.toString()).isEmpty();
    }

    @Test
    void anExecHookThatFailsOrOverrunsIsOneLineAndItsProcessesAreStopped() throws Exception {
        Port steady = new Port(true);
        Port closing = new Port(true);
        assertThat(CliRunner.run("--db", db(), "-n", "-p", ports(steady, closing), "127.0.0.1").exitCode()).isZero();
        closing.shut();
        Path pid = dir.resolve("sleep.pid");
        Watch w = new Watch("watch", "--every", "10s", "--count", "1", "--db", db(), "-n", "-p", ports(steady, closing),
                "--exec", "sleep 300 & echo $! > '" + pid + "'; echo 'hook \u001b]0;title\u0007 started'; wait",
                "--exec-timeout", "3s", "127.0.0.1");
        assertThat(w.end()).isZero();
        assertThat(w.err.toString().lines()).containsExactly("hook \\x1b]0;title\\x07 started",
                "netsweep: --exec for scan 2: still running after 3s: stopped");
        long sleeper = Long.parseLong(Files.readString(pid).strip());
        await(() -> ProcessHandle.of(sleeper).map(p -> !p.isAlive()).orElse(true), "the command's child stopped");

        closing.open();
        Watch failing = new Watch("watch", "--every", "10s", "--count", "1", "--db", db(), "-n", "-p", ports(steady, closing),
                "--exec", "cat >/dev/null; exit 3", "127.0.0.1");
        assertThat(failing.end()).isZero();
        assertThat(failing.err.toString().lines()).containsExactly("netsweep: --exec for scan 3: exited with status 3");
    }

    @Test
    void withABaselineOnlyDeparturesFromTheApprovedStateAlertAndTheApprovalIsStored() throws Exception {
        Port steady = new Port(true);
        Port rogue = new Port(false);
        Path execDir = Files.createDirectories(dir.resolve("exec"));
        String exec = "cat > '" + execDir + "'/scan-$NETSWEEP_SCAN_ID-vs-$NETSWEEP_COMPARED_WITH-$NETSWEEP_COMPARED_SCAN_ID.json";
        Watch w = new Watch("watch", "--every", "10s", "--count", "4", "--baseline", "--db", db(), "-n",
                "-p", ports(steady, rogue), "--exec", exec, "127.0.0.1");
        rounds.awaitWaiting();
        assertThat(baselineScan()).contains(1L);
        rogue.open();
        rounds.step();
        rounds.awaitWaiting();
        rounds.step();
        rounds.awaitWaiting();
        rogue.shut();
        rounds.step();
        assertThat(w.end()).isZero();
        String opened = "+ 127.0.0.1 " + rogue.number + "/tcp opened " + ServiceNames.tcp().nameOf(rogue.number);
        assertThat(w.lines()).containsExactly(
                "round 1: scan 1 finished, 1 host up, 1 open port; approved as the baseline",
                "round 2: scan 2 finished, 1 host up, 2 open ports; 1 departure from baseline scan 1", opened,
                "round 3: scan 3 finished, 1 host up, 2 open ports; 1 departure from baseline scan 1 (as in the round"
                        + " before: no alert)", opened,
                "round 4: scan 4 finished, 1 host up, 1 open port; no departure from baseline scan 1");
        try (var files = Files.list(execDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("back to the baseline is news too")
                    .containsExactlyInAnyOrder("scan-2-vs-baseline-1.json", "scan-4-vs-baseline-1.json");
        }
        assertThat(Files.readString(execDir.resolve("scan-2-vs-baseline-1.json"))).isEqualTo(diffJson(1, 2));
        assertThat(JSON.readTree(Files.readString(execDir.resolve("scan-4-vs-baseline-1.json"))).path("changes"))
                .isEmpty();

        // A later watch keeps the approval: what departs from it at its start alerts at once.
        rogue.open();
        Watch again = new Watch("watch", "--every", "10s", "--count", "1", "--baseline", "--db", db(), "-n",
                "-p", ports(steady, rogue), "--exec", exec, "127.0.0.1");
        assertThat(again.end()).isZero();
        assertThat(again.lines()).containsExactly(
                "round 1: scan 5 finished, 1 host up, 2 open ports; 1 departure from baseline scan 1", opened);
        assertThat(execDir.resolve("scan-5-vs-baseline-1.json")).exists();

        // --approve makes the state of its first round the baseline.
        Watch approve = new Watch("watch", "--every", "10s", "--count", "2", "--approve", "--db", db(), "-n",
                "-p", ports(steady, rogue), "127.0.0.1");
        rounds.awaitWaiting();
        rounds.step();
        assertThat(approve.end()).isZero();
        assertThat(approve.lines()).containsExactly(
                "round 1: scan 6 finished, 1 host up, 2 open ports; approved as the baseline",
                "round 2: scan 7 finished, 1 host up, 2 open ports; no departure from baseline scan 6");
        assertThat(baselineScan()).contains(6L);
        assertThat(w.err.toString() + again.err + approve.err).isEmpty();
    }

    @Test
    void ctrlCWhileTheLastAlertIsStillBeingDeliveredEndsTheWatchWithoutIt() throws Exception {
        Port steady = new Port(true);
        Port closing = new Port(true);
        assertThat(CliRunner.run("--db", db(), "-n", "-p", ports(steady, closing), "127.0.0.1").exitCode()).isZero();
        closing.shut();
        WebhookReceiver hook = receiver(n -> WebhookReceiver.STALL);
        List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        CtrlC ctrlC = CtrlC.of(code -> ended.add("exit " + code), code -> ended.add("halt " + code));
        Watch w = new Watch(ctrlC, "watch", "--every", "10s", "--count", "1", "--db", db(), "-n",
                "-p", ports(steady, closing), "--webhook", hook.url(), "--webhook-timeout", "5m", "127.0.0.1");
        hook.next(DEADLINE);
        await(() -> w.out.toString().contains("round 1:"), "round 1 reported");
        assertThat(w.thread.isAlive()).as("waiting for the alert").isTrue();
        ctrlC.interrupted();
        assertThat(w.end()).isEqualTo(ExitCodes.CANCELLED);
        assertThat(ended).as("the watch ends by itself, not through the signal's exit").isEmpty();
        assertThat(w.lines()).hasSize(2).first().asString().startsWith("round 1: scan 2 finished");
        assertThat(w.err.toString()).isEmpty();
    }

    @Test
    void aRoundLongerThanTheScheduleIsFollowedAtOnceWithANotice() throws Exception {
        Port steady = new Port(true);
        // Every reading of this clock is an hour after the one before: each round looks an hour long.
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        WatchTimer slow = new WatchTimer() {
            @Override
            public long nanoTime() {
                return now.addAndGet(Duration.ofHours(1).toNanos());
            }

            @Override
            public boolean await(Duration duration, java.util.concurrent.CountDownLatch stop) {
                throw new AssertionError("no wait: the next round is already due");
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = {"watch", "--every", "30m", "--count", "2", "--db", db(), "-n", "-p", ports(steady),
            "127.0.0.1"};
        CliContext context = Main.context(new PrintWriter(out, true), new PrintWriter(err, true), () -> false,
                () -> false, CtrlC.none(), args);
        assertThat(Main.run(args, context, new WatchTiming(slow, backoff))).isZero();
        assertThat(err.toString().lines()).containsExactly(
                "netsweep: round 1 took longer than --every 30m: the next one starts now");
        assertThat(out.toString().lines()).hasSize(2).last().asString()
                .isEqualTo("round 2: scan 2 finished, 1 host up, 1 open port; no change since scan 1");
    }

    /** The scan approved as the baseline, read from the database file itself. */
    private Optional<Long> baselineScan() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT scan_id FROM baseline")) {
            Optional<Long> id = r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            assertThat(r.next()).as("one baseline").isFalse();
            return id;
        }
    }
}
