package io.netsweep.dns;

import static io.netsweep.dns.ReverseLookupOutcomeTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading hosts files as the C library does, whatever they hold. */
class HostsFileTest {
    @TempDir
    Path dir;

    @Test
    void eachAddressIsNamedByTheFirstNameOfTheFirstLineListingIt() throws IOException {
        Path file = write("""
                127.0.0.1\tlocalhost
                127.0.1.1 box.lab.test box
                10.0.0.5 first.lab.test alias
                10.0.0.5 second.lab.test
                ::1 localhost ip6-localhost ip6-loopback
                """);

        assertThat(HostsFile.canonicalNames(Optional.of(file))).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                address("127.0.0.1"), "localhost", address("127.0.1.1"), "box.lab.test",
                address("10.0.0.5"), "first.lab.test", address("::1"), "localhost"));
    }

    @Test
    void aNameHasEveryAddressListedForItInAnyCase() throws IOException {
        Path file = write("""
                10.0.0.1 Web.Lab.Test www
                10.0.0.2 web.lab.test
                fd00::1  WEB.LAB.TEST.
                10.0.0.1 web.lab.test
                """);

        var byName = HostsFile.addressesByName(Optional.of(file));
        assertThat(byName.get(HostsFile.key("web.LAB.test."))).containsExactly(
                address("10.0.0.1"), address("10.0.0.2"), address("fd00::1"));
        assertThat(byName.get(HostsFile.key("WWW"))).containsExactly(address("10.0.0.1"));
    }

    @Test
    void commentsBlankLinesAndLinesWithoutAnAddressAreSkipped() throws IOException {
        Path file = write("""
                # 10.0.0.9 commented.lab.test
                   \t
                10.0.0.1#comment.lab.test
                10.0.0.2 two.lab.test# trailing comment
                not-an-address name.lab.test
                10.0.0.300 bad-octet.lab.test
                010.0.0.3 leading-zero.lab.test
                fe80::1%eth0 scoped.lab.test
                10.0.0.4\r
                10.0.0.5 crlf.lab.test\r
                """);

        assertThat(HostsFile.canonicalNames(Optional.of(file))).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                address("10.0.0.2"), "two.lab.test", address("10.0.0.5"), "crlf.lab.test"));
    }

    @Test
    void namesAreSanitizedAndAStrayByteSpoilsOnlyItsOwnName() throws IOException {
        Path file = dir.resolve("hosts");
        Files.write(file, ("10.0.0.1 evil\u001b[31m.lab.test\n"
                + "10.0.0.2 caf\u00e9.lab.test\n"
                + "10.0.0.3 plain.lab.test\n").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(HostsFile.canonicalNames(Optional.of(file))).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                address("10.0.0.1"), "evil??31m.lab.test", address("10.0.0.2"), "caf?.lab.test",
                address("10.0.0.3"), "plain.lab.test"));
    }

    @Test
    void aMissingFileADirectoryOrNoFileListNothing() {
        assertThat(HostsFile.canonicalNames(Optional.of(dir.resolve("missing")))).isEmpty();
        assertThat(HostsFile.canonicalNames(Optional.of(dir))).isEmpty();
        assertThat(HostsFile.addressesByName(Optional.empty())).isEmpty();
    }

    @Test
    void nothingBeyondTheSizeLimitIsRead() throws IOException {
        Path file = dir.resolve("huge-hosts");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("10.0.0.1 early.lab.test\n".getBytes(StandardCharsets.US_ASCII));
            byte[] comments = ("#" + "x".repeat(1022) + "\n").getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < HostsFile.MAX_BYTES; written += comments.length) {
                out.write(comments);
            }
            out.write("10.0.0.2 late.lab.test\n".getBytes(StandardCharsets.US_ASCII));
        }

        assertThat(HostsFile.canonicalNames(Optional.of(file))).containsOnlyKeys(address("10.0.0.1"));
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("hosts");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
