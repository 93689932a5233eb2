package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static List<String> all(TargetSet set) {
        List<String> out = new ArrayList<>();
        for (InetAddress a : set) {
            out.add(a.getHostAddress());
        }
        return out;
    }

    @Test
    void targetFileTakesOneOrManyTokensPerLineWithCommentsAndBlankLines() throws IOException {
        Path file = write("targets.txt", """
                # lab hosts
                10.0.0.1

                10.0.0.5-7   10.0.0.9   # printers
                \t  fd00::1/127
                #10.0.0.100
                """);
        TargetSet set = TargetSet.builder(HostResolver.none()).addFile(file).build();
        assertThat(all(set)).containsExactly("10.0.0.1", "10.0.0.5", "10.0.0.6", "10.0.0.7", "10.0.0.9",
                "fd00:0:0:0:0:0:0:0", "fd00:0:0:0:0:0:0:1");
    }

    @Test
    void excludeFileSubtractsItsTokens() throws IOException {
        Path exclude = write("exclude.txt", "10.0.0.0/26 # first quarter\n10.0.0.200\n");
        TargetSet set = TargetSet.builder(HostResolver.none()).add("10.0.0.0/24").excludeFile(exclude).build();
        assertThat(set.size()).isEqualTo(254 - 63 - 1);
        assertThat(set.get(0).getHostAddress()).isEqualTo("10.0.0.64");
        assertThat(set.contains(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) 200}))).isFalse();
    }

    @Test
    void badTokenInFileNamesTokenFileAndLine() throws IOException {
        Path file = write("bad.txt", "10.0.0.1\n# fine\n10.0.0.2 300.1.1.1\n");
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(file))
                .isInstanceOf(TargetException.class)
                .hasMessage("invalid target \"300.1.1.1\": octet 300 is above 255 (target file \"" + file + "\", line 3)");
    }

    @Test
    void missingFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("nope.txt");
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(missing))
                .isInstanceOf(TargetException.class)
                .hasMessage("cannot read target file \"" + missing + "\": no such file");
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).excludeFile(missing))
                .hasMessage("cannot read exclude file \"" + missing + "\": no such file");
    }

    @Test
    void directoryAndNonUtf8FilesAreErrorsNamingThem() throws IOException {
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(dir))
                .hasMessage("cannot read target file \"" + dir + "\": it is a directory");
        Path binary = Files.write(dir.resolve("bin.dat"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x31});
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(binary))
                .hasMessage("cannot read target file \"" + binary + "\": not UTF-8 text");
    }

    @Test
    void fileWithOnlyCommentsGivesNoTargets() throws IOException {
        Path file = write("empty.txt", "# nothing here\n\n   \n");
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(file).build())
                .hasMessage("no targets to scan");
    }
}
