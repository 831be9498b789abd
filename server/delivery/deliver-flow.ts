import { z } from 'zod';
import type { TestWeft } from '../testing/test-weft.ts';

/** A test flow: manual trigger → core.deliver (`send`) → one step on each of its outputs, to see which one ran. */
export function deliverFlow(id: string, deliver: Record<string, unknown>, credentialId: string) {
  const branch = (nodeId: string) => ({ id: nodeId, type: 'core.map', typeVersion: 1, params: { output: { reached: nodeId } } });
  const edge = (port: string, to: string) => ({ from: { node: 'send', port }, to: { node: to, port: 'in' } });
  return {
    formatVersion: 1,
    id,
    name: id,
    nodes: [
      { id: 'start', type: 'core.manual', typeVersion: 1 },
      { id: 'send', type: 'core.deliver', typeVersion: 1, params: { eventType: 'order.paid', data: '=$', ...deliver }, credentials: { signingSecret: credentialId } },
      branch('onDelivered'),
      branch('onFailed'),
      branch('onQueued'),
    ],
    edges: [
      { from: { node: 'start', port: 'out' }, to: { node: 'send', port: 'in' } },
      edge('delivered', 'onDelivered'),
      edge('failed', 'onFailed'),
      edge('queued', 'onQueued'),
    ],
  };
}

/** Saves and publishes `flow`, then starts it with `payload` without waiting; the execution's id. */
export async function publishAndStart(weft: Pick<TestWeft, 'api'>, flow: ReturnType<typeof deliverFlow>, payload: unknown): Promise<string> {
  await succeeded(weft.api('/api/flows', { body: flow }), `saving ${flow.id}`);
  await succeeded(weft.api(`/api/flows/${flow.id}/publish`, { method: 'POST' }), `publishing ${flow.id}`);
  const started = await succeeded(weft.api(`/api/flows/${flow.id}/run`, { body: { version: 'published', payload, wait: false } }), `starting ${flow.id}`);
  return z.object({ executionId: z.string() }).parse(await started.json()).executionId;
}

async function succeeded(request: Promise<Response>, what: string): Promise<Response> {
  const answer = await request;
  if (!answer.ok) throw new Error(`${what} answered ${answer.status}: ${await answer.text()}`);
  return answer;
}
