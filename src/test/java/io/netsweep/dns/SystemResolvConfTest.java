package io.netsweep.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.target.IpLiterals;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing resolv.conf files written by the test; the machine's own file is never read. */
class SystemResolvConfTest {
    @TempDir
    Path dir;

    @Test
    void nameserverLinesGiveServersOnPort53InFileOrder() throws Exception {
        Path file = write("""
                # generated
                search lab.test
                nameserver 10.0.0.53
                ; another comment
                  nameserver\t::1
                options ndots:2 timeout:1
                """);
        assertThat(SystemResolvConf.nameservers(file)).containsExactly(server("10.0.0.53"), server("::1"));
    }

    @Test
    void ipv6WithScopeIsKept() throws Exception {
        Path file = write("nameserver fe80::1%1\n");
        List<InetSocketAddress> servers = SystemResolvConf.nameservers(file);
        assertThat(servers).containsExactly(server("fe80::1%1"));
        assertThat(((java.net.Inet6Address) servers.getFirst().getAddress()).getScopeId()).isEqualTo(1);
    }

    @Test
    void invalidAndCommentedEntriesAreSkipped() throws Exception {
        Path file = write("""
                #nameserver 10.0.0.1
                nameserver dns.example
                nameserver 300.1.1.1
                nameserver
                nameservers 10.0.0.2
                nameserver 10.0.0.3 # trailing words are ignored
                """);
        assertThat(SystemResolvConf.nameservers(file)).containsExactly(server("10.0.0.3"));
    }

    @Test
    void onlyTheFirstThreeServersCountAsInTheCLibrary() throws Exception {
        Path file = write("nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\nnameserver 10.0.0.4\n");
        assertThat(SystemResolvConf.nameservers(file)).hasSize(SystemResolvConf.MAX_NAMESERVERS)
                .doesNotContain(server("10.0.0.4"));
    }

    @Test
    void nonUtf8BytesDoNotHideTheServers() throws Exception {
        Path file = dir.resolve("resolv.conf");
        Files.write(file, new byte[] {'#', (byte) 0xFF, (byte) 0xFE, '\n', 'n', 'a', 'm', 'e', 's', 'e', 'r', 'v', 'e', 'r', ' ',
            '1', '0', '.', '0', '.', '0', '.', '1', '\n'});
        assertThat(SystemResolvConf.nameservers(file)).containsExactly(server("10.0.0.1"));
    }

    @Test
    void missingFileGivesNoServersAndTheFallbackIsLocalhost() {
        Path missing = dir.resolve("absent.conf");
        assertThat(SystemResolvConf.nameservers(missing)).isEmpty();
        assertThat(SystemResolvConf.nameserversOrLocal(missing)).containsExactly(server("127.0.0.1"));
    }

    private Path write(String content) throws Exception {
        return Files.writeString(dir.resolve("resolv.conf"), content);
    }

    private static InetSocketAddress server(String ip) {
        return new InetSocketAddress(IpLiterals.parseScoped(ip).orElseThrow(), 53);
    }
}
