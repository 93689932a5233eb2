-- The scan type (syn or connect, ScanType's label) from the scan's started event, so that a stored SYN scan
-- replays as one. NULL for scans stored before (and imports that do not say): they replay as connect scans.
ALTER TABLE scan ADD COLUMN scan_type TEXT;
