-- The scan store's first schema: scans, the hosts they saw (identified by MAC where known), ports, services.
-- Times are milliseconds since the epoch (UTC); addresses are text in netsweep's output form (IPv6 compressed).
-- Statements end with a semicolon at the end of a line; the migration runner splits them there.

-- One row per scan, written when it starts and updated when it ends. A scan whose status stays 'running'
-- after its writer process is gone was killed: it shows as incomplete, with every batch committed before.
CREATE TABLE scan (
    id           INTEGER PRIMARY KEY,
    source       TEXT    NOT NULL,
    command      TEXT    NOT NULL,
    targets      TEXT    NOT NULL,
    target_key   TEXT    NOT NULL,
    target_count INTEGER NOT NULL,
    ports        TEXT    NOT NULL,
    discovery    TEXT,
    started_at   INTEGER NOT NULL,
    ended_at     INTEGER,
    status       TEXT    NOT NULL,
    message      TEXT,
    hosts_up     INTEGER NOT NULL DEFAULT 0,
    open_ports   INTEGER NOT NULL DEFAULT 0,
    probes_sent  INTEGER,
    writer_pid   INTEGER,
    writer_start INTEGER
);
CREATE INDEX scan_by_targets ON scan (target_key, id);
CREATE INDEX scan_by_start ON scan (started_at);

-- A device across scans: by MAC where one was seen (it survives a DHCP change of address), else by address.
CREATE TABLE host (
    id      INTEGER PRIMARY KEY,
    mac     TEXT UNIQUE,
    address TEXT NOT NULL,
    seen    INTEGER NOT NULL
);
CREATE INDEX host_by_address ON host (address, seen);

-- A host as one scan saw it; seq numbers the scan's hosts in the order they were reported.
CREATE TABLE scan_host (
    scan_id      INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    host_id      INTEGER,
    address      TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    reason       TEXT,
    rtt_us       INTEGER,
    mac          TEXT,
    vendor       TEXT,
    hostname     TEXT,
    dns          TEXT,
    completed    INTEGER NOT NULL DEFAULT 0,
    not_open     INTEGER NOT NULL DEFAULT 0,
    not_closed   INTEGER NOT NULL DEFAULT 0,
    not_filtered INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scan_id, seq)
) WITHOUT ROWID;
CREATE INDEX scan_host_by_host ON scan_host (host_id, scan_id);

-- The ports a scan reported, of the states it was asked to show.
CREATE TABLE scan_port (
    scan_id INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    port    INTEGER NOT NULL,
    state   TEXT    NOT NULL,
    service TEXT,
    reason  TEXT,
    rtt_us  INTEGER,
    PRIMARY KEY (scan_id, seq, port)
) WITHOUT ROWID;

-- What identified a port's service. kind names the detector (identify: AI/ML identification; nmap: an imported
-- nmap scan's service element); json is the detector's whole report, indexed columns beside it.
CREATE TABLE scan_service (
    scan_id INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    port    INTEGER NOT NULL,
    kind    TEXT    NOT NULL,
    name    TEXT,
    product TEXT,
    version TEXT,
    detail  TEXT,
    json    TEXT    NOT NULL,
    PRIMARY KEY (scan_id, seq, port, kind)
) WITHOUT ROWID;
CREATE INDEX scan_service_by_product ON scan_service (product);

-- Which migrations made this schema (the version is also in SQLite's user_version, read without opening it).
CREATE TABLE schema_migration (
    version     INTEGER PRIMARY KEY,
    description TEXT    NOT NULL,
    applied_at  INTEGER NOT NULL
);
