-- Subscription signing secrets encrypted at rest, with the credentials keyring (AES-256-GCM). The
-- current and previous secret are sealed together as one value, bound to the subscription's id.
-- SQL cannot encrypt, so rows written before this migration keep their plain `secret` until Weft
-- starts and seals them (then clears the plain columns); a plain `secret`, while present, wins.
ALTER TABLE weft_subscriptions
  ADD COLUMN secrets_key_id     text,
  ADD COLUMN secrets_iv         bytea,
  ADD COLUMN secrets_auth_tag   bytea,
  ADD COLUMN secrets_ciphertext bytea,
  ALTER COLUMN secret DROP NOT NULL,
  ADD CONSTRAINT weft_subscriptions_has_secret CHECK (secret IS NOT NULL OR secrets_ciphertext IS NOT NULL);

-- Finds the rows still to seal at start-up without reading the whole table.
CREATE INDEX weft_subscriptions_plain_secret ON weft_subscriptions (id) WHERE secret IS NOT NULL;

-- Retention: the reaper looks for old events, and for dedupe keys past every possible window.
CREATE INDEX weft_events_by_created ON weft_events (created_at);
CREATE INDEX weft_ingress_dedupe_by_seen ON weft_ingress_dedupe (seen_at);
