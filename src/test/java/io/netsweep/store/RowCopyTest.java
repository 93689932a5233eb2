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
}
