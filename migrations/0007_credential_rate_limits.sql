-- Per-credential rate limits on outgoing calls: "at most rate_limit_requests calls in any
-- rate_limit_per_seconds seconds" (both NULL: unlimited). Steps that would go over wait for a slot.
ALTER TABLE weft_credentials
  ADD COLUMN rate_limit_requests int CHECK (rate_limit_requests >= 1),
  ADD COLUMN rate_limit_per_seconds int CHECK (rate_limit_per_seconds >= 1),
  ADD CONSTRAINT weft_credentials_rate_limit_whole CHECK ((rate_limit_requests IS NULL) = (rate_limit_per_seconds IS NULL));

-- The slots already handed out (server/credentials/reserve-rate-slot.ts), ascending: only those
-- recent enough to still bound the next one are kept, so at most rate_limit_requests of them.
-- One row per credential, so one row lock orders every reservation for it.
CREATE TABLE weft_credential_rate_slots (
  credential_id  text PRIMARY KEY REFERENCES weft_credentials (id) ON DELETE CASCADE,
  slot_times     timestamptz[] NOT NULL
);
