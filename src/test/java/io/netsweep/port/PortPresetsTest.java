package io.netsweep.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
    void topPortsFollowNmapFrequencyOrder() {
        assertThat(PortPresets.topPorts(1).toArray()).containsExactly(80);
        // nmap's five most often open TCP ports
        assertThat(PortPresets.topPorts(5).toArray()).containsExactlyInAnyOrder(80, 23, 443, 21, 22);
        for (int n : new int[] {1, 10, 100, 1000}) {
            assertThat(PortPresets.topPorts(n * 2).toArray()).contains(PortPresets.topPorts(n).toArray());
        }
        assertThat(PortPresets.topPorts(1000).size()).isEqualTo(1000);
        assertThat(PortPresets.topPorts(65535)).isEqualTo(PortPresets.full());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void topPortsOutsideRangeIsAnError(int n) {
        assertThatThrownBy(() -> PortPresets.topPorts(n))
                .isInstanceOf(PortSpecException.class)
                .hasMessage("invalid --top-ports \"" + n + "\": must be 1-65535");
    }

    /** Cross-checks the committed data against nmap's own file where nmap is installed. */
    @Test
    void top100MatchesTheInstalledNmapServices() throws IOException {
        Path services = Path.of("/usr/share/nmap/nmap-services");
        Prerequisites.require(Files.isReadable(services), "nmap-services not installed");
        record Entry(int port, double freq) {}
        List<Integer> expected;
        try (var lines = Files.lines(services)) {
            expected = lines.filter(l -> !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .filter(f -> f.length >= 3 && f[1].endsWith("/tcp"))
                    .map(f -> new Entry(Integer.parseInt(f[1].substring(0, f[1].indexOf('/'))), Double.parseDouble(f[2])))
                    .sorted(Comparator.comparingDouble(Entry::freq).reversed().thenComparingInt(Entry::port))
                    .limit(100)
                    .map(Entry::port)
                    .toList();
        }
        assertThat(PortPresets.simple().stream().boxed().toList()).containsExactlyInAnyOrderElementsOf(expected);
    }
}
