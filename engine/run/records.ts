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
  /** For a step in a loop's body: which item (from 0) it ran for. */
  item?: number;
}

/** waiting: a step's retry is due later, or a node asked to wait (a delay, a child flow); the execution resumes then. */
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
  /** For a waiting execution: the steps it waits in (several when items of a loop wait at once), for what, and until when. */
  waits: PendingWait[];
}

/** A step the execution is suspended in; stored with the execution and handed back on resume. */
export interface PendingWait {
  nodeId: string;
  /** For a step in a loop's body: the item it waits for. */
  item?: number;
  /** Attempts made so far (a failed step waits for its next attempt). */
  attempts: number;
  /** When the execution resumes at the latest; null when only a signal wakes it. */
  resumeAt: string | null;
  /** Set when the node itself asked to wait (rather than a retry): what wakes it and what it kept. */
  node?: { signal?: string; state: Json };
  /** Set when the step waits for its turn under a credential's rate limit, already taken: it goes at `resumeAt`. */
  turnTaken?: boolean;
}

/** Handed back to the engine when a waiting execution resumes. */
export interface ResumedWait extends PendingWait {
  /** What the awaited signal carried, when it was raised. */
  signalPayload?: Json;
}
