package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.testing.Prerequisites;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one IP-literal parser, in its two forms: targets (no zone IDs) and DNS servers (scopes allowed). */
class IpLiteralsTest {

    @Test
    void aScopeIsANumberOrAnInterfaceOfThisMachine() throws Exception {
        Inet6Address numbered = (Inet6Address) IpLiterals.parseScoped("fe80::1%7").orElseThrow();
        assertThat(numbered.getScopeId()).isEqualTo(7);
        assertThat(numbered.getAddress()).isEqualTo(InetAddress.ofLiteral("fe80::1").getAddress());
        assertThat(IpLiterals.parseScoped("fe80::1%nosuchif0")).isEmpty();
    }

    /**
     * A name scope needs an interface with a link-local address (the JDK takes its scope from one), which an
     * isolated test namespace does not have: a child JVM runs in a network namespace of its own (gone with it)
     * holding a veth pair, one end given one.
     */
    @Test
    void aNamedScopeIsTheInterfaceOfThatName() throws Exception {
        Prerequisites.require(Prerequisites.root() && Files.isExecutable(Path.of("/usr/bin/unshare"))
                && Files.isExecutable(Path.of("/usr/sbin/ip")), "needs root, unshare and ip (a namespace of its own)");
        String iface = "ll" + Long.toString(ProcessHandle.current().pid(), 36);
        Path dir = Path.of("").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElseThrow();
        String script = "ip link add \"$1\" type veth peer name \"$1p\""
                + " && ip addr add fe80::1/64 dev \"$1\" nodad && ip link set \"$1p\" up && ip link set \"$1\" up"
                + " && shift && exec \"$@\"";
        Process p = new ProcessBuilder("unshare", "--net", "sh", "-c", script, "sh", iface, java, "-XX:-UsePerfData",
                "-cp", dir.resolve("target/classes") + ":" + dir.resolve("target/test-classes"),
                ScopedLiteralMain.class.getName(), iface).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines()).as(out).containsExactly("linklocal=true", "scoped=" + iface);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"010.0.0.1", "1.2.3", "256.1.1.1", "[::1]", "::1%", "1.2.3.4%1", "::1%a b", "::1:5353:",
        "fe80::1%99999999999", "dns.example", ""})
    void aDnsServerAddressIsAStrictLiteral(String text) {
        assertThat(IpLiterals.parseScoped(text)).isEmpty();
    }

    @Test
    void bothFormsReadTheSameAddressesAlike() {
        for (String text : new String[] {"192.0.2.1", "::1", "2001:db8::1", "::ffff:192.0.2.1", "fd00::10.0.0.1"}) {
            assertThat(IpLiterals.parseScoped(text)).hasValue(IpLiterals.parse(text));
        }
        assertThat(IpLiterals.parse("::ffff:192.0.2.1")).as("IPv4-mapped text stays IPv6").isInstanceOf(Inet6Address.class);
    }

    @Test
    void targetsRefuseZoneIds() {
        assertThatThrownBy(() -> IpLiterals.parse("fe80::1%1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zone");
    }
}
