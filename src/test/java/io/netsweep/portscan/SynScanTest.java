package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SYN scan in a private network namespace ({@link SynScenarios}, each in a child JVM): listeners are open,
 * ports where nothing listens closed, nftables drops filtered after the retries, rejects filtered with the ICMP's
 * reason, on IPv4 and IPv6; forged, stray and duplicate answers injected by lab/forge_tcp.py mark no port; a host
 * that answers a SYN-ACK to every port is reported as such.
 */
class SynScanTest {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

    @BeforeAll
    static void namespacesAvailable() {
        NamespaceLab.requireAvailable();
    }

    private static NamespaceLab.Outcome run(String scenario) throws Exception {
        NamespaceLab.Outcome o = NamespaceLab.run(SynScenarios.class, List.of(scenario), 0, CHILD_TIMEOUT);
        assertThat(o.exitCode()).as("child exit; stderr:%n%s", o.stderr()).isZero();
        return o;
    }

    @Test
    void synAnswersRejectsAndDropsMapToTheirVerdictsOnIpv4AndIpv6() throws Exception {
        NamespaceLab.Outcome o = run("verdicts");
        assertThat(o.get("verdicts.type")).isEqualTo("syn");
        assertThat(o.get("verdicts.io")).isEqualTo("SynIo");
        assertThat(o.get("verdicts.done")).isEqualTo("true");
        assertThat(o.get("verdicts.failure")).isEmpty();
        String v4 = "r.127.0.0.1.";
        String v6 = "r.0_0_0_0_0_0_0_1.";
        // state/reason/attempts
        assertThat(o.get(v4 + o.get("open4.port"))).isEqualTo("open/syn-ack/1");
        assertThat(o.get(v6 + o.get("open6.port"))).isEqualTo("open/syn-ack/1");
        assertThat(o.get(v4 + "1010")).isEqualTo("closed/reset/1");
        assertThat(o.get(v6 + "1010")).isEqualTo("closed/reset/1");
        assertThat(o.get(v4 + "1003")).isEqualTo("closed/reset/1"); // nft reject with tcp reset
        assertThat(o.get(v6 + "1003")).isEqualTo("closed/reset/1");
        assertThat(o.get(v4 + "1001")).isEqualTo("filtered/no-response/2");
        assertThat(o.get(v6 + "1001")).isEqualTo("filtered/no-response/2");
        assertThat(o.number("syns.dropped4")).as("SYNs to the dropped IPv4 port").isEqualTo(2);
        assertThat(o.number("syns.dropped6")).as("SYNs to the dropped IPv6 port").isEqualTo(2);
        assertThat(o.get(v4 + "1002")).isEqualTo("filtered/admin-prohibited/1");
        assertThat(o.get(v6 + "1004")).isEqualTo("filtered/admin-prohibited/1");
        assertThat(o.get(v4 + "1006")).isEqualTo("filtered/port-unreach/1");
        assertThat(o.get(v6 + "1007")).isEqualTo("filtered/port-unreach/1");
        assertThat(o.get(v4 + "1008")).isEqualTo("filtered/net-unreach/1");
        // refused by the local firewall on the way out, mid-batch: that probe only, the SYNs around it left
        assertThat(o.get(v4 + "1005")).isEqualTo("filtered/admin-prohibited/1");
        assertThat(o.get(v6 + "1005")).isEqualTo("filtered/admin-prohibited/1");
        assertThat(o.get("open4.accepted")).as("a connection left for the listener to accept").isEqualTo("false");
    }

    @Test
    void aRetransmissionAfterALostSynAckFindsTheOpenPortNotAReset() throws Exception {
        NamespaceLab.Outcome o = run("lostsynack");
        assertThat(o.get("lostsynack.done")).isEqualTo("true");
        assertThat(o.get("lostsynack.failure")).isEmpty();
        assertThat(o.number("synacks.lost4")).as("first IPv4 SYN-ACK dropped; %s", o.values()).isEqualTo(1);
        assertThat(o.number("synacks.lost6")).as("first IPv6 SYN-ACK dropped").isEqualTo(1);
        // state/reason/attempts: the second attempt got the target's SYN-ACK again, not a reset of its half-open
        // connection
        assertThat(o.get("r.v4")).isEqualTo("open/syn-ack/2");
        assertThat(o.get("r.v6")).isEqualTo("open/syn-ack/2");
    }

    @Test
    void aFullRangeScanFindsExactlyTheListenersTheDroppedRangeAndTheRefusedRangeOnIpv4AndIpv6() throws Exception {
        NamespaceLab.Outcome o = run("fullrange");
        for (String host : List.of("v4", "v6")) {
            assertThat(o.get(host + ".done")).isEqualTo("true");
            assertThat(o.get(host + ".failure")).isEmpty();
            assertThat(o.number(host + ".results")).isEqualTo(65535);
            assertThat(o.get(host + ".open")).as(host + " open ports").isEqualTo(o.get(host + ".listeners"));
            assertThat(o.get(host + ".filtered")).as(host + " filtered ports").isEqualTo("20000-20299,30000-30099");
            assertThat(o.get(host + ".admin-prohibited")).as(host + " ports whose SYNs the local firewall refused")
                    .isEqualTo("30000-30099");
            assertThat(o.number(host + ".sent")).as(host + " SYNs: at least one per port, two per dropped port")
                    .isGreaterThanOrEqualTo(65535 + 300);
        }
    }

    /** 3,840 of the sweep's 4,096 addresses are silent; 256 answer, each at once. */
    private static final int SILENT = 3840;

    @Test
    void onAPathShownNotToLoseSilentAddressesGetOneSynEach() throws Exception {
        NamespaceLab.Outcome o = run("sweep");
        assertThat(o.get("sweep.done")).isEqualTo("true");
        assertThat(o.get("sweep.failure")).isEmpty();
        assertThat(o.number("sweep.results")).isEqualTo(4096);
        assertThat(o.number("sweep.answering.closed/reset")).as("%s", o.values()).isEqualTo(256);
        assertThat(o.number("sweep.silent.filtered/no-response")).isEqualTo(SILENT);
        assertThat(o.number("sweep.samples")).as("loss samples to answering hosts").isPositive();
        // Until the evidence rules loss out, silent addresses get their retransmission; after that, one SYN each.
        long syns = o.number("syns.silent");
        assertThat(syns).as("SYNs to the silent addresses; %s", o.values()).isGreaterThanOrEqualTo(SILENT)
                .isLessThan(SILENT * 3 / 2);
    }

    @Test
    void onALossyPathHostsThatAnswerOnlyARetransmissionAreFoundAndSilentAddressesGetRetransmissions()
            throws Exception {
        NamespaceLab.Outcome o = run("lossysweep");
        assertThat(o.get("sweep.done")).isEqualTo("true");
        assertThat(o.get("sweep.failure")).isEmpty();
        assertThat(o.number("resets.lost")).as("first resets of 127.1.0.0/26 dropped; %s", o.values()).isEqualTo(64);
        assertThat(o.number("sweep.answering.closed/reset")).as("%s", o.values()).isEqualTo(256);
        assertThat(o.number("sweep.lossyfound")).isEqualTo(64);
        assertThat(o.number("sweep.lateanswers")).isGreaterThanOrEqualTo(64);
        assertThat(o.number("sweep.silent.filtered/no-response")).isEqualTo(SILENT);
        // Loss is evident: every silent address gets its retransmission (two SYNs at least).
        assertThat(o.number("syns.silent")).as("SYNs to the silent addresses").isGreaterThanOrEqualTo(2L * SILENT);
    }

    @Test
    void forgedStrayAndDuplicateAnswersNeverMarkAPort() throws Exception {
        NamespaceLab.Outcome o = run("forged");
        assertThat(o.get("forged.done")).isEqualTo("true");
        assertThat(o.get("forged.failure")).isEmpty();
        assertThat(o.number("forger.sent")).as("packets the forger injected").isGreaterThan(400);
        assertThat(o.number("results")).isEqualTo(24);
        for (String host : List.of("127.0.0.1", "0_0_0_0_0_0_0_1")) {
            for (int port = 2001; port <= 2010; port++) {
                assertThat(o.get("r." + host + "." + port)).as(host + " port " + port).isEqualTo("filtered/no-response");
            }
            assertThat(o.get("r." + host + ".3000")).isEqualTo("closed/reset");
        }
        assertThat(o.get("r.127.0.0.1." + o.get("open4.port"))).isEqualTo("open/syn-ack");
        assertThat(o.get("r.0_0_0_0_0_0_0_1." + o.get("open6.port"))).isEqualTo("open/syn-ack");
    }

    @Test
    void aHostThatAnswersEveryPortIsReportedAsSuch() throws Exception {
        NamespaceLab.Outcome o = run("everything");
        assertThat(o.get("everything.done")).isEqualTo("true");
        assertThat(o.get("everything.failure")).isEmpty();
        assertThat(o.get("reasons.127.0.0.3")).isEqualTo("{open/syn-ack-every-port=100}");
        assertThat(o.get("reasons.127.0.0.4")).isEqualTo("{filtered/no-response=5, open/syn-ack=5}");
        assertThat(o.get("reasons.127.0.0.1")).isEqualTo("{closed/reset=100}");
    }
}
