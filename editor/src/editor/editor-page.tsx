import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { describeError } from '../api/client.ts';
import { Canvas } from '../canvas/canvas.tsx';
import { Palette } from '../canvas/palette.tsx';
import { ExecutionsPanel } from '../executions/executions-panel.tsx';
import { VersionsPanel } from '../versions/versions-panel.tsx';
import { Inspector } from '../inspector/inspector.tsx';
import { TestRunPanel } from '../run/test-run-panel.tsx';
import { useEditor } from '../store/editor-state.ts';
import { NoticeBar } from '../ui/notice-bar.tsx';
import { ConflictDialog } from './conflict-dialog.tsx';
import { EditorToolbar } from './editor-toolbar.tsx';
import { openFlow } from './flow-actions.ts';
import { ProblemsPanel } from './problems-panel.tsx';

type Tab = 'step' | 'run' | 'executions' | 'versions';

/** One flow: palette, canvas, and a side panel with the selected step, test runs and executions. */
export function EditorPage({ flowId }: { flowId: string }) {
  const [loading, setLoading] = useState<'loading' | 'ready' | string>('loading');
  useEffect(() => {
    setLoading('loading');
    openFlow(flowId).then(
      () => setLoading('ready'),
      (error: unknown) => setLoading(describeError(error)),
    );
  }, [flowId]);
  if (loading === 'loading') return <div className="page-message">Loading the flow…</div>;
  if (loading !== 'ready') {
    return (
      <div className="page-message">
        <p>Could not open this flow: {loading}</p>
        <a href="#/">Back to all flows</a>
      </div>
    );
  }
  return <EditorLayout />;
}

function EditorLayout() {
  const [tab, setTab] = useState<Tab>('step');
  const selectedId = useEditor((state) => state.nodes.find((node) => node.selected === true)?.id ?? null);
  const dirty = useEditor((state) => state.dirty);
  // Closing the tab with unsaved edits asks first; the browser words the question itself.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  // Selecting a step shows its settings, whichever tab was open.
  useEffect(() => {
    if (selectedId !== null) setTab('step');
  }, [selectedId]);
  return (
    <div className="editor">
      <EditorToolbar />
      <NoticeBar />
      <ReactFlowProvider>
        <div className="editor-body">
        <Palette />
        <main className="editor-canvas">
          <Canvas />
          <ProblemsPanel />
        </main>
        <aside className="side-panel">
          <div className="tabs" role="tablist">
            <TabButton tab="step" current={tab} onSelect={setTab} label="Step" />
            <TabButton tab="run" current={tab} onSelect={setTab} label="Test run" />
            <TabButton tab="executions" current={tab} onSelect={setTab} label="Executions" />
            <TabButton tab="versions" current={tab} onSelect={setTab} label="Versions" />
          </div>
          <div className="side-panel-body">
            {tab === 'step' && <Inspector />}
            {tab === 'run' && <TestRunPanel />}
            {tab === 'executions' && <ExecutionsPanel />}
            {tab === 'versions' && <VersionsPanel />}
          </div>
        </aside>
        </div>
      </ReactFlowProvider>
      <ConflictDialog />
    </div>
  );
}

function TabButton({ tab, current, label, onSelect }: { tab: Tab; current: Tab; label: string; onSelect(tab: Tab): void }) {
  return (
    <button type="button" role="tab" aria-selected={tab === current} className={tab === current ? 'tab is-active' : 'tab'} onClick={() => onSelect(tab)}>
      {label}
    </button>
  );
}
