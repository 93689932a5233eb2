package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {

    @Test
    void resultsPastTheCapacityAreCountedAndMarkedButTheEndIsKept() {
        EventLog log = new EventLog(3);
        for (int i = 0; i < 10; i++) {
            log.append("{\"type\":\"host\",\"n\":" + i + "}");
        }
        log.end("{\"type\":\"finished\"}");

        List<String> kept = log.snapshot();
        assertThat(kept).hasSize(5);
        assertThat(kept.get(2)).contains("\"n\":2");
        assertThat(kept.get(3)).isEqualTo("{\"type\":\"truncated\",\"limit\":3}");
        assertThat(kept.get(4)).isEqualTo("{\"type\":\"finished\"}");
        assertThat(log.dropped()).isEqualTo(7);
    }

    @Test
    void nothingIsRecordedAfterTheEnd() {
        EventLog log = new EventLog(10);
        log.end("{\"type\":\"cancelled\"}");
        log.append("{\"type\":\"host\"}");
        log.progress("{\"type\":\"progress\"}");
        assertThat(log.snapshot()).containsExactly("{\"type\":\"cancelled\"}");
        assertThat(log.read(0, 0).progress()).isEmpty();
    }

    @Test
    void progressIsCoalescedToTheLatest() {
        EventLog log = new EventLog(10);
        log.append("{\"type\":\"started\"}");
        for (int i = 1; i <= 50; i++) {
            log.progress("{\"type\":\"progress\",\"done\":" + i + "}");
        }
        EventLog.Batch b = log.read(0, 0);
        assertThat(b.events()).containsExactly("{\"type\":\"started\"}");
        assertThat(b.progress()).contains("{\"type\":\"progress\",\"done\":50}");
        assertThat(log.read(b.nextPosition(), b.progressVersion()).isEmpty()).isTrue();
    }

    @Test
    void aLongReplayComesInBoundedBatchesWithProgressAfterTheLast() {
        EventLog log = new EventLog(20_000);
        for (int i = 0; i < EventLog.MAX_BATCH + 10; i++) {
            log.append("{}");
        }
        log.progress("{\"type\":\"progress\"}");
        EventLog.Batch first = log.read(0, 0);
        assertThat(first.events()).hasSize(EventLog.MAX_BATCH);
        assertThat(first.more()).isTrue();
        assertThat(first.progress()).isEmpty();
        EventLog.Batch second = log.read(first.nextPosition(), first.progressVersion());
        assertThat(second.events()).hasSize(10);
        assertThat(second.more()).isFalse();
        assertThat(second.progress()).isPresent();
    }

    @Test
    void waitingReaderWakesOnNewsAndTimesOutWithout() throws Exception {
        EventLog log = new EventLog(10);
        long t0 = System.nanoTime();
        assertThat(log.awaitNews(0, 0, Duration.ofMillis(50))).isFalse();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(45).toNanos());

        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.append("{}");
        });
        assertThat(log.awaitNews(0, 0, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void endedLogHasNoNewsForAReaderAtItsEnd() throws Exception {
        EventLog log = new EventLog(10);
        log.append("{}");
        log.end("{}");
        assertThat(log.awaitNews(2, 0, Duration.ofSeconds(5))).isFalse();
        assertThat(log.read(2, 0).complete()).isTrue();
        assertThat(log.read(0, 0).complete()).isTrue();
    }
}
