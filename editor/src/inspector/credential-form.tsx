import { type FormEvent, useState } from 'react';
import { describeError } from '../api/client.ts';
import type { CredentialSummary, CredentialType, Json, JsonObject, JsonSchema } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { draftOfRateLimit, rateLimitOfDraft } from '../credentials/rate-limit.ts';
import { RateLimitField } from '../credentials/rate-limit-field.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { fieldKind, humanize, resolveSchema } from './schema-utils.ts';

interface CredentialFormProps {
  types: CredentialType[];
  onCreated(credential: CredentialSummary): void;
  onClose(): void;
}

/**
 * "Connect new…": a form generated from the credential type's fields JSON Schema. Secret fields
 * (`writeOnly`) are password inputs; their values live only in this form until Weft stores them.
 */
export function CredentialForm({ types, onCreated, onClose }: CredentialFormProps) {
  const [typeId, setTypeId] = useState(types[0]?.id ?? '');
  const [name, setName] = useState('');
  const [values, setValues] = useState<JsonObject>({});
  const [rateDraft, setRateDraft] = useState(() => draftOfRateLimit(null));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const type = types.find((candidate) => candidate.id === typeId);
  const rate = rateLimitOfDraft(rateDraft);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (type === undefined || 'problem' in rate) return;
    setSaving(true);
    try {
      onCreated(await weftApi.createCredential({ type: type.id, name: name.trim() === '' ? type.displayName : name, values, rateLimit: rate.limit }));
    } catch (failure) {
      setError(describeError(failure));
      setSaving(false);
    }
  };
  return (
    <Dialog title="Connect a new credential" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} data-testid="credential-form">
        {types.length > 1 && (
          <div className="field">
            <label htmlFor="credential-type">Kind</label>
            <select id="credential-type" value={typeId} onChange={(event) => {
                setTypeId(event.target.value);
                setValues({});
              }}>
              {types.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.displayName}
                </option>
              ))}
            </select>
          </div>
        )}
        {type !== undefined && <p className="muted small">{type.description}</p>}
        <div className="field">
          <label htmlFor="credential-name">Credential name</label>
          <input id="credential-name" type="text" value={name} placeholder={type?.displayName} onChange={(event) => setName(event.target.value)} />
        </div>
        {type !== undefined && <CredentialFields schema={type.fieldsSchema} values={values} onChange={setValues} />}
        <RateLimitField draft={rateDraft} problem={'problem' in rate ? rate.problem : null} onChange={setRateDraft} />
        {error !== null && <div className="field-error">⚠ {error}</div>}
        <div className="button-row">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary-button" disabled={saving || type === undefined || 'problem' in rate}>
            Save credential
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * The type's fields as inputs. `placeholders` replace a field's default as its hint — the edit form
 * uses it to say a secret is set without ever showing it.
 */
export function CredentialFields(props: { schema: JsonSchema; values: JsonObject; placeholders?: Record<string, string>; onChange(values: JsonObject): void }) {
  const { schema, values, placeholders = {}, onChange } = props;
  const required = new Set(schema.required ?? []);
  const set = (name: string, value: Json | undefined) => {
    const { [name]: _old, ...rest } = values;
    onChange(value === undefined ? rest : { ...rest, [name]: value });
  };
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, property]) => {
        const field = resolveSchema(schema, property);
        const id = `credential-field-${name}`;
        return (
          <div className="field" key={name}>
            <label htmlFor={id}>
              {field.title ?? humanize(name)}
              {required.has(name) && field.default === undefined && <span className="required"> *</span>}
            </label>
            <CredentialInput id={id} schema={field} value={values[name]} placeholder={placeholders[name]} onChange={(value) => set(name, value)} />
            {field.description !== undefined && <div className="field-help">{field.description}</div>}
          </div>
        );
      })}
    </>
  );
}

interface CredentialInputProps {
  id: string;
  schema: JsonSchema;
  value: Json | undefined;
  placeholder: string | undefined;
  onChange(value: Json | undefined): void;
}

function CredentialInput({ id, schema, value, placeholder: hint, onChange }: CredentialInputProps) {
  const kind = fieldKind(schema);
  const placeholder = hint ?? (schema.default === undefined ? undefined : String(schema.default));
  if (kind === 'enum') {
    return (
      <select id={id} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}>
        <option value="">{placeholder === undefined ? 'Choose…' : `Default (${placeholder})`}</option>
        {(schema.enum ?? []).map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  }
  if (kind === 'boolean') {
    return <input id={id} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
  }
  if (kind === 'number') {
    return <input id={id} type="number" value={typeof value === 'number' ? value : ''} placeholder={placeholder} onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))} />;
  }
  return (
    <input
      id={id}
      type={schema.writeOnly === true ? 'password' : 'text'}
      autoComplete={schema.writeOnly === true ? 'new-password' : 'off'}
      value={typeof value === 'string' ? value : ''}
      placeholder={placeholder}
      onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
    />
  );
}
