-- Findings: what a scan judged worth attention on a port (exposures, versions named by known advisories).
-- One row per finding and port; json is the finding event whole, which replay reads back.
CREATE TABLE scan_finding (
    scan_id    BIGINT  NOT NULL,
    seq        INTEGER NOT NULL,
    port       INTEGER NOT NULL,
    finding_id TEXT    NOT NULL,
    severity   TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    cves       TEXT,
    json       TEXT    NOT NULL,
    PRIMARY KEY (scan_id, seq, port, finding_id)
);
CREATE INDEX scan_finding_by_id ON scan_finding (finding_id);
