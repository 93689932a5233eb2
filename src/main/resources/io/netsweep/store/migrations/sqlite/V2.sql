-- Approved baselines: per target set and ports, the scan whose state `netsweep watch --baseline` compares rounds with.
-- One approval per (target_key, ports): approving again replaces it. A baseline's scan is never pruned.

CREATE TABLE baseline (
    target_key  TEXT    NOT NULL,
    ports       TEXT    NOT NULL,
    scan_id     INTEGER NOT NULL,
    approved_at INTEGER NOT NULL,
    PRIMARY KEY (target_key, ports)
) WITHOUT ROWID;
CREATE INDEX baseline_by_scan ON baseline (scan_id);
