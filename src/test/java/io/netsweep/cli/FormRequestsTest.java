package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.port.PortSet;
import io.netsweep.target.TargetException;
import io.netsweep.web.InvalidScanRequestException;
import io.netsweep.web.ScanForm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The web form is held to the command line's bounds: what the command line refuses, the form refuses. */
class FormRequestsTest {
    private final FormRequests requests = new FormRequests(new CliContext(new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()), () -> false, new RecordingScanner(), servers -> name -> {
                throw new TargetException("no DNS in this test");
            }, CtrlC.none(), "netsweep ui"));

    private static ScanForm form(String ports, OptionalInt timeoutMs, OptionalInt concurrency) {
        return new ScanForm("127.0.0.1", "", "custom", ports, timeoutMs, concurrency, false, false);
    }

    @Test
    void outOfRangeTimingIsRefusedAsOnTheCommandLine() {
        assertThatThrownBy(() -> requests.create(form("80", OptionalInt.of(300_001), OptionalInt.empty())))
                .isInstanceOf(InvalidScanRequestException.class).hasMessageContaining("--timeout");
        assertThatThrownBy(() -> requests.create(form("80", OptionalInt.empty(), OptionalInt.of(1_000_001))))
                .isInstanceOf(InvalidScanRequestException.class).hasMessageContaining("--concurrency");
    }

    @Test
    void servicesByNameWorkInTheFormToo() throws Exception {
        assertThat(requests.create(form("http,ssh", OptionalInt.empty(), OptionalInt.empty())).ports())
                .isEqualTo(PortSet.of(22, 80));
        assertThatThrownBy(() -> requests.create(form("U:53", OptionalInt.empty(), OptionalInt.empty())))
                .isInstanceOf(InvalidScanRequestException.class).hasMessageContaining("UDP");
    }
}
