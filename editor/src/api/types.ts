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
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  anyOf?: JsonSchema[];
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

export type ExecutionStatus = 'queued' | 'running' | 'succeeded' | 'failed';

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

/** A stored credential; secret fields only say whether they are set, never their value. */
export interface CredentialSummary {
  id: string;
  type: string;
  name: string;
  fields: Record<string, { set: boolean; value?: Json }>;
  createdAt: string;
  updatedAt: string;
}
