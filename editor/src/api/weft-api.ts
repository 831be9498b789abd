import { apiFetch, apiJson } from './client.ts';
import type {
  CatalogNode,
  CredentialSummary,
  CredentialType,
  ExecutionDetails,
  ExecutionStatus,
  ExecutionSummary,
  FlowDocument,
  FlowSummary,
  FlowView,
  Json,
  JsonObject,
  RateLimit,
  TestEventSlot,
  TestListening,
  TryDraftResult,
} from './types.ts';

/** Every call the editor makes, one function per route of the public API. */
export const weftApi = {
  catalog: () => apiJson<{ nodes: CatalogNode[] }>('/api/nodes').then((answer) => answer.nodes),
  listFlows: () => apiJson<{ items: FlowSummary[] }>('/api/flows').then((answer) => answer.items),
  createFlow: (name: string) => apiJson<FlowView>('/api/flows', { body: { name } }),
  getFlow: (id: string) => apiJson<FlowView>(`/api/flows/${encodeURIComponent(id)}`),
  saveFlow: (document: FlowDocument, baseRevision: number) =>
    apiJson<FlowView>(`/api/flows/${encodeURIComponent(document.id)}`, { method: 'PUT', body: { document, baseRevision } }),
  deleteFlow: async (id: string) => {
    await apiFetch(`/api/flows/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  importFlow: (document: Json | FlowDocument) => apiJson<FlowView>('/api/flows/import', { body: document }),
  exportFlow: (id: string) => apiFetch(`/api/flows/${encodeURIComponent(id)}/export`).then((response) => response.text()),
  publish: (id: string) =>
    apiJson<{ id: string; publishedVersion: number; draftRevision: number }>(`/api/flows/${encodeURIComponent(id)}/publish`, { method: 'POST' }),
  unpublish: (id: string) => apiJson<{ id: string; publishedVersion: null }>(`/api/flows/${encodeURIComponent(id)}/unpublish`, { method: 'POST' }),
  /** Answers with the execution once it finishes, or `queued` after `timeoutMs` (a run that waits, say, or a busy Weft). */
  run: (id: string, payload: Json, timeoutMs: number) =>
    apiJson<ExecutionDetails | { executionId: string; status: 'queued' }>(`/api/flows/${encodeURIComponent(id)}/run`, {
      body: { payload, version: 'draft', wait: true, timeoutMs },
    }),
  getVersion: (id: string, version: number) =>
    apiJson<{ version: number; publishedAt: string; document: FlowDocument }>(`/api/flows/${encodeURIComponent(id)}/versions/${version}`),
  schedules: (id: string) =>
    apiJson<{ published: boolean; schedules: { nodeId: string; cron: string; timezone: string; nextRunAt: string }[] }>(
      `/api/flows/${encodeURIComponent(id)}/schedules`,
    ),
  listExecutions: (flowId: string, status: ExecutionStatus | null = null) =>
    apiJson<{ items: ExecutionSummary[]; nextCursor: string | null }>(
      `/api/executions?flowId=${encodeURIComponent(flowId)}&limit=50${status === null ? '' : `&status=${status}`}`,
    ).then(
      (answer) => answer.items,
    ),
  getExecution: (id: string) => apiJson<ExecutionDetails>(`/api/executions/${encodeURIComponent(id)}`),
  /** Runs the saved draft on past events in memory; steps that reach outside are only shown unless `allowSideEffects`. */
  tryDraft: (flowId: string, executionIds: string[], allowSideEffects: boolean) =>
    apiJson<TryDraftResult>(`/api/flows/${encodeURIComponent(flowId)}/try-draft`, { body: { executionIds, allowSideEffects } }),
  replayExecution: (id: string, from: 'start' | 'failed') =>
    apiJson<{ executionId: string; replayOf: string }>(`/api/executions/${encodeURIComponent(id)}/replay`, { body: { from, version: 'original' } }),
  credentialTypes: () => apiJson<{ items: CredentialType[] }>('/api/credential-types').then((answer) => answer.items),
  listCredentials: () => apiJson<{ items: CredentialSummary[] }>('/api/credentials').then((answer) => answer.items),
  createCredential: (credential: { type: string; name: string; values: JsonObject; rateLimit: RateLimit | null }) =>
    apiJson<CredentialSummary>('/api/credentials', { body: credential }),
  /** Fields left out of `values` keep their stored value, so secrets are only ever replaced; `rateLimit: null` removes the limit. */
  updateCredential: (id: string, change: { name: string; values: JsonObject; rateLimit: RateLimit | null }) =>
    apiJson<CredentialSummary>(`/api/credentials/${encodeURIComponent(id)}`, { method: 'PUT', body: change }),
  deleteCredential: async (id: string) => {
    await apiFetch(`/api/credentials/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  listenForTestEvent: (flowId: string) => apiJson<TestListening>(`/api/flows/${encodeURIComponent(flowId)}/test-event/listen`, { method: 'POST' }),
  /** Long poll: answers once a request is captured, or after `waitSeconds` (at most 25). */
  testEvent: (flowId: string, waitSeconds: number) => apiJson<TestEventSlot>(`/api/flows/${encodeURIComponent(flowId)}/test-event?wait=${waitSeconds}`),
  stopTestEvent: async (flowId: string) => {
    await apiFetch(`/api/flows/${encodeURIComponent(flowId)}/test-event`, { method: 'DELETE' });
  },
};
