package io.netsweep.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortPresetsTest {

    @Test
    void simpleIsTheTop100AndHasTheUsualSuspects() {
        PortSet simple = PortPresets.simple();
        assertThat(simple.size()).isEqualTo(100);
        assertThat(simple.toArray()).contains(22, 80, 443, 21, 23, 25, 53, 3389, 8080);
        assertThat(simple).isEqualTo(PortPresets.topPorts(100));
    }

    @Test
    void fullIsEveryPort() {
        PortSet full = PortPresets.full();
        assertThat(full.size()).isEqualTo(65535);
        assertThat(full.get(0)).isEqualTo(1);
        assertThat(full.get(65534)).isEqualTo(65535);
    }

    @Test
    void aiHasTheNamedToolPorts() {
        assertThat(PortPresets.ai().toArray()).contains(11434, 1234, 8888, 8000, 6006, 5000, 7860, 8501)
                .contains(8080, 8188, 6333, 19530, 4000);
    }

    @Test
    void customIsEmpty() {
        assertThat(PortPresets.custom().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "FULL", " ai ", "custom"})
    void byNameFindsEachPreset(String name) {
        assertThat(PortPresets.byName(name)).isNotNull();
    }

    @Test
    void byNameMatchesTheFactories() {
        assertThat(PortPresets.byName("simple")).isEqualTo(PortPresets.simple());
        assertThat(PortPresets.byName("ai")).isEqualTo(PortPresets.ai());
        assertThat(PortPresets.byName("full")).isEqualTo(PortPresets.full());
    }

    @Test
    void unknownPresetIsAOneLineError() {
        assertThatThrownBy(() -> PortPresets.byName("fast"))
                .isInstanceOf(PortSpecException.class)
                .hasMessage("unknown port preset \"fast\": expected one of simple, full, ai, custom");
    }

    @Test
    void rankingIsNestedAndCoversEveryPort() {
        assertThat(PortPresets.topPorts(1).toArray()).containsExactly(80);
        for (int n : new int[] {1, 10, 100, 1000, 10000}) {
            assertThat(PortPresets.topPorts(n * 2).toArray()).contains(PortPresets.topPorts(n).toArray());
        }
        assertThat(PortPresets.topPorts(1000).size()).isEqualTo(1000);
        assertThat(PortPresets.topPorts(65535)).isEqualTo(PortPresets.full());
    }

    @Test
    void defaultPortsCoverTheServicesPeopleExpect() {
        int[] remote = {22, 23, 3389, 5900, 5985, 5986};
        int[] web = {80, 443, 8080, 8443, 8000, 8008, 8081, 8888, 3000, 5000, 9090, 9443};
        int[] files = {21, 445, 139, 135, 111, 2049, 873};
        int[] mail = {25, 110, 143, 465, 587, 993, 995};
        int[] directory = {53, 88, 389, 636, 3268};
        int[] databases = {3306, 5432, 1433, 1521, 6379, 27017, 9200, 11211, 5984, 9042};
        int[] infrastructure = {2375, 6443, 10250, 2379, 1883, 5672, 9092, 161, 9100, 631, 5060, 1723, 502};
        PortSet simple = PortPresets.simple();
        PortSet top1000 = PortPresets.topPorts(1000);
        for (int[] group : new int[][] {remote, web, files, mail, directory, databases, infrastructure}) {
            assertThat(top1000.toArray()).contains(group);
        }
        assertThat(simple.toArray()).contains(web).contains(files).contains(mail)
                .contains(22, 23, 3389, 5900, 53, 389, 3306, 5432, 1433, 1521, 6379, 27017);
    }

    /** The ports of scripts/common-tcp-ports.txt in the file's order. */
    private static List<Integer> commonList() throws IOException {
        Path list = Path.of(System.getProperty("netsweep.project.dir", "."), "scripts/common-tcp-ports.txt");
        Prerequisites.require(Files.isReadable(list), "scripts/common-tcp-ports.txt not found");
        return Files.readAllLines(list).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> Integer.parseInt(l.split("\\s+", 2)[0]))
                .toList();
    }

    /** The committed table starts with scripts/common-tcp-ports.txt, in the file's order (it was regenerated). */
    @Test
    void rankingBeginsWithTheCommonServicesListInItsOrder() throws IOException {
        List<Integer> listed = commonList();
        assertThat(listed).hasSizeGreaterThanOrEqualTo(100).doesNotHaveDuplicates();
        assertThat(Arrays.stream(PortData.get().top(listed.size())).boxed().toList()).isEqualTo(listed);
    }

    /** After the list: IANA-named system ports, then IANA-named user ports, then the rest, each ascending. */
    @Test
    void afterTheListComeIanaRegisteredPortsThenTheRest() throws IOException {
        ServiceNames names = ServiceNames.tcp();
        int[] all = PortData.get().top(PortSet.MAX_PORT);
        int listEnd = commonList().size();
        int group = 0; // 0: named 1-1023, 1: named 1024-49151, 2: the rest
        int previous = 0;
        String outOfOrder = null;
        for (int i = listEnd; i < all.length && outOfOrder == null; i++) {
            int port = all[i];
            boolean named = names.lookup(port).isPresent();
            int g = named && port <= 1023 ? 0 : named && port <= 49151 ? 1 : 2;
            if (g < group || (g == group && port <= previous)) {
                outOfOrder = "port " + port + " (group " + g + ") after " + previous + " (group " + group + ")";
            }
            if (g != group) {
                previous = 0;
            }
            group = g;
            previous = Math.max(previous, port);
        }
        assertThat(outOfOrder).as("groups in order, ascending within each").isNull();
        assertThat(group).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void topPortsOutsideRangeIsAnError(int n) {
        assertThatThrownBy(() -> PortPresets.topPorts(n))
                .isInstanceOf(PortSpecException.class)
                .hasMessage("invalid --top-ports \"" + n + "\": must be 1-65535");
    }
}
