-- Outbound webhooks: subscriptions, published events, one delivery per (event, subscription), and
-- every attempt of every delivery.

CREATE TABLE weft_subscriptions (
  id                          uuid PRIMARY KEY,
  url                         text NOT NULL,
  -- Patterns such as `order.*`; `*` matches any run of characters.
  event_types                 text[] NOT NULL,
  description                 text NOT NULL DEFAULT '',
  enabled                     boolean NOT NULL DEFAULT true,
  headers                     jsonb NOT NULL DEFAULT '{}',
  -- The signing secret must be read back to sign, so it is stored, not hashed.
  secret                      text NOT NULL,
  -- During a rotation window deliveries are signed with both secrets.
  previous_secret             text,
  previous_secret_expires_at  timestamptz,
  -- Seconds to wait before each retry; NULL uses the server's default schedule.
  retry_schedule              integer[],
  timeout_ms                  integer,
  disable_after_seconds       integer,
  disabled_reason             text,
  disabled_at                 timestamptz,
  -- Health: the failure streak drives the circuit breaker and the auto-disable.
  consecutive_failures        integer NOT NULL DEFAULT 0,
  failing_since               timestamptz,
  circuit_open_until          timestamptz,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);

-- Event data is `json`, not `jsonb`, so subscribers receive the publisher's key order.
CREATE TABLE weft_events (
  id               uuid PRIMARY KEY,
  type             text NOT NULL,
  data             json NOT NULL,
  idempotency_key  text UNIQUE,
  source           text NOT NULL CHECK (source IN ('api', 'flow')),
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE weft_deliveries (
  id               uuid PRIMARY KEY,
  event_id         uuid NOT NULL REFERENCES weft_events (id) ON DELETE CASCADE,
  subscription_id  uuid NOT NULL REFERENCES weft_subscriptions (id) ON DELETE CASCADE,
  -- The `webhook-id` header: the same on every attempt, so receivers can deduplicate.
  message_id       text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempt_count    integer NOT NULL DEFAULT 0,
  -- Attempts since the delivery was (re)started; indexes the retry schedule.
  run_attempts     integer NOT NULL DEFAULT 0,
  -- Bumped whenever a job is queued for the delivery; a job carrying an older number is stale.
  job_seq          integer NOT NULL DEFAULT 1,
  next_attempt_at  timestamptz,
  last_attempt_at  timestamptz,
  last_status_code integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  UNIQUE (event_id, subscription_id)
);
CREATE INDEX weft_deliveries_by_subscription ON weft_deliveries (subscription_id, created_at DESC, id DESC);
CREATE INDEX weft_deliveries_failed ON weft_deliveries (subscription_id, finished_at) WHERE status = 'failed';

CREATE TABLE weft_delivery_attempts (
  id             bigserial PRIMARY KEY,
  delivery_id    uuid NOT NULL REFERENCES weft_deliveries (id) ON DELETE CASCADE,
  attempt        integer NOT NULL,
  started_at     timestamptz NOT NULL,
  latency_ms     integer NOT NULL,
  status_code    integer,
  -- The first 4 KiB of the answer, for diagnosis.
  response_body  text,
  error          text,
  outcome        text NOT NULL CHECK (outcome IN ('delivered', 'failed'))
);
CREATE INDEX weft_delivery_attempts_by_delivery ON weft_delivery_attempts (delivery_id, attempt);
