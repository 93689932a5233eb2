-- Approved baselines: per target set and ports, the scan whose state `netsweep watch --baseline` compares rounds with.
-- One approval per (target_key, ports): approving again replaces it. A baseline's scan is never pruned.

CREATE TABLE baseline (
    target_key  TEXT   NOT NULL,
    ports       TEXT   NOT NULL,
    scan_id     BIGINT NOT NULL,
    approved_at BIGINT NOT NULL,
    PRIMARY KEY (target_key, ports)
);
CREATE INDEX baseline_by_scan ON baseline (scan_id);
