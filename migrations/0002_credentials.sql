-- Credentials: values are one JSON object sealed with AES-256-GCM (server/credentials/cipher.ts).
-- Only the id of the key that sealed a row is stored, never a key; the type and name stay clear
-- so lists need no decryption of anything but the row being shown.
CREATE TABLE weft_credentials (
  id          text PRIMARY KEY,
  type        text NOT NULL,
  name        text NOT NULL,
  key_id      text NOT NULL,
  iv          bytea NOT NULL,
  auth_tag    bytea NOT NULL,
  ciphertext  bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX weft_credentials_by_key ON weft_credentials (key_id);

-- OAuth2 authorization requests waiting for the browser to come back to /oauth2/callback.
-- `state` is the unguessable value sent to the provider; the PKCE verifier is sealed like a credential.
CREATE TABLE weft_oauth2_requests (
  state          text PRIMARY KEY,
  credential_id  text NOT NULL REFERENCES weft_credentials (id) ON DELETE CASCADE,
  redirect_uri   text NOT NULL,
  key_id         text NOT NULL,
  iv             bytea NOT NULL,
  auth_tag       bytea NOT NULL,
  ciphertext     bytea NOT NULL,
  expires_at     timestamptz NOT NULL
);
