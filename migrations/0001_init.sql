-- Flows: the editable draft lives on the flow row; each publish freezes an immutable version.
-- Documents are `json`, not `jsonb`, so the author's key order inside params survives storage.
CREATE TABLE weft_flows (
  id                text PRIMARY KEY,
  name              text NOT NULL,
  draft             json NOT NULL,
  -- Bumped on every save of the draft; a save based on an older revision is refused (409).
  draft_revision    integer NOT NULL DEFAULT 1,
  published_version integer,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE weft_flow_versions (
  flow_id      text NOT NULL REFERENCES weft_flows (id) ON DELETE CASCADE,
  version      integer NOT NULL,
  document     json NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (flow_id, version)
);

-- One row per event accepted (webhook, manual run). `payload` is the event itself: it is stored
-- before the sender gets its 2xx, so an accepted event is never lost.
-- Event and step data use `json`, not `jsonb`: it keeps the sender's key order and exact text,
-- and Weft never queries inside it.
CREATE TABLE weft_executions (
  id            uuid PRIMARY KEY,
  flow_id       text NOT NULL REFERENCES weft_flows (id) ON DELETE CASCADE,
  -- The published version it runs; NULL for a run of the draft, whose document is kept here.
  flow_version  integer,
  draft_document json,
  trigger_node  text,
  -- How it started: a webhook, by hand, a schedule tick, or as the error flow of another execution.
  mode          text NOT NULL CHECK (mode IN ('webhook', 'manual', 'schedule', 'error')),
  -- waiting: a step's retry is due at resume_at; no worker holds it meanwhile.
  status        text NOT NULL CHECK (status IN ('queued', 'running', 'waiting', 'succeeded', 'failed')),
  payload       json NOT NULL,
  error         jsonb,
  response      json,
  -- { nodeId, attempts, resumeAt } while waiting for a step's retry.
  retry_state   json,
  resume_at     timestamptz,
  -- The worker process that last claimed it ("host:pid"), for operators and crash diagnosis.
  claimed_by    text,
  -- Set on a replay: the execution it replays.
  replay_of     uuid REFERENCES weft_executions (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  CHECK ((flow_version IS NULL) = (draft_document IS NOT NULL))
);
CREATE INDEX weft_executions_by_flow ON weft_executions (flow_id, created_at DESC, id DESC);
CREATE INDEX weft_executions_by_time ON weft_executions (created_at DESC, id DESC);

-- One row per node per execution, written as each step finishes (the checkpoint).
CREATE TABLE weft_steps (
  execution_id uuid NOT NULL REFERENCES weft_executions (id) ON DELETE CASCADE,
  node_id      text NOT NULL,
  seq          integer NOT NULL,
  node_type    text NOT NULL,
  status       text NOT NULL CHECK (status IN ('succeeded', 'failed', 'skipped')),
  input        json,
  output       json,
  ports        text[] NOT NULL,
  error        jsonb,
  logs         jsonb NOT NULL,
  attempts     integer NOT NULL,
  response     json,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL,
  duration_ms  integer NOT NULL,
  PRIMARY KEY (execution_id, node_id)
);

-- Management API tokens, kept only as SHA-256 hashes.
CREATE TABLE weft_api_tokens (
  id         serial PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  label      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
