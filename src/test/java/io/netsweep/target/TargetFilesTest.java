package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

    @Test
    void commasSeparateTargetsInFilesButKeepOctetLists() throws IOException {
        Path file = write("commas.txt", "10.0.0.1,10.0.0.3,5  # three\n10.0.1.*,  10.0.2.1\n");
        TargetSet set = TargetSet.builder(HostResolver.none()).addFile(file).build();
        assertThat(set.size()).isEqualTo(3 + 256 + 1);
        assertThat(all(set)).startsWith("10.0.0.1", "10.0.0.3", "10.0.0.5", "10.0.1.0").endsWith("10.0.1.255", "10.0.2.1");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void devZeroIsALineTooLongNotAnExhaustedHeap() {
        Path zero = Path.of("/dev/zero");
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(zero))
                .isInstanceOf(TargetException.class)
                .hasMessage("cannot read target file \"/dev/zero\": line 1 is longer than 65536 characters");
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).excludeFile(zero))
                .hasMessage("cannot read exclude file \"/dev/zero\": line 1 is longer than 65536 characters");
    }

    @Test
    void overlongLineIsNamedByItsNumber() throws IOException {
        Path file = write("long.txt", "10.0.0.1\n" + " ".repeat(70_000) + "10.0.0.2\n");
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(file))
                .hasMessage("cannot read target file \"" + file + "\": line 2 is longer than 65536 characters");
        Path fits = write("fits.txt", " ".repeat(65_000) + "10.0.0.2\n");
        assertThat(all(TargetSet.builder(HostResolver.none()).addFile(fits).build())).containsExactly("10.0.0.2");
    }

    @Test
    void fileOverSixtyFourMebibytesIsRefusedBeforeReading() throws IOException {
        Path big = dir.resolve("big.txt");
        try (var f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength((64L << 20) + 1); // sparse: costs no disk
        }
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(big))
                .hasMessage("cannot read target file \"" + big + "\": larger than 64 MiB");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void endlessFifoIsCutOffAtSixtyFourMebibytes() throws Exception {
        Path fifo = mkfifo("endless");
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().name("nsw-test-fifo-writer").start(() -> {
            byte[] comments = ("# " + "x".repeat(1000) + "\n").repeat(64).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = Files.newOutputStream(fifo)) {
                while (!stop.get()) {
                    out.write(comments);
                }
            } catch (IOException readerWentAway) {
                // expected: the reader closes the FIFO once it has had enough
            }
        });
        try {
            assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(fifo))
                    .hasMessage("cannot read target file \"" + fifo + "\": larger than 64 MiB");
        } finally {
            stop.set(true);
            writer.join(10_000);
        }
        assertThat(writer.isAlive()).isFalse();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void fifoIsReadToItsEnd() throws Exception {
        Path fifo = mkfifo("targets");
        Thread writer = Thread.ofPlatform().name("nsw-test-fifo-writer").start(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("10.0.0.1\n10.0.0.2,4 # from a pipe\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        TargetSet set = TargetSet.builder(HostResolver.none()).addFile(fifo).build();
        writer.join(10_000);
        assertThat(all(set)).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.4");
    }

    @Test
    void streamIsReadToItsEndAndLeftOpen() {
        var in = new ByteArrayInputStream("10.0.0.1\n# end\n10.0.0.3".getBytes(StandardCharsets.UTF_8)) {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        TargetSet set = TargetSet.builder(HostResolver.none()).addFrom(in, "targets on standard input").build();
        assertThat(all(set)).containsExactly("10.0.0.1", "10.0.0.3");
        assertThat(in.closed).isFalse();
        var bad = new ByteArrayInputStream("10.0.0.1\n10.0.0.300\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).excludeFrom(bad, "exclusions on standard input"))
                .hasMessage("invalid target \"10.0.0.300\": octet 300 is above 255 (exclusions on standard input, line 2)");
    }

    @Test
    void moreThanAMillionSpecsAreRefused() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= TargetSetBuilder.MAX_SPECS; i++) {
            text.append("10.").append(i >> 16).append('.').append((i >> 8) & 0xff).append('.').append(i & 0xff).append('\n');
        }
        Path file = write("million.txt", text.toString());
        assertThatThrownBy(() -> TargetSet.builder(HostResolver.none()).addFile(file))
                .hasMessage("too many target specs: at most 1000000 targets and exclusions together; use CIDR blocks or"
                        + " ranges (target file \"" + file + "\", line 1000001)");
    }

    private Path mkfifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return fifo;
    }
}
