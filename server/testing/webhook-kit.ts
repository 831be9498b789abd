import type { TestWeft } from './test-weft.ts';

/** A published-flow-and-webhook toolkit for ingress tests, over the public API only. */
export function webhookKit(weft: () => TestWeft) {
  const api = (path: string, init?: { method?: string; body?: unknown }) => weft().api(path, init);
  return {
    /** A flow of one webhook trigger, answered by a respond step when one is given. */
    hookFlow(id: string, webhook: Record<string, unknown>, respond?: Record<string, unknown>) {
      return {
        formatVersion: 1,
        id,
        name: id,
        nodes: [
          { id: 'hook', type: 'core.webhook', typeVersion: 1, params: webhook },
          ...(respond === undefined ? [] : [{ id: 'answer', type: 'core.respond', typeVersion: 1, params: respond }]),
        ],
        edges: respond === undefined ? [] : [{ from: { node: 'hook', port: 'out' }, to: { node: 'answer', port: 'in' } }],
      };
    },
    async publish(document: { id: string }): Promise<void> {
      const imported = await api('/api/flows/import', { body: document });
      if (imported.status !== 201) throw new Error(`import of ${document.id} answered ${imported.status}: ${await imported.text()}`);
      const published = await api(`/api/flows/${document.id}/publish`, { method: 'POST' });
      if (published.status !== 200) throw new Error(`publish of ${document.id} answered ${published.status}: ${await published.text()}`);
    },
    async credential(type: string, values: Record<string, string>): Promise<string> {
      const response = await api('/api/credentials', { body: { type, name: `${type} for a test`, values } });
      if (response.status !== 201) throw new Error(`creating a ${type} credential answered ${response.status}: ${await response.text()}`);
      const { id } = await response.json();
      return id;
    },
    post(flowId: string, init: { headers?: Record<string, string>; body?: string; query?: string; base?: string } = {}) {
      return fetch(`${init.base ?? weft().url}/hooks/${flowId}${init.query ?? ''}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        body: init.body ?? '{}',
      });
    },
    async stats(flowId: string) {
      return (await api(`/api/flows/${flowId}/ingress-stats`)).json();
    },
    async executionCount(flowId: string): Promise<number> {
      const { items } = await (await api(`/api/executions?flowId=${flowId}&limit=100`)).json();
      return items.length;
    },
  };
}
