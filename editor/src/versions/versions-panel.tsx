import { useEffect, useState } from 'react';
import { describeError } from '../api/client.ts';
import type { FlowDocument } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { editorStore, showNotice, useEditor } from '../store/editor-state.ts';
import { edgesOfDocument, nodesOfDocument } from '../store/flow-mapping.ts';
import { checkpoint } from '../store/history.ts';
import { formatTime } from '../ui/format.ts';

// Older versions stay fetchable by number; the list shows the most recent ones.
const VERSIONS_SHOWN = 20;

interface VersionRow {
  version: number;
  publishedAt: string;
  document: FlowDocument;
}

/** Published versions, newest first; any one can be put back into the draft (then saved, or undone). */
export function VersionsPanel() {
  const flowId = useEditor((state) => state.flowId);
  const latest = useEditor((state) => state.publishedVersion);
  const [rows, setRows] = useState<VersionRow[] | null>(null);
  useEffect(() => {
    if (flowId === null || latest === null) return;
    const numbers = Array.from({ length: Math.min(latest, VERSIONS_SHOWN) }, (_, index) => latest - index);
    Promise.all(numbers.map((version) => weftApi.getVersion(flowId, version))).then(setRows, (error: unknown) =>
      showNotice({ kind: 'error', text: describeError(error) }),
    );
  }, [flowId, latest]);
  if (latest === null) return <p className="muted panel-empty">This flow has not been published yet. Publishing freezes the draft as version 1.</p>;
  return (
    <div className="versions" data-testid="versions-panel">
      <h2>Published versions</h2>
      <p className="muted small">The newest version is live. Restoring an older one puts it into the draft; save and publish to make it live again.</p>
      {rows === null && <p className="muted">Loading…</p>}
      {rows?.map((row) => (
        <div key={row.version} className="version-row" data-testid={`version-${row.version}`}>
          <div>
            <strong>v{row.version}</strong> {row.version === latest && <span className="pill pill-live">live</span>}
            <div className="muted small">{formatTime(row.publishedAt)} · {row.document.nodes.length} steps</div>
          </div>
          <button type="button" className="small-button" onClick={() => restore(row)}>
            Restore into draft
          </button>
        </div>
      ))}
    </div>
  );
}

function restore(row: VersionRow): void {
  checkpoint();
  editorStore.set({
    name: row.document.name,
    description: row.document.description ?? '',
    settings: row.document.settings,
    nodes: nodesOfDocument(row.document),
    edges: edgesOfDocument(row.document),
    dirty: true,
  });
  showNotice({ kind: 'info', text: `Version ${row.version} is now in the draft. Save to keep it, or press Ctrl+Z to go back.` });
}
