-- Scans running elsewhere: the host name of the machine (or pod) writing a scan, and when its writer last said it
-- was alive (milliseconds since the epoch; refreshed every 10 s while the scan runs). A running scan of another
-- machine is running while its heartbeat is recent, incomplete once it is older than a few intervals; on the
-- writer's own machine its process is asked, as before. NULL for scans stored before.
ALTER TABLE scan ADD COLUMN writer_host TEXT;
ALTER TABLE scan ADD COLUMN heartbeat_at BIGINT;
