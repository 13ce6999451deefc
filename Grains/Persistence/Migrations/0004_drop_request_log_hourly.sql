-- 0003's hourly roll-up had no reader. The stats endpoint cannot be served from it exactly: percentiles of a window
-- are not derivable from per-hour percentiles, and rows reach the log late (buffered while PostgreSQL is away), after
-- their hour was materialised. The covering index on (agent, created_at) serves every window from the table instead.
DROP MATERIALIZED VIEW IF EXISTS request_log_hourly;
