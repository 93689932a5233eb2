package io.netsweep.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.target.TargetSet;
import org.junit.jupiter.api.Test;

class ScopeTest {
    private final Scope scope = new Scope(TargetSet.of("127.0.0.0-127.0.0.3", "::1"), "127.0.0.0/30, ::1");

    @Test
    void aSubsetOfTheScopeIsInside() {
        assertThat(scope.check(TargetSet.of("127.0.0.1-3", "::1"), 100)).isEqualTo(new ScopeCheck.Inside(4));
    }

    @Test
    void addressesOutsideAreCountedAndTheFirstNamed() {
        ScopeCheck c = scope.check(TargetSet.of("127.0.0.2-127.0.0.40"), 100);
        assertThat(c).isInstanceOf(ScopeCheck.Outside.class);
        ScopeCheck.Outside o = (ScopeCheck.Outside) c;
        assertThat(o.count()).isEqualTo(37);
        assertThat(o.examples()).hasSize(Scope.NAMED_OUTSIDE).first().isEqualTo("127.0.0.4");
        assertThat(o.message(scope)).contains("37 addresses are outside the scope (127.0.0.0/30, ::1)")
                .contains("and 27 more").endsWith("nothing was sent");
    }

    @Test
    void ipv6OutsideIsNamedCompressed() {
        ScopeCheck.Outside o = (ScopeCheck.Outside) scope.check(TargetSet.of("::2"), 100);
        assertThat(o.examples()).containsExactly("::2");
    }

    @Test
    void aSetLargerThanTheLimitIsRefusedBeforeItIsWalked() {
        // 2^32 addresses: walked, this would take minutes; the size alone refuses it.
        TargetSet huge = TargetSet.builder(io.netsweep.target.HostResolver.none()).allowLarge(true).add("::/96").build();
        ScopeCheck c = scope.check(huge, 1024);
        assertThat(c).isEqualTo(new ScopeCheck.TooMany(1L << 32, 1024));
    }
}
