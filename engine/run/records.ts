import type { StepError } from '../errors.ts';
import type { Json } from '../json.ts';
import type { StepLogEntry, WebhookResponse } from '../node-contract.ts';

export type StepStatus = 'succeeded' | 'failed' | 'skipped';

/** What one node did in one execution: the unit a user inspects and a worker checkpoints. */
export interface StepRecord {
  nodeId: string;
  nodeType: string;
  status: StepStatus;
  input: Json;
  output: Json;
  /** Output ports that carried the output on; empty unless succeeded. */
  ports: string[];
  error: StepError | null;
  logs: StepLogEntry[];
  attempts: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  response?: WebhookResponse;
}

/** waiting: a step failed and its retry is due later; the execution resumes then. */
export type ExecutionStatus = 'succeeded' | 'failed' | 'waiting';

export interface ExecutionFailure {
  nodeId: string;
  code: string;
  message: string;
}

export interface ExecutionResult {
  status: ExecutionStatus;
  steps: StepRecord[];
  error: ExecutionFailure | null;
  /** The answer for the webhook caller, when a respond step ran. */
  response: WebhookResponse | null;
  /** For a waiting execution: which step retries, after how many attempts, and when. */
  retry: PendingRetry | null;
}

export interface PendingRetry {
  nodeId: string;
  /** Attempts made so far. */
  attempts: number;
  resumeAt: string;
}
