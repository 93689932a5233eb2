package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Hostname targets, with a map standing in for DNS (resolution itself is the DNS package's job). */
class HostnameTargetsTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private final AtomicInteger lookups = new AtomicInteger();
    private final Map<String, List<InetAddress>> zone = Map.of(
            "web.lab", List.of(ip("10.1.0.5"), ip("fd00::5")),
            "db.lab", List.of(ip("10.1.0.9")),
            "mapped.lab", List.of(ip("::ffff:10.1.0.7")),
            "empty.lab", List.of());
    private final HostResolver resolver = name -> {
        lookups.incrementAndGet();
        List<InetAddress> found = zone.get(name);
        if (found == null) {
            throw new TargetException("cannot resolve target \"" + name + "\": unknown host");
        }
        return found;
    };

    @Test
    void hostnameScansItsFirstAddressAndRemembersTheName() {
        TargetSet set = TargetSet.builder(resolver).add("web.lab").add("10.1.0.1").build();
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.contains(ip("10.1.0.5"))).isTrue();
        assertThat(set.contains(ip("fd00::5"))).isFalse();
        assertThat(set.givenName(ip("10.1.0.5"))).contains("web.lab");
        assertThat(set.givenName(ip("10.1.0.1"))).isEmpty();
    }

    @Test
    void resolveAllScansEveryAddress() {
        TargetSet set = TargetSet.builder(resolver).add("web.lab").resolveAll(true).build();
        List<InetAddress> all = new ArrayList<>();
        set.forEach(all::add);
        assertThat(all).containsExactly(ip("10.1.0.5"), ip("fd00::5"));
        assertThat(set.givenName(ip("fd00::5"))).contains("web.lab");
    }

    @Test
    void eachNameIsResolvedOnceAtBuildTime() {
        TargetSetBuilder b = TargetSet.builder(resolver).add("db.lab").add("db.lab").add("db.lab");
        assertThat(lookups).hasValue(0);
        assertThat(b.build().size()).isEqualTo(1);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void unresolvableNameIsAnErrorNamingIt() {
        assertThatThrownBy(() -> TargetSet.builder(resolver).add("ghost.lab").build())
                .isInstanceOf(TargetException.class).hasMessageContaining("\"ghost.lab\"");
        assertThatThrownBy(() -> TargetSet.builder(resolver).add("empty.lab").build())
                .hasMessage("cannot resolve target \"empty.lab\": no addresses");
    }

    @Test
    void excludedHostnameRemovesAllItsAddresses() {
        TargetSet set = TargetSet.builder(resolver).add("10.1.0.0/28").add("fd00::/126").add("fd00::5")
                .exclude("web.lab,db.lab").build();
        assertThat(set.contains(ip("10.1.0.5"))).isFalse();
        assertThat(set.contains(ip("10.1.0.9"))).isFalse();
        assertThat(set.contains(ip("fd00::5"))).isFalse();
        assertThat(set.size()).isEqualTo(14 - 2 + 4);
    }

    @Test
    void namesOfExcludedAddressesAreForgotten() {
        TargetSet set = TargetSet.builder(resolver).add("db.lab").add("web.lab").exclude("10.1.0.9").build();
        assertThat(set.givenName(ip("10.1.0.9"))).isEmpty();
        assertThat(set.givenName(ip("10.1.0.5"))).contains("web.lab");
    }

    @Test
    void mappedAnswerCountsAsIpv4() {
        TargetSet set = TargetSet.builder(resolver).add("mapped.lab").add("10.1.0.7").build();
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.givenName(ip("10.1.0.7"))).contains("mapped.lab");
    }

    @Test
    void literalOnlyResolverRefusesNames() {
        assertThatThrownBy(() -> TargetSet.of("web.lab"))
                .hasMessage("cannot resolve target \"web.lab\": hostnames are not accepted here");
    }
}
