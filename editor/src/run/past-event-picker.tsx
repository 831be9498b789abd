import { useEffect, useState } from 'react';
import { describeError } from '../api/client.ts';
import type { ExecutionSummary } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { editorStore, showNotice, useEditor } from '../store/editor-state.ts';
import { formatTime } from '../ui/format.ts';

const PICKER_ID = 'past-event-picker';

/** Lists the flow's recent executions; choosing one makes its event the test run's event (and the trigger's sample). */
export function PastEventPicker() {
  const flowId = useEditor((state) => state.flowId);
  const [items, setItems] = useState<ExecutionSummary[] | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (flowId === null) return;
    weftApi.listExecutions(flowId).then(setItems, (error: unknown) => showNotice({ kind: 'error', text: describeError(error) }));
  }, [flowId]);
  const choose = async (executionId: string) => {
    setLoading(true);
    try {
      const execution = await weftApi.getExecution(executionId);
      editorStore.set({ testPayload: JSON.stringify(execution.payload, null, 2) });
      showNotice({ kind: 'info', text: `Using the event of the execution of ${formatTime(execution.createdAt)}.` });
    } catch (error) {
      showNotice({ kind: 'error', text: describeError(error) });
    } finally {
      setLoading(false);
    }
  };
  if (items === null || items.length === 0) return null;
  return (
    <div className="field past-event-picker">
      <label htmlFor={PICKER_ID}>Or use the event of a past execution</label>
      <select id={PICKER_ID} value="" disabled={loading} onChange={(event) => event.target.value !== '' && void choose(event.target.value)}>
        <option value="">Choose an execution…</option>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {formatTime(item.createdAt)} · {item.status} · {item.mode === 'webhook' ? `webhook v${item.flowVersion ?? '?'}` : item.flowVersion === null ? 'test run' : 'manual'}
          </option>
        ))}
      </select>
    </div>
  );
}
