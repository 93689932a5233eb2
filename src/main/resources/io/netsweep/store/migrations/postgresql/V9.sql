-- Scans of many scattered targets: scan_by_targets becomes a hash index. A b-tree entry holds the key itself, and a
-- target key lists a scan's targets: a part of a sharded scan split by address (about 32,000 addresses of a /16 in
-- 2 parts), or a long target list, makes a key larger than an index entry may be ("index row requires 14440 bytes,
-- maximum size is 8191"), and the scan could not be stored at all. A hash index holds a hash of the key, of any
-- length; the store only looks scans up by equal target keys (sameTargets), which a hash index answers.
DROP INDEX scan_by_targets;
CREATE INDEX scan_by_targets ON scan USING hash (target_key);
