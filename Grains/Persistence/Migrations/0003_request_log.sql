-- Request log: one row per finished agent request, appended in batches by the silos (binary COPY into a staging
-- table, then INSERT … ON CONFLICT so that a retried request id is stored once).
CREATE TABLE IF NOT EXISTS request_log
(
    request_id    text             NOT NULL PRIMARY KEY,
    agent         text             NOT NULL,
    tier          text             NOT NULL,
    user_id       text,
    tenant        text,
    outcome       text             NOT NULL,
    cache_layer   text             NOT NULL,
    coalesced     boolean          NOT NULL DEFAULT false,
    batch_size    integer          NOT NULL,
    queue_ms      double precision NOT NULL,
    inference_ms  double precision NOT NULL,
    total_ms      double precision NOT NULL,
    created_at    timestamptz      NOT NULL
);

-- Per-agent windows (stats endpoint): agent + time first, with the figures the query reads carried in the index.
CREATE INDEX IF NOT EXISTS ix_request_log_agent_created
    ON request_log (agent, created_at) INCLUDE (total_ms, outcome, cache_layer);

-- Per-user history (seed 000: covering index on agent/user/created_at).
CREATE INDEX IF NOT EXISTS ix_request_log_agent_user_created
    ON request_log (agent, user_id, created_at) INCLUDE (total_ms, outcome);

-- Hourly roll-up for dashboards and long windows; refreshed concurrently by the silos.
CREATE MATERIALIZED VIEW IF NOT EXISTS request_log_hourly AS
SELECT agent,
       date_trunc('hour', created_at)                                  AS hour,
       count(*)                                                        AS requests,
       count(*) FILTER (WHERE outcome <> 'ok')                         AS errors,
       count(*) FILTER (WHERE cache_layer <> 'none' OR coalesced)      AS cache_hits,
       percentile_cont(0.50) WITHIN GROUP (ORDER BY total_ms)          AS p50_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY total_ms)          AS p95_ms,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY total_ms)          AS p99_ms
FROM request_log
GROUP BY agent, date_trunc('hour', created_at)
WITH NO DATA;

CREATE UNIQUE INDEX IF NOT EXISTS ux_request_log_hourly ON request_log_hourly (agent, hour);
