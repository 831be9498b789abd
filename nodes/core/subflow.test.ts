import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { subflowNode } from './subflow.ts';

// Calling a flow end to end (child execution, signal, time-out) is tested with a real server in
// server/workers/waits.test.ts; here, what the node makes of what comes back.
describe('core.subflow', () => {
  it('fails its step where no flows are stored (an in-memory run)', async () => {
    expect(await runNode(subflowNode, { params: { flowId: 'other' }, input: {} })).toMatchObject({ status: 'failed', error: { code: 'flows_unavailable' } });
  });

  it('outputs the child result when resumed by its finishing', async () => {
    const signal = { executionId: 'c1', status: 'succeeded', output: { total: 3 }, error: null };
    const step = await runNode(subflowNode, { params: { flowId: 'other' }, input: {}, resumed: { state: { executionId: 'c1' }, signal } });
    expect(step).toMatchObject({ status: 'succeeded', output: { total: 3 } });
  });

  it('fails with the child failure', async () => {
    const signal = { executionId: 'c1', status: 'failed', output: null, error: { nodeId: 'pay', code: 'http_error', message: 'HTTP 500' } };
    const step = await runNode(subflowNode, { params: { flowId: 'other' }, input: {}, resumed: { state: { executionId: 'c1' }, signal } });
    expect(step).toMatchObject({ status: 'failed', error: { code: 'subflow_failed', details: { executionId: 'c1' } } });
    expect(step.error?.message).toContain('step "pay" failed: HTTP 500');
  });

  it('fails with a time-out when woken without the child finishing', async () => {
    const step = await runNode(subflowNode, { params: { flowId: 'other' }, input: {}, resumed: { state: { executionId: 'c1' } } });
    expect(step).toMatchObject({ status: 'failed', error: { code: 'subflow_timeout' } });
  });

  it.each([[{ flowId: 'no spaces allowed' }], [{ flowId: 'x', timeoutSeconds: 0 }]])('refuses %j when the flow is checked', async (params) => {
    await expect(runNode(subflowNode, { params, input: {} })).rejects.toMatchObject({ code: 'invalid_flow' });
  });
});
