-- Inbound deduplication: one row per (flow, delivery key), claimed in the same transaction as the
-- event it started, so two deliveries racing with the same key cannot both start an execution.
-- A row older than the trigger's window is taken over by the next delivery with that key.
CREATE TABLE weft_ingress_dedupe (
  flow_id      text NOT NULL REFERENCES weft_flows (id) ON DELETE CASCADE,
  dedupe_key   text NOT NULL,
  -- Deferred: the key is claimed before the execution row is written, in the same transaction.
  execution_id uuid NOT NULL REFERENCES weft_executions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  seen_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (flow_id, dedupe_key)
);
CREATE INDEX weft_ingress_dedupe_by_execution ON weft_ingress_dedupe (execution_id);

-- Per-flow rate limit as a fixed window counter: one row per flow, upserted by every request, so
-- the limit holds across all Weft processes sharing this database.
CREATE TABLE weft_ingress_rate_windows (
  flow_id      text PRIMARY KEY REFERENCES weft_flows (id) ON DELETE CASCADE,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL
);

-- What the ingress refused or folded, per flow, for GET /api/flows/:id/ingress-stats.
CREATE TABLE weft_ingress_stats (
  flow_id             text PRIMARY KEY REFERENCES weft_flows (id) ON DELETE CASCADE,
  signature_failures  bigint NOT NULL DEFAULT 0,
  duplicates          bigint NOT NULL DEFAULT 0,
  rate_limited        bigint NOT NULL DEFAULT 0,
  last_failure_at     timestamptz,
  last_failure_reason text
);
