package io.netsweep.output;

import static io.netsweep.output.Scans.A5;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.service.ServiceReport;
import io.netsweep.testing.Reports;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What -v and -vv print on standard error while a scan runs. */
class VerboseLogTest {
    private static String log(int level, List<io.netsweep.scan.ScanEvent> events) {
        StringWriter out = new StringWriter();
        VerboseLog log = new VerboseLog(out, level);
        events.forEach(log::onEvent);
        return out.toString();
    }

    @Test
    void veryVerboseNamesEachDetectedServiceAsItIsFound() {
        String text = log(2, List.of(new ServiceIdentified(A5, 22, Reports.openSsh()),
                new ServiceIdentified(A5, 443, Reports.nginxTls()),
                new ServiceIdentified(A5, 11434, Reports.ai(Scans.OLLAMA)),
                new ServiceIdentified(A5, 9999, Reports.unknown("hello"))));
        assertThat(text.lines()).containsExactly(
                "Service on 22/tcp of 10.0.0.5: ssh OpenSSH 9.2p1 (protocol 2.0; Debian 2+deb12u10)",
                "Service on 443/tcp of 10.0.0.5: ssl/http nginx 1.22.1",
                "Service on 11434/tcp of 10.0.0.5: http Ollama 0.5.7 (llm-server)",
                "Service on 9999/tcp of 10.0.0.5: unknown");
        assertThat(log(1, List.of(new ServiceIdentified(A5, 22, Reports.openSsh())))).isEmpty();
    }

    @Test
    void whatTheServiceSaidCannotDriveTheTerminal() {
        var hostile = new ServiceReport("ssh", Optional.of("Open\u001b[2JSSH"), Optional.of("9\u009b2"), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), ServiceReport.Method.PROBED, 10, "x");
        String text = log(2, List.of(new ServiceIdentified(A5, 22, hostile)));
        assertThat(text).doesNotContain("\u001b", "\u009b").hasLineCount(1);
    }
}
