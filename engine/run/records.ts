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

export type ExecutionStatus = 'succeeded' | 'failed';

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
}
