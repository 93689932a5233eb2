-- Shards: a scan that is one part of a sharded scan (--shard I/N) keeps which part it is, how the work was split,
-- the seed and options digest that merge checks, its run's label (NETSWEEP_RUN; empty for none) and the target key
-- of the whole scan. Parts of one run have equal split, seed, count, digest and run; all NULL for a whole scan.
ALTER TABLE scan ADD COLUMN shard_index INTEGER;
ALTER TABLE scan ADD COLUMN shard_count INTEGER;
ALTER TABLE scan ADD COLUMN shard_split TEXT;
ALTER TABLE scan ADD COLUMN shard_seed BIGINT;
ALTER TABLE scan ADD COLUMN options_hash TEXT;
ALTER TABLE scan ADD COLUMN shard_run TEXT;
ALTER TABLE scan ADD COLUMN shard_target_key TEXT;
