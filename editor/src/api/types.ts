/** The shapes the public Weft API answers with; the server's zod schemas are their source of truth. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Problem {
  code: string;
  message: string;
  path: string;
  nodeId?: string;
}

export interface CatalogNode {
  type: string;
  typeVersion: number;
  latest: boolean;
  displayName: string;
  description: string;
  category: string;
  icon: string | null;
  trigger: boolean;
  inputs: string[];
  outputs: string[];
  /** The step reaches outside the execution (HTTP calls, published events): trying the draft shows it instead of sending. */
  sideEffects: boolean;
  /** Credential slots: the credential types each accepts, and whether the step runs without one. */
  credentials: Record<string, { types: string[]; optional: boolean }>;
  paramsSchema: JsonSchema;
  sample: Json;
}

/** The subset of JSON Schema the inspector understands; anything else is edited as JSON. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: Json;
  enum?: Json[];
  format?: string;
  pattern?: string;
  const?: Json;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  'x-weft-expression'?: boolean;
  /** A param holding source code in this language (edited as code, not as one line). */
  'x-weft-language'?: string;
  /** A credential field Weft stores encrypted and never answers with. */
  writeOnly?: boolean;
}

export interface FlowNodeDocument {
  id: string;
  type: string;
  typeVersion: number;
  name?: string;
  params: JsonObject;
  credentials?: Record<string, string>;
  position?: { x: number; y: number };
  notes?: string;
}

export interface FlowEdgeDocument {
  from: { node: string; port: string };
  to: { node: string; port: string };
}

export interface FlowDocument {
  formatVersion: 1;
  id: string;
  name: string;
  description?: string;
  nodes: FlowNodeDocument[];
  edges: FlowEdgeDocument[];
  settings?: JsonObject;
}

export interface FlowView {
  id: string;
  name: string;
  draftRevision: number;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
  document: FlowDocument;
  problems: Problem[];
  requiredCredentials: { nodeId: string; slot: string; credentialId: string }[];
}

/** waiting: suspended in the database (a delay, another flow, a delivery, a retry later) until it resumes by itself. */
export type ExecutionStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed';

/** A step a waiting execution is suspended in: until when, and for which signal when something else wakes it. */
export interface PendingWait {
  nodeId: string;
  /** For a step in a loop's body: the item (from 0) that waits. */
  item?: number;
  attempts: number;
  /** When it goes on at the latest; null when only the signal wakes it. */
  resumeAt: string | null;
  /** Set when the node asked to wait (rather than a retry): `signal` names what wakes it, e.g. `execution:<id>` or `delivery:<id>`. */
  node?: { signal?: string; state: Json };
  /** Waiting for its turn under a credential's rate limit. */
  turnTaken?: boolean;
}

export interface FlowSummary {
  id: string;
  name: string;
  draftRevision: number;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
  lastExecution: { id: string; status: ExecutionStatus; createdAt: string } | null;
}

export interface ExecutionSummary {
  id: string;
  flowId: string;
  flowVersion: number | null;
  mode: 'webhook' | 'manual';
  status: ExecutionStatus;
  triggerNode: string;
  error: { nodeId?: string; code?: string; message: string } | null;
  /** The execution this one replays, when it is a replay. */
  replayOf?: string | null;
  /** What a waiting execution waits for; empty otherwise. */
  waits: PendingWait[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface StepRecord {
  nodeId: string;
  nodeType: string;
  status: 'succeeded' | 'failed' | 'skipped';
  input: Json;
  output: Json;
  ports: string[];
  error: { code: string; message: string; details?: Json } | null;
  attempts: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** For a step in a loop's body (after core.each's "item" port): the item, from 0, it ran for. */
  item?: number;
}

export interface ExecutionDetails extends ExecutionSummary {
  payload: Json;
  steps: StepRecord[];
}

export interface CredentialType {
  id: string;
  displayName: string;
  description: string;
  secretFields: string[];
  fieldsSchema: JsonSchema;
}

/** "At most `requests` calls in any `perSeconds` seconds" with one credential; calls over it wait their turn. */
export interface RateLimit {
  requests: number;
  perSeconds: number;
}

/** A stored credential; secret fields only say whether they are set, never their value. */
export interface CredentialSummary {
  id: string;
  type: string;
  name: string;
  rateLimit: RateLimit | null;
  fields: Record<string, { set: boolean; value?: Json }>;
  createdAt: string;
  updatedAt: string;
  /** Set when Weft cannot decrypt it (its key was dropped, say); it is listed all the same. */
  problem?: { code: string; message: string };
}

/** A flow's test URL after "listen for a test event": open until `expiresAt`, one URL per webhook trigger. */
export interface TestListening {
  listening: true;
  expiresAt: string;
  testUrl: string;
  hooks: { nodeId: string; url: string; methods: string[] }[];
}

/** What the test URL holds: still listening, a captured request (the payload a real execution would get), or nothing. */
export interface TestEventSlot {
  status: 'listening' | 'captured' | 'idle';
  expiresAt: string | null;
  event: { triggerNodeId: string; payload: Json; capturedAt: string } | null;
}

/** How one step fared when the draft ran on a past event, beside what it did then. */
export type TryVerdict = 'unchanged' | 'changed' | 'added' | 'removed' | 'failed' | 'notReached';

/** One difference between two JSON values, at a path such as `$.order.items[0]`. */
export type JsonChange =
  | { kind: 'added'; path: string; after: Json }
  | { kind: 'removed'; path: string; before: Json }
  | { kind: 'changed'; path: string; before: Json; after: Json };

export interface TriedStep {
  status: StepRecord['status'];
  input: Json;
  output: Json;
  ports: string[];
  error: StepRecord['error'];
  logs: { at: string; level: 'info' | 'warn' | 'error'; message: string }[];
}

export interface TriedNode {
  nodeId: string;
  nodeType: string;
  name: string | null;
  verdict: TryVerdict;
  settingsChanged: boolean;
  /** A step that reaches outside and was not run: what it would have sent, and whether it reused its past answer. */
  notSent: { wouldSend: Json; reusedPastOutput: boolean } | null;
  before: TriedStep | null;
  after: TriedStep | null;
  outputChanges: JsonChange[];
  inputChanges: JsonChange[];
  changesTruncated: boolean;
}

export interface TriedExecution {
  executionId: string;
  createdAt: string;
  flowVersion: number | null;
  triggerNode: string | null;
  pastStatus: string;
  status: 'succeeded' | 'failed' | 'waiting' | 'not_run';
  error: { nodeId: string | null; code: string; message: string } | null;
  counts: Record<TryVerdict, number>;
  nodes: TriedNode[];
}

/** The answer of POST /api/flows/:id/try-draft. */
export interface TryDraftResult {
  flowId: string;
  draftRevision: number;
  allowSideEffects: boolean;
  results: TriedExecution[];
}
