package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetSetTest {

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

    @ParameterizedTest(name = "{0} has {1} addresses")
    @CsvSource({
        "10.0.0.1/32, 1", "10.0.0.0/31, 2", "10.0.0.0/30, 2", "10.0.0.0/29, 6", "10.0.0.0/24, 254",
        "10.0.0.0/16, 65534", "10.0.0.0/8, 16777214", "fd00::/128, 1", "fd00::/127, 2", "fd00::/126, 4",
        "fd00::/120, 256", "fd00::/112, 65536", "10.0.0.1-10.0.0.50, 50", "10.0.0.1-50, 50",
        "10.0.0.250-10.0.1.5, 12", "fd00::1-fd00::20, 32", "192.168.7.7, 1",
    })
    void sizeCountsDistinctAddresses(String token, long size) {
        assertThat(builder().add(token).build().size()).isEqualTo(size);
    }

    @Test
    void slash32IsOneHost() {
        assertThat(all(TargetSet.of("10.9.8.7/32"))).containsExactly("10.9.8.7");
    }

    @Test
    void slash31IncludesBothAddresses() {
        assertThat(all(TargetSet.of("10.0.0.4/31"))).containsExactly("10.0.0.4", "10.0.0.5");
    }

    @Test
    void slash30SkipsNetworkAndBroadcast() {
        assertThat(all(TargetSet.of("10.0.0.4/30"))).containsExactly("10.0.0.5", "10.0.0.6");
    }

    @Test
    void networkAndBroadcastKeptWhenAsked() {
        TargetSet set = builder().add("10.0.0.4/30").includeNetworkAndBroadcast(true).build();
        assertThat(all(set)).containsExactly("10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7");
    }

    @Test
    void explicitNetworkAddressIsKeptBesideTheBlock() {
        TargetSet set = TargetSet.of("10.0.0.0/24", "10.0.0.0");
        assertThat(set.size()).isEqualTo(255);
        assertThat(set.get(0)).isEqualTo(ip("10.0.0.0"));
    }

    @Test
    void ipv6BlocksSkipNothing() {
        assertThat(all(TargetSet.of("fd00::/126"))).containsExactly("fd00:0:0:0:0:0:0:0", "fd00:0:0:0:0:0:0:1",
                "fd00:0:0:0:0:0:0:2", "fd00:0:0:0:0:0:0:3");
        TargetSet v120 = TargetSet.of("fd00::abcd/120");
        assertThat(v120.get(0)).isEqualTo(ip("fd00::ab00"));
        assertThat(v120.get(255)).isEqualTo(ip("fd00::abff"));
    }

    @Test
    void overlappingSpecsGiveEachAddressOnce() {
        TargetSet set = TargetSet.of("10.0.0.0/24", "10.0.0.10-10.0.1.20", "10.0.0.5", "10.0.0.5", "10.0.1.0/28");
        // 10.0.0.1..10.0.0.254, 10.0.0.255, 10.0.1.0..10.0.1.20
        assertThat(set.size()).isEqualTo(254 + 1 + 21);
        assertThat(all(set)).doesNotHaveDuplicates().startsWith("10.0.0.1").endsWith("10.0.1.19", "10.0.1.20");
    }

    @Test
    void exclusionsSubtractAddressesBlocksAndRanges() {
        TargetSet set = builder().add("10.0.0.0/24")
                .exclude("10.0.0.1,10.0.0.128/25").exclude(" 10.0.0.10-20 ").build();
        assertThat(set.size()).isEqualTo(127 - 1 - 11); // .1-.127 left by the /25, minus .1 and .10-.20
        assertThat(set.contains(ip("10.0.0.1"))).isFalse();
        assertThat(set.contains(ip("10.0.0.15"))).isFalse();
        assertThat(set.contains(ip("10.0.0.129"))).isFalse();
        assertThat(set.contains(ip("10.0.0.2"))).isTrue();
        assertThat(set.contains(ip("10.0.0.127"))).isTrue();
    }

    @Test
    void excludingEverythingLeavesNoTargets() {
        assertThatThrownBy(() -> builder().add("10.0.0.0/30").exclude("10.0.0.0/24").build())
                .isInstanceOf(TargetException.class).hasMessage("no targets to scan: all are excluded");
        assertThatThrownBy(() -> builder().build()).hasMessage("no targets to scan");
    }

    @Test
    void getAgreesWithIterationAcrossFamilies() {
        TargetSet set = TargetSet.of("fd00::1-fd00::3", "10.0.0.1-3", "192.168.0.0/30", "::1", "10.0.0.200");
        List<InetAddress> iterated = new ArrayList<>();
        set.forEach(iterated::add);
        assertThat(iterated).hasSize((int) set.size());
        for (int i = 0; i < iterated.size(); i++) {
            assertThat(set.get(i)).isEqualTo(iterated.get(i));
            assertThat(set.contains(iterated.get(i))).isTrue();
        }
        assertThat(all(set)).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.200", "192.168.0.1",
                "192.168.0.2", "0:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:2", "fd00:0:0:0:0:0:0:3");
        assertThatThrownBy(() -> set.get(set.size())).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> set.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void containsRejectsNeighboursOfBlocks() {
        TargetSet set = TargetSet.of("10.0.0.0/24", "fd00::/120");
        assertThat(set.contains(ip("10.0.0.0"))).isFalse();
        assertThat(set.contains(ip("10.0.0.255"))).isFalse();
        assertThat(set.contains(ip("10.0.1.1"))).isFalse();
        assertThat(set.contains(ip("9.255.255.255"))).isFalse();
        assertThat(set.contains(ip("fd00::ff"))).isTrue();
        assertThat(set.contains(ip("fd00::100"))).isFalse();
        assertThat(set.contains(ip("fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))).isFalse();
        assertThat(set.contains(ip("::a00:1"))).isFalse(); // IPv4-compatible, not 10.0.0.1
    }

    @Test
    void ipv4MappedAddressesAreTheirIpv4Addresses() {
        TargetSet set = TargetSet.of("::ffff:10.0.0.0/126", "10.0.0.2");
        assertThat(all(set)).containsExactly("10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3");
        TargetSet straddling = TargetSet.of("::fffe:ffff:fffe-::ffff:0.0.0.1");
        assertThat(all(straddling)).containsExactly("0.0.0.0", "0.0.0.1", "0:0:0:0:0:fffe:ffff:fffe",
                "0:0:0:0:0:fffe:ffff:ffff");
    }

    @Test
    void slash8CostsConstantMemoryAndIndexesItsEnds() {
        TargetSet set = TargetSet.of("10.0.0.0/8");
        assertThat(set.size()).isEqualTo((1L << 24) - 2);
        assertThat(set.get(0)).isEqualTo(ip("10.0.0.1"));
        assertThat(set.get(set.size() - 1)).isEqualTo(ip("10.255.255.254"));
        assertThat(set.get(1L << 23)).isEqualTo(ip("10.128.0.1"));
        assertThat(set.contains(ip("10.200.3.4"))).isTrue();
    }

    @Test
    void slash12IteratesLazilyInOrder() {
        TargetSet set = builder().add("172.16.0.0/12").includeNetworkAndBroadcast(true).build();
        long expected = 0xAC100000L;
        long count = 0;
        for (InetAddress a : set) {
            byte[] b = a.getAddress();
            long value = ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            assertThat(value).isEqualTo(expected++);
            count++;
        }
        assertThat(count).isEqualTo(1L << 20).isEqualTo(set.size());
    }

    @Test
    void refusesMoreThan2To24WithoutAllowLarge() {
        assertThatThrownBy(() -> TargetSet.of("10.0.0.0/7"))
                .isInstanceOf(TargetException.class)
                .hasMessage("too many targets: 33554430 addresses (limit 16777216); pass --allow-large to scan them all");
        assertThat(builder().add("10.0.0.0/8").includeNetworkAndBroadcast(true).build().size()).isEqualTo(1L << 24);
        assertThat(builder().add("10.0.0.0/7").allowLarge(true).build().size()).isEqualTo((1L << 25) - 2);
    }

    @Test
    void refusesMoreThan2To48Always() {
        assertThatThrownBy(() -> builder().add("fd00::/64").allowLarge(true).build())
                .hasMessage("too many targets: 18446744073709551616 addresses; at most 281474976710656 (2^48) can be scanned");
        TargetSet max = builder().add("fd00::/80").allowLarge(true).build();
        assertThat(max.size()).isEqualTo(1L << 48);
        assertThat(max.get((1L << 48) - 1)).isEqualTo(ip("fd00::ffff:ffff:ffff"));
        assertThat(max.contains(ip("fd00::1:0:0:0"))).isFalse();
    }

    @Test
    void hugeIpv6BlockCutDownByExclusionsIsAccepted() {
        TargetSet set = builder().add("fd00::/64").exclude("fd00::/65").exclude("fd00:0:0:0:8000::/66")
                .exclude("fd00:0:0:0:c000::/67").exclude("fd00:0:0:0:e000::/68").exclude("fd00:0:0:0:f000::/69")
                .exclude("fd00:0:0:0:f800::/70").exclude("fd00:0:0:0:fc00::/71").exclude("fd00:0:0:0:fe00::/72")
                .exclude("fd00:0:0:0:ff00::/73").exclude("fd00:0:0:0:ff80::/74").exclude("fd00:0:0:0:ffc0::/75")
                .exclude("fd00:0:0:0:ffe0::/76").exclude("fd00:0:0:0:fff0::/77").exclude("fd00:0:0:0:fff8::/78")
                .exclude("fd00:0:0:0:fffc::/79").exclude("fd00:0:0:0:fffe::/80").allowLarge(true).build();
        assertThat(set.size()).isEqualTo(1L << 48);
        assertThat(set.get(0)).isEqualTo(ip("fd00:0:0:0:ffff::"));
    }
}
