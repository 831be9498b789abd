import { useState } from 'react';
import { describeError } from '../api/client.ts';
import type { CredentialSummary } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { Dialog } from '../ui/dialog.tsx';
import type { CredentialUse } from './credential-usage.ts';

interface CredentialDeleteDialogProps {
  credential: CredentialSummary;
  /** The steps that use it, or null while they are still being looked up. */
  uses: CredentialUse[] | null;
  onDeleted(): void;
  onClose(): void;
}

/**
 * Asks before deleting, naming the steps that will lose their credential: Weft deletes a credential
 * even while flows refer to it, and those steps then fail until they are given another one.
 */
export function CredentialDeleteDialog({ credential, uses, onDeleted, onClose }: CredentialDeleteDialogProps) {
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const remove = async () => {
    setDeleting(true);
    try {
      await weftApi.deleteCredential(credential.id);
      onDeleted();
    } catch (failure) {
      setError(`Weft did not delete it: ${describeError(failure)}`);
      setDeleting(false);
    }
  };
  return (
    <Dialog title="Delete this credential?" onClose={onClose}>
      <p>
        “{credential.name}” and its secret values will be deleted for good. This cannot be undone.
      </p>
      {uses === null && <p className="muted">Looking for the flows that use it…</p>}
      {uses !== null && uses.length > 0 && (
        <div className="in-use-warning" data-testid="credential-in-use">
          <p>These steps use it and will fail until you choose another credential for them:</p>
          <ul>
            {uses.map((use) => (
              <li key={`${use.flowId}/${use.nodeId}`}>
                {use.flowName} · step <code>{use.nodeId}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {uses !== null && uses.length === 0 && <p className="muted">No flow uses it.</p>}
      {error !== null && <div className="field-error" role="alert">⚠ {error}</div>}
      <div className="button-row">
        <button type="button" className="danger-button" disabled={deleting} onClick={() => void remove()}>
          Delete credential
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
