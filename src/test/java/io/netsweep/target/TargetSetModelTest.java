package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random targets and exclusions inside 10.0.0.0/22 against a plain bit-per-address model:
 * size, index order, membership and iteration must all agree with it.
 */
class TargetSetModelTest {
    private static final int SPACE = 1024; // 10.0.0.0 - 10.0.3.255

    private static String ip(int offset) {
        return "10.0." + (offset >> 8) + "." + (offset & 0xff);
    }

    private static InetAddress address(int offset) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, (byte) (offset >> 8), (byte) offset});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Adds a random spec to the builder and to the model; returns its text. */
    private static String randomSpec(Random rnd, BitSet model, boolean exclusion) {
        int kind = rnd.nextInt(3);
        int a = rnd.nextInt(SPACE);
        if (kind == 0) {
            model.set(a, !exclusion);
            return ip(a);
        }
        if (kind == 1) {
            int b = Math.min(SPACE - 1, a + rnd.nextInt(80));
            model.set(a, b + 1, !exclusion);
            return ip(a) + "-" + ip(b);
        }
        int prefix = 24 + rnd.nextInt(9); // /24 .. /32
        int size = 1 << (32 - prefix);
        int net = a & ~(size - 1);
        boolean skipEnds = !exclusion && prefix <= 30;
        model.set(skipEnds ? net + 1 : net, skipEnds ? net + size - 1 : net + size, !exclusion);
        return ip(net) + "/" + prefix;
    }

    @Test
    void agreesWithABitPerAddressModel() {
        Random rnd = new Random(20261125);
        for (int round = 0; round < 300; round++) {
            BitSet model = new BitSet(SPACE);
            TargetSetBuilder builder = TargetSet.builder(HostResolver.none());
            int includes = 1 + rnd.nextInt(8);
            for (int i = 0; i < includes; i++) {
                builder.add(randomSpec(rnd, model, false));
            }
            // Exclusions apply after all includes, so model them after the includes too.
            int excludes = rnd.nextInt(6);
            for (int i = 0; i < excludes; i++) {
                builder.exclude(randomSpec(rnd, model, true));
            }
            if (model.isEmpty()) {
                assertThatThrownBy(builder::build).isInstanceOf(TargetException.class);
                continue;
            }
            TargetSet set = builder.build();
            assertThat(set.size()).as("round %d", round).isEqualTo(model.cardinality());
            Iterator<InetAddress> it = set.iterator();
            long index = 0;
            for (int offset = model.nextSetBit(0); offset >= 0; offset = model.nextSetBit(offset + 1)) {
                InetAddress expected = address(offset);
                assertThat(it.next()).isEqualTo(expected);
                assertThat(set.get(index++)).isEqualTo(expected);
            }
            assertThat(it.hasNext()).isFalse();
            BitSet members = new BitSet(SPACE);
            for (int offset = 0; offset < SPACE; offset++) {
                members.set(offset, set.contains(address(offset)));
            }
            assertThat(members).as("round %d: contains()", round).isEqualTo(model);
        }
    }
}
