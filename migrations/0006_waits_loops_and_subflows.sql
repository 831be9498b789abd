-- Executions now wait for more than retries: a node may wait for a time (core.delay) or for a signal
-- raised elsewhere (a child execution finishing for core.subflow, a delivery settling for core.deliver).

-- [{ nodeId, item?, attempts, resumeAt, node?: { signal?, state } }]: the steps the execution waits
-- in (several when items of a loop wait at once). A retry's state becomes a list of one.
ALTER TABLE weft_executions RENAME COLUMN retry_state TO wait_state;
UPDATE weft_executions SET wait_state = json_build_array(wait_state) WHERE wait_state IS NOT NULL;
-- The signal that wakes a waiting execution; its resume_at, if any, is how long it may take.
ALTER TABLE weft_executions ADD COLUMN wait_signal text;
CREATE INDEX weft_executions_waiting_for_signal ON weft_executions (wait_signal) WHERE wait_signal IS NOT NULL;

-- A child execution started by a core.subflow step reports back to that step when it finishes.
-- call_key makes starting a child idempotent: a resumed step finds the child it already started.
ALTER TABLE weft_executions
  ADD COLUMN parent_execution_id uuid REFERENCES weft_executions (id) ON DELETE SET NULL,
  ADD COLUMN parent_node_id text,
  ADD COLUMN call_key text UNIQUE;
ALTER TABLE weft_executions DROP CONSTRAINT weft_executions_mode_check;
ALTER TABLE weft_executions ADD CONSTRAINT weft_executions_mode_check CHECK (mode IN ('webhook', 'manual', 'schedule', 'error', 'subflow'));

-- Raised signals, kept so a step that starts waiting after its signal was raised still sees it.
CREATE TABLE weft_signals (
  key       text PRIMARY KEY,
  payload   json NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX weft_signals_by_raised ON weft_signals (raised_at);

-- A step in a loop's body (core.each) runs once per item: steps are keyed by node and item.
ALTER TABLE weft_steps ADD COLUMN item integer;
ALTER TABLE weft_steps DROP CONSTRAINT weft_steps_pkey;
CREATE UNIQUE INDEX weft_steps_by_node_and_item ON weft_steps (execution_id, node_id, (COALESCE(item, -1)));
