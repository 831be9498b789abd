import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../api/client.ts';
import type { CredentialSummary, CredentialType } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { signOut } from '../auth/token-store.ts';
import { CredentialForm } from '../inspector/credential-form.tsx';
import { formatAgo, formatTime } from '../ui/format.ts';
import { CredentialDeleteDialog } from './credential-delete-dialog.tsx';
import { CredentialEditDialog } from './credential-edit-dialog.tsx';
import { type CredentialUse, loadCredentialUses } from './credential-usage.ts';
import { rateLimitText } from './rate-limit.ts';

type Modal = { kind: 'create' } | { kind: 'edit'; credential: CredentialSummary } | { kind: 'delete'; credential: CredentialSummary } | null;

interface Loaded {
  types: CredentialType[];
  credentials: CredentialSummary[];
}

/** Every stored credential with its kind, dates and the flows that use it; connect, edit and delete. */
export function CredentialsPage() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [uses, setUses] = useState<Map<string, CredentialUse[]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [modal, setModal] = useState<Modal>(null);
  const refresh = useCallback(() => {
    Promise.all([weftApi.credentialTypes(), weftApi.listCredentials()]).then(
      ([types, credentials]) => {
        setLoaded({ types, credentials });
        setError(null);
        loadCredentialUses(new Set(credentials.map((credential) => credential.id))).then(setUses, (failure: unknown) => setError(describeError(failure)));
      },
      (failure: unknown) => setError(describeError(failure)),
    );
  }, []);
  useEffect(refresh, [refresh]);
  const close = () => setModal(null);
  const typeOf = (id: string) => loaded?.types.find((type) => type.id === id);
  return (
    <div className="flows-page">
      <header className="app-header">
        <a href="#/" className="brand">
          Weft
        </a>
        <button type="button" className="small-button" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <main className="flows-main">
        <div className="flows-head">
          <h1>Credentials</h1>
          <a href="#/">← All flows</a>
          <button type="button" className="primary-button" disabled={loaded === null} onClick={() => setModal({ kind: 'create' })}>
            + Connect a credential
          </button>
        </div>
        <p className="muted">API keys, tokens and passwords steps sign in with. Weft keeps them encrypted and never shows a secret again once saved.</p>
        {error !== null && <div className="notice notice-error" role="alert">{error}</div>}
        {loaded === null && error === null && <p className="muted">Loading credentials…</p>}
        {loaded?.credentials.length === 0 && (
          <div className="empty-state">
            <h2>No credentials yet</h2>
            <p>Connect one here, or from a step's settings with “Connect new…”.</p>
          </div>
        )}
        {loaded !== null && loaded.credentials.length > 0 && (
          <table className="flow-table credential-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Used by</th>
                <th>Created</th>
                <th>Changed</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {loaded.credentials.map((credential) => (
                <tr key={credential.id} data-testid={`credential-row-${credential.id}`}>
                  <td>
                    <strong>{credential.name}</strong>
                    <div className="muted small">{credential.id}</div>
                    {credential.problem !== undefined && <div className="field-error">⚠ {credential.problem.message}</div>}
                  </td>
                  <td>
                    {typeOf(credential.type)?.displayName ?? credential.type}
                    {credential.rateLimit !== null && (
                      <div className="muted small" data-testid="credential-rate-limit">
                        {rateLimitText(credential.rateLimit)}
                      </div>
                    )}
                  </td>
                  <td>
                    <UsedBy uses={uses === null ? null : (uses.get(credential.id) ?? [])} />
                  </td>
                  <td className="muted small" title={formatTime(credential.createdAt)}>
                    {formatAgo(credential.createdAt)}
                  </td>
                  <td className="muted small" title={formatTime(credential.updatedAt)}>
                    {formatAgo(credential.updatedAt)}
                  </td>
                  <td className="row-actions">
                    <button type="button" className="small-button" onClick={() => setModal({ kind: 'edit', credential })}>
                      Edit
                    </button>
                    <button type="button" className="small-button danger-text" onClick={() => setModal({ kind: 'delete', credential })}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
      {modal?.kind === 'create' && loaded !== null && (
        <CredentialForm
          types={loaded.types}
          onClose={close}
          onCreated={() => {
            close();
            refresh();
          }}
        />
      )}
      {modal?.kind === 'edit' && (
        <CredentialEditDialog
          credential={modal.credential}
          type={typeOf(modal.credential.type)}
          onClose={close}
          onSaved={() => {
            close();
            refresh();
          }}
        />
      )}
      {modal?.kind === 'delete' && (
        <CredentialDeleteDialog
          credential={modal.credential}
          uses={uses === null ? null : (uses.get(modal.credential.id) ?? [])}
          onClose={close}
          onDeleted={() => {
            close();
            refresh();
          }}
        />
      )}
    </div>
  );
}

function UsedBy({ uses }: { uses: CredentialUse[] | null }) {
  if (uses === null) return <span className="muted small">…</span>;
  if (uses.length === 0) return <span className="muted small">No flow</span>;
  return (
    <ul className="used-by">
      {uses.map((use) => (
        <li key={`${use.flowId}/${use.nodeId}`}>
          <a href={`#/flows/${encodeURIComponent(use.flowId)}`}>{use.flowName}</a> <span className="muted small">· {use.nodeId}</span>
        </li>
      ))}
    </ul>
  );
}
