-- Direct deliveries: one signed webhook a flow sends to a URL (`core.deliver`), through the same
-- queue, worker, attempt log, retries and redelivery as subscription deliveries.

-- Health (failure streak, circuit breaker, auto-disable) is kept per endpoint. A direct delivery's
-- endpoint is an internal row here, one per URL, so that machinery applies unchanged; such rows
-- match no event (no patterns), hold no secret, and the subscriptions API never shows them.
ALTER TABLE weft_subscriptions
  ADD COLUMN kind text NOT NULL DEFAULT 'subscription' CHECK (kind IN ('subscription', 'direct')),
  DROP CONSTRAINT weft_subscriptions_has_secret,
  ADD CONSTRAINT weft_subscriptions_has_secret CHECK (kind = 'direct' OR secret IS NOT NULL OR secrets_ciphertext IS NOT NULL);
CREATE UNIQUE INDEX weft_direct_endpoints_by_url ON weft_subscriptions (url) WHERE kind = 'direct';

-- The message a direct delivery carries is an event row too (type, data, publish time), pruned
-- with the same retention; it is sent only to its own delivery.
ALTER TABLE weft_events DROP CONSTRAINT weft_events_source_check;
ALTER TABLE weft_events ADD CONSTRAINT weft_events_source_check CHECK (source IN ('api', 'flow', 'direct'));

-- What a subscription holds for all its deliveries, a direct delivery holds itself: the flow step
-- chose its headers, schedule, time-out and signing secret (sealed with the credentials keyring,
-- bound to the delivery's id). direct_key makes creating it idempotent: a step that runs again
-- finds the delivery it created.
ALTER TABLE weft_deliveries
  ADD COLUMN direct_key         text UNIQUE,
  ADD COLUMN headers            jsonb,
  ADD COLUMN retry_schedule     integer[],
  ADD COLUMN timeout_ms         integer,
  ADD COLUMN secret_key_id      text,
  ADD COLUMN secret_iv          bytea,
  ADD COLUMN secret_auth_tag    bytea,
  ADD COLUMN secret_ciphertext  bytea,
  -- The step that sent it, for people reading the delivery; executions may be pruned first.
  ADD COLUMN origin_execution_id uuid,
  ADD COLUMN origin_node_id     text,
  ADD CONSTRAINT weft_deliveries_direct_has_secret CHECK (direct_key IS NULL OR secret_ciphertext IS NOT NULL);
