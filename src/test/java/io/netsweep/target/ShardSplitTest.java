package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The split of a seeded scan's work into shards: every address, and every address x port, exactly once. */
class ShardSplitTest {
    private static final long[] SEEDS = {0, 42, Long.MIN_VALUE};

    @Test
    void everyAddressOfASlash16IsInExactlyOneShardForOneToEightShards() {
        TargetSet all = TargetSet.of("10.1.0.0/16");
        assertThat(all.size()).isEqualTo(65_534); // network and broadcast left out
        for (long seed : SEEDS) {
            for (int n = 1; n <= 8; n++) {
                BitSet seen = new BitSet((int) all.size());
                long total = 0;
                // The first address found wrong, asserted once per pass: an assertion object per address (a million
                // and a half of them per seed) cost most of this test's time and checked nothing more.
                String wrong = null;
                for (int i = 0; i < n; i++) {
                    TargetSet part = ShardSplit.addresses(all, seed, new Shard(i, n));
                    total += part.size();
                    for (InetAddress a : part) {
                        int index = (int) all.indexOf(a);
                        if (index < 0) {
                            wrong = a + " of shard " + i + "/" + n + " is not a target";
                        } else if (seen.get(index)) {
                            wrong = a + " in two shards";
                        } else if (index % 251 == 0 && ShardSplit.addressOwner(index, all.size(), seed, n) != i) {
                            // the owner of one address, asked on its own, agrees
                            wrong = a + " is of shard " + i + " but addressOwner says "
                                    + ShardSplit.addressOwner(index, all.size(), seed, n);
                        }
                        if (wrong != null) {
                            break;
                        }
                        seen.set(index);
                    }
                    if (wrong != null) {
                        break;
                    }
                }
                assertThat(wrong).as("seed %d, %d shards", seed, n).isNull();
                assertThat(total).as("seed %d, %d shards", seed, n).isEqualTo(all.size());
                assertThat(seen.cardinality()).isEqualTo((int) all.size());
            }
        }
    }

    @Test
    void everyAddressAndPortOfASlash16IsInExactlyOneShard() {
        // Each address's ports go with it in the address split; the pair split owns (address, port) pairs.
        long addresses = 65_536;
        int ports = 4;
        for (long seed : new long[] {3, -11}) {
            for (int n = 1; n <= 8; n++) {
                ShardSplit.Pairs pairs = ShardSplit.pairs(addresses, ports, seed, n);
                long[] perShard = new long[n];
                for (long a = 0; a < addresses; a++) {
                    for (int k = 0; k < ports; k++) {
                        perShard[pairs.owner(a, k)]++; // owner() is a single value: no pair is in two shards
                    }
                }
                long total = 0;
                for (long c : perShard) {
                    total += c;
                    // Each shard owns the items whose permuted position is its index mod n: floor or ceiling of W/n.
                    assertThat(c).isBetween(addresses * ports / n, addresses * ports / n + 1);
                }
                assertThat(total).isEqualTo(addresses * ports);
            }
        }
    }

    @Test
    void shardsDifferByAtMostOneChunk() {
        TargetSet all = TargetSet.of("10.0.0.0/8");
        long chunk = ShardSplit.chunkSize(all.size(), 8);
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (int i = 0; i < 8; i++) {
            long size = ShardSplit.addresses(all, 5, new Shard(i, 8)).size();
            smallest = Math.min(smallest, size);
            largest = Math.max(largest, size);
        }
        assertThat(largest - smallest).isLessThanOrEqualTo(chunk);
        assertThat(chunk).isLessThanOrEqualTo(all.size() / (8L * ShardSplit.CHUNKS_PER_SHARD) + 1);
    }

    @Test
    void octetPatternsAndIpv6SplitExactlyToo() {
        TargetSet all = TargetSet.of("10.0-3.*.1", "fd00::/120", "192.168.1.7");
        for (int n = 1; n <= 8; n++) {
            BitSet seen = new BitSet((int) all.size());
            for (int i = 0; i < n; i++) {
                for (InetAddress a : ShardSplit.addresses(all, 9, new Shard(i, n))) {
                    int index = (int) all.indexOf(a);
                    assertThat(index).isNotNegative();
                    assertThat(seen.get(index)).as("%s twice", a).isFalse();
                    seen.set(index);
                }
            }
            assertThat(seen.cardinality()).isEqualTo((int) all.size());
        }
    }

    @Test
    void aDifferentSeedSplitsDifferently() {
        TargetSet all = TargetSet.of("10.1.0.0/16");
        TargetSet a = ShardSplit.addresses(all, 1, new Shard(0, 4));
        TargetSet b = ShardSplit.addresses(all, 2, new Shard(0, 4));
        assertThat(a.digest()).isNotEqualTo(b.digest());
        assertThat(ShardSplit.addresses(all, 1, new Shard(0, 4)).digest()).isEqualTo(a.digest());
    }

    @Test
    void moreShardsThanAddressesLeavesSomeEmpty() {
        TargetSet all = TargetSet.of("10.0.0.1-3");
        long total = 0;
        for (int i = 0; i < 8; i++) {
            total += ShardSplit.addresses(all, 4, new Shard(i, 8)).size();
        }
        assertThat(total).isEqualTo(3);
    }

    @Test
    void digestIsOfTheAddressesNotTheirSpelling() {
        assertThat(TargetSet.of("10.0.0.0/30").digest()).isEqualTo(TargetSet.of("10.0.0.1-2").digest());
        assertThat(TargetSet.of("10.0.0.1,2").digest()).isEqualTo(TargetSet.of("10.0.0.1-2").digest());
        assertThat(TargetSet.of("10.0.0.1-3").digest()).isNotEqualTo(TargetSet.of("10.0.0.1-2").digest());
    }

    @Test
    void badShardsAreRefused() {
        assertThatThrownBy(() -> new Shard(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Shard(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Shard(-1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Shard(0, Shard.MAX_COUNT + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
