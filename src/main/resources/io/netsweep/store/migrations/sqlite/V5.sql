-- UDP: a port's protocol in the key of scan_port (53/tcp and 53/udp of one host are two rows), open|filtered counts.
-- A scan's UDP ports are kept in scan.ports in nmap's form (22,80,U:53,161): TCP ports first, then U: and the UDP ones.

CREATE TABLE scan_port_v5 (
    scan_id  INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    protocol TEXT    NOT NULL DEFAULT 'tcp',
    port     INTEGER NOT NULL,
    state    TEXT    NOT NULL,
    service  TEXT,
    reason   TEXT,
    rtt_us   INTEGER,
    PRIMARY KEY (scan_id, seq, protocol, port)
) WITHOUT ROWID;
INSERT INTO scan_port_v5 (scan_id, seq, protocol, port, state, service, reason, rtt_us)
    SELECT scan_id, seq, 'tcp', port, state, service, reason, rtt_us FROM scan_port;
DROP TABLE scan_port;
ALTER TABLE scan_port_v5 RENAME TO scan_port;

-- Ports of a completed host probed but not reported as open|filtered (UDP silence), beside not_open, ...
ALTER TABLE scan_host ADD COLUMN not_open_filtered INTEGER NOT NULL DEFAULT 0;
