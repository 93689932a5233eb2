-- Placeholder for version 4, which the scan type's migration (another branch) takes: at merge, that V4 replaces this.
CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL);
