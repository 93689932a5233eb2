package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OuiRegistryTest {
    private static final OuiRegistry BUNDLED = OuiRegistry.bundled();

    @Test
    void namesTheVendorOfA24BitPrefix() {
        assertThat(BUNDLED.vendor(MacAddress.parse("00:1b:21:aa:bb:cc"))).contains("Intel Corporate");
        assertThat(BUNDLED.vendor(MacAddress.parse("B8-27-EB-01-02-03"))).contains("Raspberry Pi Foundation");
    }

    @Test
    void aLonger28Or36BitAssignmentWinsOverItsBlock() {
        // 20:85:93 is an IEEE RA block; 20:85:93:B is IOG Products' MA-M assignment inside it,
        // and 20:85:93:F is not assigned yet, so the block's own name is all there is.
        assertThat(BUNDLED.vendor(MacAddress.parse("20:85:93:b1:23:45"))).contains("IOG Products LLC");
        assertThat(BUNDLED.vendor(MacAddress.parse("20:85:93:01:23:45"))).contains("Hemina Spa");
        assertThat(BUNDLED.vendor(MacAddress.parse("20:85:93:f1:23:45"))).contains("IEEE Registration Authority");
        // 70:B3:D5:71:9 is an MA-S (36-bit) assignment.
        assertThat(BUNDLED.vendor(MacAddress.parse("70:b3:d5:71:9a:bc"))).contains("2M Technology");
    }

    @Test
    void locallyAdministeredAndGroupAddressesHaveNoVendor() {
        assertThat(BUNDLED.vendor(MacAddress.parse("02:31:00:00:00:05"))).isEmpty();
        assertThat(OuiRegistry.isLocallyAdministered(MacAddress.parse("02:1b:21:00:00:00"))).isTrue();
        assertThat(BUNDLED.vendor(MacAddress.parse("02:1b:21:00:00:00")))
                .as("Intel's prefix with the local bit set is not Intel's").isEmpty();
        assertThat(BUNDLED.vendor(MacAddress.parse("01:00:5e:00:00:01"))).as("multicast").isEmpty();
    }

    @Test
    void anUnassignedPrefixHasNoVendor() {
        assertThat(BUNDLED.vendor(MacAddress.parse("4c:00:00:12:34:56"))).isEmpty();
    }

    @Test
    void theBundledDataSaysWhereItCameFrom() {
        assertThat(BUNDLED.source()).startsWith("source: IEEE registry via Debian ieee-data");
        assertThat(BUNDLED.size()).isGreaterThan(40_000);
    }

    @Test
    void agreesWithTheInstalledIeeeRegistry() throws IOException {
        Path csv = Path.of("/usr/share/ieee-data/oui.csv");
        Prerequisites.require(Files.isReadable(csv), "ieee-data is not installed");
        List<String[]> rows = parseCsv(Files.readString(csv, StandardCharsets.UTF_8));
        int checked = 0;
        for (int i = 1; i < rows.size(); i += 97) {
            String[] row = rows.get(i);
            if (row.length < 3 || row[2].contains("IEEE Registration Authority") || row[1].length() != 6) {
                continue;
            }
            long bits = Long.parseLong(row[1], 16) << 24;
            MacAddress mac = new MacAddress(bits);
            if (OuiRegistry.isLocallyAdministered(mac) || OuiRegistry.isGroup(mac)) {
                continue;
            }
            assertThat(BUNDLED.vendor(mac)).as("vendor of %s", row[1]).contains(row[2].trim().replaceAll("\\s+", " "));
            checked++;
        }
        assertThat(checked).isGreaterThan(200);
    }

    @Test
    void vendorNamesAreCleanedOfControlCharactersAndCapped() throws IOException {
        String tsv = "# source: test table\n"
                + "A4BBCC\tEvil\u001b[31m Corp\u0007\u200e\n"
                + "AABBCC\tLocal Bit Set Ltd\n"
                + "A0A0A0\t" + "x".repeat(500) + "\n"
                + "not a line\n";
        byte[] data = gzip(tsv);
        OuiRegistry r = OuiRegistry.fromGzip(() -> new ByteArrayInputStream(data));

        assertThat(r.vendor(MacAddress.parse("a4:bb:cc:00:00:00"))).contains("Evil[31m Corp");
        assertThat(r.vendor(MacAddress.parse("aa:bb:cc:00:00:00"))).as("locally administered").isEmpty();
        assertThat(r.vendor(MacAddress.parse("a0:a0:a0:00:00:00"))).hasValueSatisfying(v ->
                assertThat(v).hasSize(OuiRegistry.MAX_VENDOR_LENGTH));
        assertThat(r.source()).isEqualTo("source: test table");
        assertThat(r.size()).isEqualTo(3);
    }

    @Test
    void theLongestMatchingPrefixWins() throws IOException {
        String tsv = "# source: t\nA0BBCC\tShort\nA0BBCCD\tMiddle\nA0BBCCDEF\tLong\n";
        byte[] data = gzip(tsv);
        OuiRegistry r = OuiRegistry.fromGzip(() -> new ByteArrayInputStream(data));

        assertThat(r.vendor(MacAddress.parse("a0:bb:cc:de:f1:23"))).contains("Long");
        assertThat(r.vendor(MacAddress.parse("a0:bb:cc:d0:00:00"))).contains("Middle");
        assertThat(r.vendor(MacAddress.parse("a0:bb:cc:00:00:00"))).contains("Short");
    }

    @Test
    void controlCharactersNeverReachTheName() {
        assertThat(OuiRegistry.clean("Evil\u001b[31m Corp\u0007\u200e")).isEqualTo("Evil[31m Corp");
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Just enough CSV for the registry file: quoted fields with commas. */
    private static List<String[]> parseCsv(String text) {
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    fields.add(f.toString());
                    f.setLength(0);
                } else {
                    f.append(c);
                }
            }
            fields.add(f.toString());
            rows.add(fields.toArray(String[]::new));
        }
        return rows;
    }
}
