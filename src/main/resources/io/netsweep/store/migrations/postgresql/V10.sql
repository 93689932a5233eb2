-- Approvals of scans of many scattered targets: baseline's key becomes a unique index on digests of its columns.
-- Its primary key (target_key, ports) is a b-tree whose entries hold the key itself, and a target key lists a
-- scan's targets: the key of a long target list (thousands of scattered addresses, a part of a scan sharded by
-- address) is larger than an index entry may be ("index row requires 22512 bytes, maximum size is 8191"), so such
-- a scan, stored since V9, could not be approved. An entry of md5(target_key), md5(ports) has a fixed size; two
-- approvals of one target set and ports still collide, and an approval replaces the earlier one as before
-- (approve's ON CONFLICT names these expressions: Dialect.baselineKey). The primary key goes: it cannot be kept.
ALTER TABLE baseline DROP CONSTRAINT baseline_pkey;
CREATE UNIQUE INDEX baseline_by_key ON baseline (md5(target_key), md5(ports));
