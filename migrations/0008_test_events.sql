-- The sample request a flow's test URL (/hooks-test/<flow>/…) captured for the editor: one row per
-- flow, written only while someone armed listening (`listening_until` still ahead). The test URL
-- answers 404 otherwise, so outside traffic can neither start anything nor fill this table.
CREATE TABLE weft_test_events (
  flow_id         text PRIMARY KEY REFERENCES weft_flows (id) ON DELETE CASCADE,
  -- Cleared by the first capture: one arming, one sample.
  listening_until timestamptz,
  trigger_node    text,
  -- Exactly the payload a real webhook execution receives: { method, path, headers, query, body, rawBody }.
  payload         json,
  captured_at     timestamptz,
  CHECK ((payload IS NULL) = (captured_at IS NULL))
);
