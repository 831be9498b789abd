import { ApiError } from '../api/client.ts';
import { weftApi } from '../api/weft-api.ts';

/** Renames a flow: its name lives in the draft document, so this is a save against the current revision. */
export async function renameFlow(flowId: string, name: string): Promise<void> {
  const flow = await weftApi.getFlow(flowId);
  await weftApi.saveFlow({ ...flow.document, name }, flow.draftRevision);
}

/** Copies a flow's draft into a new flow (`<id>-copy`, `<id>-copy2`…); returns the new id. */
export async function duplicateFlow(flowId: string): Promise<string> {
  const flow = await weftApi.getFlow(flowId);
  const base = `${flowId.slice(0, 54)}-copy`;
  for (let attempt = 1; ; attempt += 1) {
    const id = attempt === 1 ? base : `${base}${attempt}`;
    try {
      await weftApi.importFlow({ ...flow.document, id, name: `Copy of ${flow.name}`.slice(0, 200) });
      return id;
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'flow_exists') || attempt >= 50) throw error;
    }
  }
}
