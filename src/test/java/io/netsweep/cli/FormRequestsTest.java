package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.port.PortSet;
import io.netsweep.scan.ScanRequest;
import io.netsweep.target.TargetException;
import io.netsweep.web.InvalidScanRequestException;
import io.netsweep.web.ScanForm;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web form's targets and exclusions, read by the command line's rules: the page's own placeholder
 * must work, and octet lists keep their commas while commas and blanks still separate targets; and the form
 * is held to the command line's bounds: what the command line refuses, the form refuses.
 */
class FormRequestsTest {

    /** Hostnames of the form resolve here; the resolver itself is the DNS package's concern. */
    private static FormRequests form() {
        PrintWriter none = new PrintWriter(new StringWriter());
        CliContext context = new CliContext(none, none, () -> false, null, servers -> name -> {
            if (!name.equals("host.lan")) {
                throw new TargetException("cannot resolve target \"" + name + "\": unknown host");
            }
            return List.of(InetAddress.getLoopbackAddress());
        }, CtrlC.none(), "netsweep (test)");
        return new FormRequests(context);
    }

    private static ScanForm targets(String targets, String exclude) {
        return new ScanForm(targets, exclude, "", "", OptionalInt.empty(), OptionalInt.empty(), false, false);
    }

    private static String placeholder() throws IOException {
        try (InputStream in = FormRequestsTest.class.getResourceAsStream("/io/netsweep/web/index.html")) {
            String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<input id=\"targets\"[^>]*placeholder=\"([^\"]*)\"").matcher(page);
            assertThat(m.find()).as("the targets box has a placeholder").isTrue();
            return m.group(1);
        }
    }

    @Test
    void thePagesPlaceholderIsAValidScan() throws Exception {
        String example = placeholder();
        ScanRequest request = form().create(targets(example, ""));
        long expected = 0;
        for (String token : FormRequests.tokens(example)) {
            expected += form().create(targets(token, "")).targets().size(); // each part on its own
        }
        assertThat(request.targets().size()).isEqualTo(expected);
        assertThat(FormRequests.tokens(example)).hasSizeGreaterThan(1);
    }

    @Test
    void octetPatternsInTargetsAndExclusions() throws Exception {
        ScanRequest request = form().create(targets("10.0.0.1,5,7, 10.1.*.1\n192.168.1-3.1-10 host.lan",
                "10.1.3-5.1, 192.168.1.1,2"));
        assertThat(request.targets().size()).isEqualTo(3 + (256 - 3) + (30 - 2) + 1);
        assertThat(request.targets().contains(InetAddress.getByName("10.0.0.5"))).isTrue();
        assertThat(request.targets().contains(InetAddress.getByName("10.0.0.6"))).isFalse();
        assertThat(request.targets().contains(InetAddress.getByName("10.1.4.1"))).isFalse();
        assertThat(request.targets().contains(InetAddress.getByName("192.168.2.10"))).isTrue();
    }

    @Test
    void tokensSplitAtCommasAndBlanksButKeepOctetLists() {
        assertThat(FormRequests.tokens(" 10.0.0.1,5,7,10.0.0.9\n\nhost.lan,fd00::1 192.168.1,3.1 "))
                .containsExactly("10.0.0.1,5,7", "10.0.0.9", "host.lan", "fd00::1", "192.168.1,3.1");
    }

    @Test
    void ipv6HasNoOctetListsSoABareNumberAfterItIsRefused() {
        assertThatThrownBy(() -> form().create(targets("fd00::1,5", "")))
                .isInstanceOf(InvalidScanRequestException.class)
                .hasMessage("invalid target \"5\": an IPv4 address has four dot-separated octets");
    }

    private final FormRequests requests = new FormRequests(new CliContext(new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()), () -> false, new RecordingScanner(), servers -> name -> {
                throw new TargetException("no DNS in this test");
            }, CtrlC.none(), "netsweep ui"));

    private static ScanForm portsForm(String ports, OptionalInt timeoutMs, OptionalInt concurrency) {
        return new ScanForm("127.0.0.1", "", "custom", ports, timeoutMs, concurrency, false, false);
    }

    @Test
    void outOfRangeTimingIsRefusedAsOnTheCommandLine() {
        assertThatThrownBy(() -> requests.create(portsForm("80", OptionalInt.of(300_001), OptionalInt.empty())))
                .isInstanceOf(InvalidScanRequestException.class).hasMessageContaining("--timeout");
        assertThatThrownBy(() -> requests.create(portsForm("80", OptionalInt.empty(), OptionalInt.of(1_000_001))))
                .isInstanceOf(InvalidScanRequestException.class).hasMessageContaining("--concurrency");
    }

    @Test
    void servicesByNameWorkInTheFormToo() throws Exception {
        assertThat(requests.create(portsForm("http,ssh", OptionalInt.empty(), OptionalInt.empty())).ports())
                .isEqualTo(PortSet.of(22, 80));
        assertThatThrownBy(() -> requests.create(portsForm("U:53", OptionalInt.empty(), OptionalInt.empty())))
                .isInstanceOf(InvalidScanRequestException.class).hasMessageContaining("UDP");
    }
}
