package io.netsweep.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.NetsweepCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --dns-timeout} holds for hostname targets as for reverse lookups. A lookup of timeout {@code T} with
 * one retry asks at once and again at {@code T/2} (see {@code QueryRunner}); seen from a server on 127.0.0.1
 * that never answers, as the gap between a question and its retry. That gap can only grow under load (less
 * the first question's own delay, which the margin below covers), so a slow machine cannot break the check.
 */
class TargetLookupTimeoutTest {
    /** Well above the 2 s default, whose retry comes after 1 s. */
    private static final long TIMEOUT_MS = 5_000;
    /** The least gap accepted: 2.5 s less 0.8 s for a first question that was slow to leave. */
    private static final long LEAST_GAP_MS = 1_700;

    @Test
    void aHostnameTargetIsAskedAgainOnlyAfterTheTimeoutAskedFor() throws Exception {
        Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
        try (FakeDnsServer silent = new FakeDnsServer(q -> {
            arrivals.computeIfAbsent(q.questionName() + " " + type(q.bytes()), k -> new CopyOnWriteArrayList<>())
                    .add(System.nanoTime());
            return List.of();
        })) {
            String server = "127.0.0.1:" + silent.address().getPort();
            Process p = new ProcessBuilder(NetsweepCommand.of("-sn", "-n", "--dns-server", server, "--dns-timeout",
                    Long.toString(TIMEOUT_MS), "silent.dns.test")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("hang guard").isTrue();

            assertThat(p.exitValue()).as(out).isEqualTo(2);
            assertThat(out.lines()).singleElement().asString()
                    .startsWith("netsweep: cannot resolve target \"silent.dns.test\"");
            assertThat(arrivals).as("A and AAAA questions").containsKeys("silent.dns.test. 1", "silent.dns.test. 28");
            for (Map.Entry<String, List<Long>> e : arrivals.entrySet()) {
                List<Long> times = e.getValue();
                assertThat(times).as("%s asked, then asked again after the timeout", e.getKey()).hasSizeGreaterThan(1);
                long gapMs = TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0));
                assertThat(gapMs).as("%s: gap between question and retry", e.getKey()).isGreaterThanOrEqualTo(LEAST_GAP_MS);
            }
        }
    }

    /** The question's type, after its name. */
    private static int type(byte[] query) {
        int i = Wire.HEADER_LENGTH;
        while (query[i] != 0) {
            i += (query[i] & 0xFF) + 1;
        }
        return ((query[i + 1] & 0xFF) << 8) | (query[i + 2] & 0xFF);
    }
}
