-- UDP services and findings: a protocol in the keys of scan_service and scan_finding, as scan_port has since V5, so
-- that what was found on 161/udp is not what was found on 161/tcp. Service detection of a UDP port was stored under
-- the kind 'identify-udp' until now: those rows become kind 'identify' of protocol 'udp'; every other row is 'tcp'.

CREATE TABLE scan_service_v8 (
    scan_id  INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    protocol TEXT    NOT NULL DEFAULT 'tcp',
    port     INTEGER NOT NULL,
    kind     TEXT    NOT NULL,
    name     TEXT,
    product  TEXT,
    version  TEXT,
    detail   TEXT,
    json     TEXT    NOT NULL,
    PRIMARY KEY (scan_id, seq, protocol, port, kind)
) WITHOUT ROWID;
INSERT INTO scan_service_v8 (scan_id, seq, protocol, port, kind, name, product, version, detail, json)
    SELECT scan_id, seq, CASE WHEN kind = 'identify-udp' THEN 'udp' ELSE 'tcp' END, port,
           CASE WHEN kind = 'identify-udp' THEN 'identify' ELSE kind END, name, product, version, detail, json
    FROM scan_service;
DROP TABLE scan_service;
ALTER TABLE scan_service_v8 RENAME TO scan_service;
CREATE INDEX scan_service_by_product ON scan_service (product);

-- Findings were drawn for TCP services only before: every row is a TCP port's.
CREATE TABLE scan_finding_v8 (
    scan_id    INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    protocol   TEXT    NOT NULL DEFAULT 'tcp',
    port       INTEGER NOT NULL,
    finding_id TEXT    NOT NULL,
    severity   TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    cves       TEXT,
    json       TEXT    NOT NULL,
    PRIMARY KEY (scan_id, seq, protocol, port, finding_id)
) WITHOUT ROWID;
INSERT INTO scan_finding_v8 (scan_id, seq, protocol, port, finding_id, severity, title, cves, json)
    SELECT scan_id, seq, 'tcp', port, finding_id, severity, title, cves, json FROM scan_finding;
DROP TABLE scan_finding;
ALTER TABLE scan_finding_v8 RENAME TO scan_finding;
CREATE INDEX scan_finding_by_id ON scan_finding (finding_id);
