package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link RowCopy} sends: rows in the order of the upsert's conflict key, in COPY's text format. */
class RowCopyTest {
    private static final String UPSERT = "INSERT INTO scan_port (scan_id, seq, protocol, port, state) VALUES"
            + " (?, ?, ?, ?, ?) ON CONFLICT (scan_id, seq, protocol, port) DO UPDATE SET state = excluded.state";

    @Test
    void rowsGoInTheOrderOfTheConflictKeyColumnByColumn() {
        List<Object[]> rows = List.of(
                new Object[] {7L, 2, "tcp", 80, "open"},
                new Object[] {7L, 1, "udp", 53, "open"},
                new Object[] {7L, 2, "tcp", 22, "closed"},
                new Object[] {7L, 1, "tcp", 65535, "closed"},
                new Object[] {7L, 1, "tcp", 9, "closed"});
        assertThat(RowCopy.inKeyOrder(UPSERT, rows)).extracting(r -> r[1] + "/" + r[2] + "/" + r[3])
                .containsExactly("1/tcp/9", "1/tcp/65535", "1/udp/53", "2/tcp/22", "2/tcp/80");
        assertThat(RowCopy.copyOf(UPSERT)).isEqualTo("COPY scan_port (scan_id, seq, protocol, port, state) FROM STDIN");
    }

    @Test
    void manyRowsSortAsTheirKeysCompareColumnByColumnEqualKeysKeepingTheirOrder() {
        java.util.Random random = new java.util.Random(20261207);
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // A repeated key now and then: its rows keep the order they came in (the last one written wins later).
            rows.add(new Object[] {7L, 1 + random.nextInt(300), random.nextInt(4) == 0 ? "udp" : "tcp",
                    1 + random.nextInt(random.nextInt(10) == 0 ? 50 : 65_535), "row " + i});
        }
        List<Object[]> expected = new java.util.ArrayList<>(rows);
        expected.sort(java.util.Comparator.<Object[], Integer>comparing(r -> (Integer) r[1])
                .thenComparing(r -> (String) r[2]).thenComparing(r -> (Integer) r[3]));
        assertThat(RowCopy.inKeyOrder(UPSERT, rows)).extracting(r -> r[4])
                .containsExactlyElementsOf(expected.stream().map(r -> r[4]).toList());
    }

    @Test
    void keysOfLongsFarApartAndOfManyTextsSortToo() {
        String upsert = "INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON CONFLICT (a, b) DO NOTHING";
        List<Object[]> rows = List.of(
                new Object[] {Long.MAX_VALUE, "x", 1},
                new Object[] {Long.MIN_VALUE, "y", 2},
                new Object[] {0L, "z", 3});
        assertThat(RowCopy.inKeyOrder(upsert, rows)).extracting(r -> r[2]).containsExactly(2, 3, 1);
        List<Object[]> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add(new Object[] {1L, "host-" + (199 - i), i});
        }
        assertThat(RowCopy.inKeyOrder(upsert, texts)).extracting(r -> (String) r[1]).isSorted();
    }

    @Test
    void aKeyColumnOutOfFirstPlaceAndANullKeySort() {
        String upsert = "INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON CONFLICT (c, a) DO NOTHING";
        List<Object[]> rows = List.of(
                new Object[] {2, "x", "k"},
                new Object[] {1, "y", "k"},
                new Object[] {5, "z", new JdbcScanWriter.Null(Types.VARCHAR)});
        assertThat(RowCopy.inKeyOrder(upsert, rows)).extracting(r -> r[1]).containsExactly("z", "y", "x");
    }

    @Test
    void anInsertWithoutAConflictKeyKeepsItsRowsInTheirOrder() {
        String insert = "INSERT INTO t (a, b) VALUES (?, ?)";
        List<Object[]> rows = List.of(new Object[] {2, "x"}, new Object[] {1, "y"});
        assertThat(RowCopy.inKeyOrder(insert, rows)).extracting(r -> r[1]).containsExactly("x", "y");
        assertThat(RowCopy.text(rows)).isEqualTo("2\tx\n1\ty\n");
    }

    @Test
    void valuesEscapeWhatWouldEndAColumnOrARowWhereverItIs() {
        List<Object[]> rows = List.<Object[]>of(new Object[] {7L, "plain", "a\tb", "x\\y\nz\r", "\ttab first",
                new JdbcScanWriter.Null(Types.VARCHAR), 22});
        assertThat(RowCopy.text(rows))
                .isEqualTo("7\tplain\ta\\tb\tx\\\\y\\nz\\r\t\\ttab first\t\\N\t22\n");
    }
}
