-- An event that the process accepting it runs itself (a local run) is stored claimed by that
-- process, with no job: a job per event cost an insert and a delete on pg-boss's table, with
-- their index entries, WAL and dead rows, for the rare case of the process dying mid-run. Each
-- worker process instead says here, every few seconds, that it is alive. When one falls silent,
-- another queues a job for each execution it left running (see worker-liveness.ts).
CREATE TABLE weft_workers (
  -- As in weft_executions.claimed_by.
  name text PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);
