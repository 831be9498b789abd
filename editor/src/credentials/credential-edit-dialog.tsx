import { type FormEvent, useState } from 'react';
import { describeError } from '../api/client.ts';
import type { CredentialSummary, CredentialType, JsonObject } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { CredentialFields } from '../inspector/credential-form.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { draftOfRateLimit, rateLimitOfDraft } from './rate-limit.ts';
import { RateLimitField } from './rate-limit-field.tsx';

interface CredentialEditDialogProps {
  credential: CredentialSummary;
  type: CredentialType | undefined;
  onSaved(credential: CredentialSummary): void;
  onClose(): void;
}

/**
 * Renames a credential and replaces its values. Secret fields start empty whatever they hold (Weft
 * never sends them back); only fields the user typed into are sent, so the rest keep their value.
 */
export function CredentialEditDialog({ credential, type, onSaved, onClose }: CredentialEditDialogProps) {
  const [name, setName] = useState(credential.name);
  const [initial] = useState(() => visibleValues(credential));
  const [values, setValues] = useState<JsonObject>(initial);
  const [rateDraft, setRateDraft] = useState(() => draftOfRateLimit(credential.rateLimit));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const rate = rateLimitOfDraft(rateDraft);
  const placeholders = Object.fromEntries(
    (type?.secretFields ?? []).map((field) => [field, credential.fields[field]?.set === true ? 'Set — type a new value to replace it' : 'Not set']),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ('problem' in rate) return;
    setSaving(true);
    try {
      onSaved(await weftApi.updateCredential(credential.id, { name: name.trim(), values: changedValues(initial, values), rateLimit: rate.limit }));
    } catch (failure) {
      setError(describeError(failure));
      setSaving(false);
    }
  };
  return (
    <Dialog title={`Edit credential “${credential.name}”`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} data-testid="credential-edit-form">
        <p className="muted small">
          {type?.displayName ?? credential.type}. Secret values are never shown: leave a secret empty to keep it, or type a new one to replace it.
        </p>
        <div className="field">
          <label htmlFor="credential-edit-name">Credential name</label>
          <input id="credential-edit-name" type="text" value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        {type === undefined ? (
          <p className="field-error">No installed pack provides the type {credential.type}, so only its name can be read here.</p>
        ) : (
          <CredentialFields schema={type.fieldsSchema} values={values} placeholders={placeholders} onChange={setValues} />
        )}
        <RateLimitField draft={rateDraft} problem={'problem' in rate ? rate.problem : null} onChange={setRateDraft} />
        {error !== null && <div className="field-error" role="alert">⚠ {error}</div>}
        <div className="button-row">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary-button" disabled={saving || name.trim() === '' || type === undefined || 'problem' in rate}>
            Save changes
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The non-secret values Weft answers with, to start the form from. */
function visibleValues(credential: CredentialSummary): JsonObject {
  const values: JsonObject = {};
  for (const [field, state] of Object.entries(credential.fields)) {
    if (state.value !== undefined) values[field] = state.value;
  }
  return values;
}

function changedValues(initial: JsonObject, current: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(current).filter(([field, value]) => JSON.stringify(initial[field]) !== JSON.stringify(value)));
}
