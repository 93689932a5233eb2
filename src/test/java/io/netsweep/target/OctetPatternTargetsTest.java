package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** nmap octet patterns in target sets: exact, ordered and indexable however many intervals they make. */
class OctetPatternTargetsTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup happens
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> all(TargetSet set) {
        List<String> out = new ArrayList<>();
        set.forEach(a -> out.add(a.getHostAddress()));
        return out;
    }

    private static TargetSetBuilder builder() {
        return TargetSet.builder(HostResolver.none());
    }

    @Test
    void webPlaceholderPatternIsTheTwoHundredFiftySixAddressesEndingInOne() {
        TargetSet set = TargetSet.of("10.1.*.1");
        assertThat(set.size()).isEqualTo(256);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            expected.add("10.1." + i + ".1");
        }
        assertThat(all(set)).isEqualTo(expected);
        assertThat(set.get(200)).isEqualTo(ip("10.1.200.1"));
        assertThat(set.contains(ip("10.1.7.1"))).isTrue();
        assertThat(set.contains(ip("10.1.7.2"))).isFalse();
    }

    @Test
    void sixteenMillionSeparateAddressesAreExactWithoutExpandingThem() {
        // 2^24 addresses, each its own interval: an interval list would hold 16.7 million entries.
        TargetSet set = TargetSet.of("*.*.*.1");
        assertThat(set.size()).isEqualTo(1L << 24);
        assertThat(set.get(0)).isEqualTo(ip("0.0.0.1"));
        assertThat(set.get(256)).isEqualTo(ip("0.1.0.1"));
        assertThat(set.get((1L << 24) - 1)).isEqualTo(ip("255.255.255.1"));
        assertThat(set.get(0x0A14E1L)).isEqualTo(ip("10.20.225.1"));
        assertThat(set.contains(ip("10.20.30.1"))).isTrue();
        assertThat(set.contains(ip("10.20.30.2"))).isFalse();
        assertThat(set.contains(ip("::1"))).isFalse();
        Permutation order = new Permutation(set.size(), 7);
        Set<InetAddress> sample = new HashSet<>();
        for (long i = 0; i < 10_000; i++) {
            InetAddress a = set.get(order.apply(i));
            assertThat(a.getAddress()[3]).isEqualTo((byte) 1);
            sample.add(a);
        }
        assertThat(sample).hasSize(10_000);
    }

    @Test
    void patternsAboveTheLargeLimitNeedAllowLarge() {
        assertThatThrownBy(() -> TargetSet.of("*.*.*.1-2"))
                .isInstanceOf(TargetException.class)
                .hasMessage("too many targets: 33554432 addresses (limit 16777216); pass --allow-large to scan them all");
        TargetSet everything = builder().add("*.*.*.*").allowLarge(true).build();
        assertThat(everything.size()).isEqualTo(1L << 32);
        assertThat(everything.get((1L << 32) - 1)).isEqualTo(ip("255.255.255.255"));
    }

    @Test
    void patternMinusPatternIsExact() {
        TargetSet set = builder().add("*.*.*.*").exclude("*.*.*.0,255").allowLarge(true).build();
        assertThat(set.size()).isEqualTo((1L << 32) - (2L << 24));
        assertThat(set.get(0)).isEqualTo(ip("0.0.0.1"));
        assertThat(set.get(254)).isEqualTo(ip("0.0.1.1"));
        assertThat(set.contains(ip("192.168.4.255"))).isFalse();
        assertThat(set.contains(ip("192.168.4.254"))).isTrue();
        List<String> first = new ArrayList<>();
        var it = set.iterator();
        for (int i = 0; i < 256; i++) {
            first.add(it.next().getHostAddress());
        }
        assertThat(first).startsWith("0.0.0.1", "0.0.0.2").contains("0.0.0.254", "0.0.1.1").doesNotContain("0.0.0.255", "0.0.1.0");
        assertThat(first.get(254)).isEqualTo("0.0.1.1");
    }

    @Test
    void patternsMixWithBlocksRangesAndExclusions() {
        TargetSet set = builder().add("10.0.0.0/30").add("10.0.1-2.1,5").add("10.0.2.4-6")
                .exclude("10.0.0.2").exclude("10.0.*.5").build();
        assertThat(all(set)).containsExactly("10.0.0.1", "10.0.1.1", "10.0.2.1", "10.0.2.4", "10.0.2.6");
        for (int i = 0; i < set.size(); i++) {
            assertThat(set.contains(set.get(i))).isTrue();
        }
    }

    @Test
    void networkAndBroadcastAddressesOfAPatternAreKeptAsNmapKeepsThem() {
        assertThat(all(TargetSet.of("10.0.0-1.0,255"))).containsExactly("10.0.0.0", "10.0.0.255", "10.0.1.0", "10.0.1.255");
    }

    @Test
    void overlappingPatternsCountEachAddressOnce() {
        TargetSet set = TargetSet.of("10.0.0-3.*", "10.0.1-5.1", "10.0.2.0/24", "10.0.4.1");
        assertThat(set.size()).isEqualTo(4 * 256 + 2);
        assertThat(all(set)).doesNotHaveDuplicates().endsWith("10.0.3.255", "10.0.4.1", "10.0.5.1");
    }

    @Test
    void ipv6TargetsComeAfterPatternAddresses() {
        TargetSet set = TargetSet.of("fd00::1-fd00::2", "10.0.0.1,3");
        assertThat(all(set)).containsExactly("10.0.0.1", "10.0.0.3", "fd00:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:2");
        assertThat(set.get(2)).isEqualTo(ip("fd00::1"));
    }

    @Test
    void hostnameBesideAPatternKeepsItsName() {
        HostResolver lab = name -> List.of(ip("10.1.3.1"));
        TargetSet set = TargetSet.builder(lab).add("db.lab").add("10.1.*.1").exclude("10.1.200.1").build();
        assertThat(set.size()).isEqualTo(255);
        assertThat(set.givenName(ip("10.1.3.1"))).contains("db.lab");
    }

    @Test
    void excludingEveryAddressOfAPatternLeavesNoTargets() {
        assertThatThrownBy(() -> builder().add("10.0.0.1,3").exclude("10.0.0.0/24").build())
                .hasMessage("no targets to scan: all are excluded");
    }
}
