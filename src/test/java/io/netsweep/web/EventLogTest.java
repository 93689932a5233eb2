package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.output.EventJson;
import io.netsweep.scan.ScanEvent;
import io.netsweep.testing.Reports;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLogTest {
    private static final long ROOM_FOR_THREE_PORTS = 3 * EventFootprint.of(Events.port(1, 80));

    @Test
    void resultsPastTheBudgetAreCountedAndMarkedButTheEndIsKept() {
        EventLog log = new EventLog(ROOM_FOR_THREE_PORTS);
        for (int i = 0; i < 10; i++) {
            log.append(Events.port(i, 80));
        }
        log.end(Events.finished(10, 10));

        List<String> kept = log.snapshot();
        assertThat(kept).hasSize(5);
        assertThat(kept.subList(0, 3)).containsExactly(EventJson.toJson(Events.port(0, 80)),
                EventJson.toJson(Events.port(1, 80)), EventJson.toJson(Events.port(2, 80)));
        assertThat(kept.get(3)).isEqualTo("{\"type\":\"truncated\",\"kept\":3}");
        assertThat(kept.get(4)).isEqualTo(EventJson.toJson(Events.finished(10, 10)));
        assertThat(log.dropped()).isEqualTo(7);
        assertThat(log.results()).hasSize(3);
        assertThat(log.retainedBytes()).isEqualTo(ROOM_FOR_THREE_PORTS);
    }

    @Test
    void onceTruncatedASmallerResultIsNotKeptEither() {
        EventLog log = new EventLog(EventFootprint.of(Events.port(1, 80)) + EventFootprint.of(Events.host(1)) - 1);
        log.append(Events.port(1, 80));
        log.append(Events.host(2)); // does not fit
        log.append(Events.progress(1, 2)); // progress is not a result
        log.append(Events.port(3, 80)); // would fit, but the log is a prefix of the scan's results
        assertThat(log.results()).containsExactly(Events.port(1, 80));
        assertThat(log.dropped()).isEqualTo(3);
    }

    @Test
    void nothingIsRecordedAfterTheEnd() {
        EventLog log = new EventLog(1 << 20);
        log.end(Events.cancelled());
        log.append(Events.host(1));
        log.progress(Events.progress(1, 2));
        assertThat(log.snapshot()).containsExactly(EventJson.toJson(Events.cancelled()));
        assertThat(log.read(0, 0).progress()).isEmpty();
    }

    @Test
    void progressIsCoalescedToTheLatest() {
        EventLog log = new EventLog(1 << 20);
        log.append(Events.started(50));
        for (int i = 1; i <= 50; i++) {
            log.progress(Events.progress(i, 50));
        }
        EventLog.Batch b = log.read(0, 0);
        assertThat(b.events()).containsExactly(EventJson.toJson(Events.started(50)));
        assertThat(b.progress()).contains(EventJson.toJson(Events.progress(50, 50)));
        assertThat(log.read(b.nextPosition(), b.progressVersion()).isEmpty()).isTrue();
    }

    @Test
    void aLongReplayComesInBoundedBatchesWithProgressAfterTheLast() {
        EventLog log = new EventLog(1 << 30);
        for (int i = 0; i < EventLog.MAX_BATCH + 10; i++) {
            log.append(Events.port(i, 80));
        }
        log.progress(Events.progress(1, 2));
        EventLog.Batch first = log.read(0, 0);
        assertThat(first.events()).hasSize(EventLog.MAX_BATCH);
        assertThat(first.more()).isTrue();
        assertThat(first.progress()).isEmpty();
        EventLog.Batch second = log.read(first.nextPosition(), first.progressVersion());
        assertThat(second.events()).hasSize(10);
        assertThat(second.events().getLast()).isEqualTo(EventJson.toJson(Events.port(EventLog.MAX_BATCH + 9, 80)));
        assertThat(second.more()).isFalse();
        assertThat(second.progress()).isPresent();
    }

    @Test
    void readerPastTheMarkerGetsOnlyTheEnd() {
        EventLog log = new EventLog(ROOM_FOR_THREE_PORTS);
        for (int i = 0; i < 5; i++) {
            log.append(Events.port(i, 80));
        }
        assertThat(log.read(3, 0).events()).containsExactly("{\"type\":\"truncated\",\"kept\":3}");
        assertThat(log.read(4, 0).isEmpty()).isTrue();
        log.end(Events.finished(5, 5));
        EventLog.Batch last = log.read(4, 0);
        assertThat(last.events()).containsExactly(EventJson.toJson(Events.finished(5, 5)));
        assertThat(last.complete()).isTrue();
        assertThat(last.nextPosition()).isEqualTo(5);
    }

    @Test
    void waitingReaderTimesOutWithoutNews() throws Exception {
        EventLog log = new EventLog(1 << 20);
        assertThat(log.awaitNews(0, 0, Duration.ofMillis(1))).isFalse();
        assertThat(log.awaitNews(0, 0, Duration.ZERO)).isFalse();
    }

    @Test
    void waitingReaderWakesOnNews() throws Exception {
        EventLog log = new EventLog(1 << 20);
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch woke = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            waiting.countDown();
            try {
                if (log.awaitNews(0, 0, Duration.ofMinutes(1))) {
                    woke.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        log.append(Events.host(1)); // whether the reader already waits or not, it must see this
        assertThat(woke.await(10, TimeUnit.SECONDS)).isTrue();
        reader.join();
    }

    @Test
    void endedLogHasNoNewsForAReaderAtItsEnd() throws Exception {
        EventLog log = new EventLog(1 << 20);
        log.append(Events.host(1));
        log.end(Events.finished(1, 0));
        assertThat(log.awaitNews(2, 0, Duration.ofSeconds(5))).isFalse();
        assertThat(log.read(2, 0).complete()).isTrue();
        assertThat(log.read(0, 0).complete()).isTrue();
    }

    @Test
    void footprintErrsHighAndGrowsWithTheTextAnEventHolds() {
        ScanEvent shortName = Events.name(1, "a.lab");
        ScanEvent longName = Events.name(1, "a".repeat(200) + ".lab");
        assertThat(EventFootprint.of(longName) - EventFootprint.of(shortName)).isEqualTo(2L * (204 - 5));
        // At least what the measurements in EventFootprint's documentation found for each kind.
        assertThat(EventFootprint.of(Events.port(1, 80))).isGreaterThanOrEqualTo(140);
        assertThat(EventFootprint.of(Events.host(1))).isGreaterThanOrEqualTo(183);
        assertThat(EventFootprint.of(Events.name(1, "host-99999.lab.example"))).isGreaterThanOrEqualTo(164);
        InetAddress a = InetAddress.ofLiteral("10.0.0.1");
        assertThat(EventFootprint.of(new ScanEvent.ServiceIdentified(a, 22, Reports.openSsh()))).isGreaterThanOrEqualTo(659);
        assertThat(EventFootprint.of(new ScanEvent.ServiceIdentified(a, 443, Reports.nginxTls()))).isGreaterThanOrEqualTo(1395);
    }
}
