import { useEffect, useState } from 'react';
import { describeError } from '../api/client.ts';
import type { CredentialSummary, CredentialType } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { showNotice, useEditor } from '../store/editor-state.ts';
import { updateStep } from '../store/graph-actions.ts';
import { CredentialForm } from './credential-form.tsx';
import { humanize } from './schema-utils.ts';

const CONNECT_NEW = '__connect_new__';

interface Known {
  types: CredentialType[];
  credentials: CredentialSummary[];
}

/** One select per credential slot of the step; the chosen credential id goes to `node.credentials[slot]`. */
export function CredentialPicker({ nodeId, slots }: { nodeId: string; slots: Record<string, { types: string[]; optional: boolean }> }) {
  const chosen = useEditor((state) => state.nodes.find((node) => node.id === nodeId)?.data.credentials);
  const [known, setKnown] = useState<Known | null>(null);
  const [connecting, setConnecting] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([weftApi.credentialTypes(), weftApi.listCredentials()]).then(
      ([types, credentials]) => setKnown({ types, credentials }),
      (error: unknown) => showNotice({ kind: 'error', text: describeError(error) }),
    );
  }, []);
  const choose = (slot: string, credentialId: string | null) => {
    updateStep(nodeId, `credential:${slot}`, (data) => {
      const { [slot]: _old, ...rest } = data.credentials ?? {};
      const credentials = credentialId === null ? rest : { ...rest, [slot]: credentialId };
      const { credentials: _previous, ...withoutCredentials } = data;
      return Object.keys(credentials).length === 0 ? withoutCredentials : { ...withoutCredentials, credentials };
    });
  };
  const entries = Object.entries(slots);
  if (entries.length === 0) return null;
  return (
    <section className="credential-picker" data-testid="credential-picker">
      {entries.map(([slot, accepts]) => {
        const id = `credential-${nodeId}-${slot}`;
        const current = chosen?.[slot] ?? '';
        const usable = known?.credentials.filter((credential) => accepts.types.includes(credential.type)) ?? [];
        const missing = current !== '' && known !== null && !usable.some((credential) => credential.id === current);
        return (
          <div className="field" key={slot}>
            <label htmlFor={id}>
              Credential: {humanize(slot)}
              {!accepts.optional && <span className="required"> *</span>}
            </label>
            <select
              id={id}
              value={current}
              disabled={known === null}
              onChange={(event) => (event.target.value === CONNECT_NEW ? setConnecting(slot) : choose(slot, event.target.value === '' ? null : event.target.value))}
            >
              <option value="">{accepts.optional ? 'None' : 'Choose a credential…'}</option>
              {usable.map((credential) => (
                <option key={credential.id} value={credential.id}>
                  {credential.name} ({typeName(known, credential.type)})
                </option>
              ))}
              {missing && <option value={current}>Unknown credential {current}</option>}
              <option value={CONNECT_NEW}>Connect new…</option>
            </select>
            <div className="field-help">Accepts {accepts.types.map((type) => typeName(known, type)).join(', ')}. Secrets stay on the server; the flow stores only the credential's id.</div>
          </div>
        );
      })}
      {connecting !== null && known !== null && (
        <CredentialForm
          types={known.types.filter((type) => slots[connecting]?.types.includes(type.id) === true)}
          onClose={() => setConnecting(null)}
          onCreated={(credential) => {
            setKnown({ ...known, credentials: [...known.credentials, credential] });
            choose(connecting, credential.id);
            setConnecting(null);
            showNotice({ kind: 'success', text: `Saved the credential "${credential.name}". Save the flow to keep using it here.` });
          }}
        />
      )}
    </section>
  );
}

function typeName(known: Known | null, typeId: string): string {
  return known?.types.find((type) => type.id === typeId)?.displayName ?? typeId;
}
