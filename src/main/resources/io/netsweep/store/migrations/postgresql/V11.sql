-- Port rows without a unique key: scan_port's primary key (scan_id, seq, protocol, port) becomes a non-unique index
-- on (scan_id, seq). The key's b-tree took most of the server's time of a scan's COPYs: a scan reports a host's ports
-- in random order, so its rows land all over the key's pages (measured on PostgreSQL 15, 65,535 port rows in 4 COPYs
-- of 16,384 rows each sorted by key: 0.31 s with the key, 0.17 s with this index, 0.10 s with none), where this
-- index's entries of one host are equal and go to its end. Each scan's rows are written by one writer, which knows
-- the ports it wrote (JdbcScanWriter: new ones inserted, those written before updated), so the key is kept there.
-- Every reader looks a scan's ports up by scan and host, which this index answers.
ALTER TABLE scan_port DROP CONSTRAINT scan_port_pkey;
CREATE INDEX scan_port_by_host ON scan_port (scan_id, seq);
