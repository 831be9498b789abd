import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../api/client.ts';
import type { FlowSummary } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { signOut } from '../auth/token-store.ts';
import { downloadExport } from '../editor/flow-actions.ts';
import { Dialog } from '../ui/dialog.tsx';
import { formatAgo } from '../ui/format.ts';
import { navigate } from '../ui/router.ts';
import { duplicateFlow, renameFlow } from './flow-commands.ts';
import { ImportDialog } from './import-dialog.tsx';

type Modal = { kind: 'create' } | { kind: 'import' } | { kind: 'rename'; flow: FlowSummary } | { kind: 'delete'; flow: FlowSummary } | null;

/** Every flow with its status and last execution; create, import, rename, export, delete, search. */
export function FlowsPage() {
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [modal, setModal] = useState<Modal>(null);
  const refresh = useCallback(() => {
    weftApi.listFlows().then(
      (items) => {
        setFlows(items);
        setError(null);
      },
      (failure: unknown) => setError(describeError(failure)),
    );
  }, []);
  useEffect(refresh, [refresh]);
  const needle = query.trim().toLowerCase();
  const shown = (flows ?? []).filter((flow) => needle === '' || `${flow.name} ${flow.id}`.toLowerCase().includes(needle));
  const close = () => setModal(null);
  return (
    <div className="flows-page">
      <header className="app-header">
        <span className="brand">Weft</span>
        <nav className="header-nav">
          <a href="#/credentials">Credentials</a>
          <button type="button" className="small-button" onClick={() => signOut()}>
            Sign out
          </button>
        </nav>
      </header>
      <main className="flows-main">
        <div className="flows-head">
          <h1>Flows</h1>
          <input type="search" className="flows-search" placeholder="Search flows…" aria-label="Search flows" value={query} onChange={(event) => setQuery(event.target.value)} />
          <button type="button" onClick={() => setModal({ kind: 'import' })}>
            Import
          </button>
          <button type="button" className="primary-button" onClick={() => setModal({ kind: 'create' })}>
            + New flow
          </button>
        </div>
        {error !== null && <div className="notice notice-error" role="alert">{error}</div>}
        {flows === null && error === null && <p className="muted">Loading flows…</p>}
        {flows !== null && flows.length === 0 && (
          <div className="empty-state">
            <h2>No flows yet</h2>
            <p>A flow starts with a trigger (for example a webhook that Shopify or Stripe calls) and then filters, maps and sends data on.</p>
            <button type="button" className="primary-button" onClick={() => setModal({ kind: 'create' })}>
              Create your first flow
            </button>
          </div>
        )}
        {flows !== null && flows.length > 0 && shown.length === 0 && <p className="muted">No flow matches “{query}”.</p>}
        {shown.length > 0 && (
          <FlowTable
            flows={shown}
            onModal={setModal}
            onDuplicate={(flow) => void duplicateFlow(flow.id).then(refresh, (failure: unknown) => setError(describeError(failure)))}
          />
        )}
      </main>
      {modal?.kind === 'create' && <NameDialog title="New flow" initial="" action="Create" onClose={close} onSubmit={async (name) => navigate(`/flows/${(await weftApi.createFlow(name)).id}`)} />}
      {modal?.kind === 'import' && <ImportDialog onClose={close} onImported={(id) => navigate(`/flows/${id}`)} />}
      {modal?.kind === 'rename' && (
        <NameDialog
          title="Rename flow"
          initial={modal.flow.name}
          action="Rename"
          onClose={close}
          onSubmit={async (name) => {
            await renameFlow(modal.flow.id, name);
            close();
            refresh();
          }}
        />
      )}
      {modal?.kind === 'delete' && (
        <Dialog title="Delete this flow?" onClose={close}>
          <p>
            “{modal.flow.name}” and its webhook URL will stop working. Its executions stay in the history. This cannot be undone.
          </p>
          <div className="button-row">
            <button type="button" className="danger-button" onClick={() => void weftApi.deleteFlow(modal.flow.id).then(() => { close(); refresh(); }, (failure: unknown) => setError(describeError(failure)))}>
              Delete
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function FlowTable({ flows, onModal, onDuplicate }: { flows: FlowSummary[]; onModal(modal: Modal): void; onDuplicate(flow: FlowSummary): void }) {
  return (
    <table className="flow-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Status</th>
          <th>Last execution</th>
          <th>Changed</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {flows.map((flow) => (
          <tr key={flow.id} data-testid={`flow-row-${flow.id}`}>
            <td>
              <a href={`#/flows/${flow.id}`} className="flow-link">
                {flow.name}
              </a>
              <div className="muted small">{flow.id}</div>
            </td>
            <td>
              <span className={flow.publishedVersion === null ? 'pill pill-draft' : 'pill pill-live'}>
                {flow.publishedVersion === null ? 'Draft' : `Published v${flow.publishedVersion}`}
              </span>
            </td>
            <td>
              {flow.lastExecution === null ? (
                <span className="muted">Never run</span>
              ) : (
                <>
                  <span className={`status-badge status-${flow.lastExecution.status}`}>{flow.lastExecution.status}</span>{' '}
                  <span className="muted small">{formatAgo(flow.lastExecution.createdAt)}</span>
                </>
              )}
            </td>
            <td className="muted small">{formatAgo(flow.updatedAt)}</td>
            <td className="row-actions">
              <button type="button" className="small-button" onClick={() => onModal({ kind: 'rename', flow })}>
                Rename
              </button>
              <button type="button" className="small-button" onClick={() => onDuplicate(flow)}>
                Duplicate
              </button>
              <button type="button" className="small-button" onClick={() => void downloadExport(flow.id)}>
                Export
              </button>
              <button type="button" className="small-button danger-text" onClick={() => onModal({ kind: 'delete', flow })}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NameDialog(props: { title: string; initial: string; action: string; onClose(): void; onSubmit(name: string): Promise<void> }) {
  const [name, setName] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const submit = () => props.onSubmit(name.trim()).catch((failure: unknown) => setError(describeError(failure)));
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form onSubmit={(event) => { event.preventDefault(); void submit(); }}>
        <label htmlFor="flow-name-input">Name</label>
        <input id="flow-name-input" value={name} autoFocus onChange={(event) => setName(event.target.value)} placeholder="e.g. Shopify paid orders to the warehouse" />
        {error !== null && <div className="field-error" role="alert">{error}</div>}
        <div className="button-row">
          <button type="submit" className="primary-button" disabled={name.trim() === ''}>
            {props.action}
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
