-- UDP: a port's protocol in the key of scan_port (53/tcp and 53/udp of one host are two rows), open|filtered counts.
-- A scan's UDP ports are kept in scan.ports in nmap's form (22,80,U:53,161): TCP ports first, then U: and the UDP ones.
-- The same schema as sqlite/V5.sql. V1 left scan_port's primary key unnamed, so it has PostgreSQL's default name.

ALTER TABLE scan_port ADD COLUMN protocol TEXT NOT NULL DEFAULT 'tcp';
ALTER TABLE scan_port DROP CONSTRAINT scan_port_pkey;
ALTER TABLE scan_port ADD PRIMARY KEY (scan_id, seq, protocol, port);

-- Ports of a completed host probed but not reported as open|filtered (UDP silence), beside not_open, ...
ALTER TABLE scan_host ADD COLUMN not_open_filtered INTEGER NOT NULL DEFAULT 0;
