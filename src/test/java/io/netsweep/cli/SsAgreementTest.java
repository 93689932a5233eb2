package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.portscan.NamespaceLab;
import io.netsweep.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code netsweep -p- 127.0.0.1 -o json} reports exactly the TCP ports where {@code ss -ltn} shows a
 * listener reachable at 127.0.0.1: bound to 127.0.0.1, to 0.0.0.0, or to a dual-stack {@code ::}. It runs in a
 * network namespace of its own ({@link SsAgreementMain}), so no other program's listener, opened or closed
 * while the scan runs, can make the two disagree.
 */
class SsAgreementTest {

    @Test
    void fullRangeScanOfLoopbackMatchesSs() throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")),
                "ss (iproute2) is not installed");
        NamespaceLab.requireAvailable();

        NamespaceLab.Outcome o = NamespaceLab.run(SsAgreementMain.class, List.of(), Duration.ofMinutes(4));

        assertThat(o.exitCode()).as("child exit; stderr:%n%s", o.stderr()).isZero();
        assertThat(o.get("exit")).as(o.get("stderr")).isEqualTo("0");
        List<String> reachable = List.of(o.get("ss.before").split(","));
        assertThat(reachable).as("what ss shows reachable at 127.0.0.1")
                .contains(o.get("listener.loopback"), o.get("listener.any"), o.get("listener.dualstack"))
                .doesNotContain(o.get("listener.elsewhere"));
        assertThat(o.get("scan.open")).as("ports the scan found open").isEqualTo(o.get("ss.before"));
        assertThat(o.get("ss.after")).isEqualTo(o.get("ss.before"));
    }
}
