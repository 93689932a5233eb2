-- UDP services and findings: a protocol in the keys of scan_service and scan_finding, as scan_port has since V5, so
-- that what was found on 161/udp is not what was found on 161/tcp. Service detection of a UDP port was stored under
-- the kind 'identify-udp' until now: those rows become kind 'identify' of protocol 'udp'; every other row is 'tcp'.
-- The same schema as sqlite/V8.sql. V1 and V3 left the primary keys unnamed: they have PostgreSQL's default names.

-- The key goes first: 53/udp's row becoming kind 'identify' would collide with 53/tcp's under the old key.
ALTER TABLE scan_service ADD COLUMN protocol TEXT NOT NULL DEFAULT 'tcp';
ALTER TABLE scan_service DROP CONSTRAINT scan_service_pkey;
UPDATE scan_service SET protocol = 'udp', kind = 'identify' WHERE kind = 'identify-udp';
ALTER TABLE scan_service ADD PRIMARY KEY (scan_id, seq, protocol, port, kind);

-- Findings were drawn for TCP services only before: every row is a TCP port's.
ALTER TABLE scan_finding ADD COLUMN protocol TEXT NOT NULL DEFAULT 'tcp';
ALTER TABLE scan_finding DROP CONSTRAINT scan_finding_pkey;
ALTER TABLE scan_finding ADD PRIMARY KEY (scan_id, seq, protocol, port, finding_id);
