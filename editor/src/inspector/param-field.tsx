import { useState } from 'react';
import type { Json, JsonSchema } from '../api/types.ts';
import { ExpressionEditor } from './expression-editor.tsx';
import type { ExpressionSample } from './expression-sample.ts';
import { fieldPaths } from './field-paths.ts';
import { JsonEditor } from './json-editor.tsx';
import { isFlatRecord, KeyValueEditor } from './key-value-editor.tsx';
import { MappingView } from './mapping-view.tsx';
import { ObjectListEditor } from './object-list-editor.tsx';
import { type FieldKind, fieldKind, humanize, isExpression } from './schema-utils.ts';

interface ParamFieldProps {
  nodeId: string;
  /** Where a field inside a list row sits (`cases-0`), to keep ids unique; absent for the step's own params. */
  scope?: string;
  name: string;
  schema: JsonSchema;
  /** The step's whole params schema, which `$ref`s in nested fields point into. */
  root: JsonSchema;
  /** A field of a list row: JSON values open as expressions rather than as a mapping view, which needs the panel's width. */
  nested?: boolean;
  required: boolean;
  value: Json | undefined;
  problem: string | undefined;
  /** What expressions of this step can read, for completion, previews and the mapping view. */
  sample: ExpressionSample;
  /** undefined removes the param, so the node's default applies. */
  onChange(value: Json | undefined): void;
}

/** One param: its label and description, the widget its schema calls for, and the Expression toggle. */
export function ParamField({ nodeId, scope, name, schema, root, nested = false, required, value, problem, sample, onChange }: ParamFieldProps) {
  const kind = fieldKind(schema);
  const hinted = schema['x-weft-expression'] === true;
  // A template is an object laid out as a mapping; a hinted list or a value inside a row is not.
  const template = hinted && kind === 'json' && !nested && schema.type !== 'array';
  // A hinted boolean (a condition), list or row value is almost always an expression, so it opens as one.
  const [wantsExpression, setWantsExpression] = useState(hinted && value === undefined && (kind === 'boolean' || (kind === 'json' && !template)));
  const expression = isExpression(value) || wantsExpression;
  const path = scope === undefined ? name : `${scope}-${name}`;
  const inputId = `param-${nodeId}-${path}`;
  const label = schema.title ?? humanize(name);
  const toggle = () => {
    if (expression) {
      setWantsExpression(false);
      onChange(undefined);
    } else {
      setWantsExpression(true);
      if (typeof value === 'string' && value !== '') onChange(`=${value}`);
    }
  };
  return (
    <div className="field" data-testid={`field-${path}`}>
      <div className="field-head">
        <span>
          <label htmlFor={inputId}>{label}</label>
          {required && (
            <span className="required" title="Required">
              {' *'}
            </span>
          )}
        </span>
        <label className="expression-toggle" title="Compute this value with a JSONata expression from the step's input">
          <input type="checkbox" checked={expression} onChange={toggle} aria-label={`Expression for ${label}`} />
          Expression
        </label>
      </div>
      {expression ? (
        <ExpressionInput id={inputId} value={isExpression(value) ? value.slice(1) : ''} sample={sample} onChange={(text) => onChange(`=${text}`)} />
      ) : template ? (
        <TemplateOrJson id={inputId} schema={schema} value={value} sample={sample} onChange={onChange} />
      ) : kind === 'list' ? (
        <ObjectListEditor id={inputId} nodeId={nodeId} scope={path} label={label} schema={schema} root={root} value={value} sample={sample} onChange={onChange} />
      ) : (
        <PlainInput id={inputId} kind={kind} schema={schema} value={value} sample={sample} onChange={onChange} />
      )}
      {problem !== undefined && <div className="field-error">⚠ {problem}</div>}
      {schema.description !== undefined && <div className="field-help">{schema.description}</div>}
    </div>
  );
}

function ExpressionInput({ id, value, sample, onChange }: { id: string; value: string; sample: ExpressionSample; onChange(text: string): void }) {
  // While the expression is empty, the sample's fields are a place to start; then completion takes over.
  const paths = value === '' ? fieldPaths(sample.input) : [];
  return (
    <>
      <ExpressionEditor id={id} mode="expression" value={value} sample={sample} placeholder="e.g. $.body.email or $.body.total > 100" onChange={onChange} />
      {paths.length > 0 && (
        <div className="field-paths" aria-label="Fields from the sample input">
          <span className="muted small">Start from a field:</span>
          {paths.map((path) => (
            <button key={path} type="button" className="path-chip" onClick={() => onChange(path)}>
              {path}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

/** A JSON template param: a mapping from the sample while it is one flat level of strings, or raw JSON for anything else. */
function TemplateOrJson(props: { id: string; schema: JsonSchema; value: Json | undefined; sample: ExpressionSample; onChange(value: Json | undefined): void }) {
  const [asJson, setAsJson] = useState(() => !isFlatRecord(props.value));
  return (
    <>
      <div className="template-mode">
        <button type="button" className={asJson ? 'link-button' : 'link-button is-active'} onClick={() => setAsJson(false)} disabled={!isFlatRecord(props.value)}>
          Fields
        </button>
        <button type="button" className={asJson ? 'link-button is-active' : 'link-button'} onClick={() => setAsJson(true)}>
          JSON
        </button>
      </div>
      {asJson ? (
        <PlainInput id={props.id} kind="json" schema={props.schema} value={props.value} sample={props.sample} onChange={props.onChange} />
      ) : (
        <MappingView id={props.id} value={props.value} sample={props.sample} onChange={props.onChange} />
      )}
    </>
  );
}

interface PlainInputProps {
  id: string;
  /** Lists of objects have their own editor (object-list-editor.tsx). */
  kind: Exclude<FieldKind, 'list'>;
  schema: JsonSchema;
  value: Json | undefined;
  sample: ExpressionSample;
  onChange(value: Json | undefined): void;
}

function PlainInput({ id, kind, schema, value, sample, onChange }: PlainInputProps) {
  const fallback = value ?? schema.default;
  switch (kind) {
    case 'enum':
      return (
        <select id={id} value={typeof fallback === 'string' ? fallback : ''} onChange={(event) => onChange(event.target.value)}>
          {fallback === undefined && <option value="">Choose…</option>}
          {(schema.enum ?? []).map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      );
    case 'multiEnum':
      return <MultiEnum id={id} options={(schema.items?.enum ?? []).map(String)} value={fallback} onChange={onChange} />;
    case 'code':
      return (
        <textarea
          id={id}
          className="code-input"
          rows={10}
          spellCheck={false}
          value={typeof value === 'string' ? value : ''}
          placeholder="return { ...input };"
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        />
      );
    case 'string':
      return (
        <input
          id={id}
          type="text"
          value={typeof value === 'string' ? value : ''}
          placeholder={typeof schema.default === 'string' && schema.default !== '' ? schema.default : schema.format === 'uri' ? 'https://…' : ''}
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        />
      );
    case 'number':
      return (
        <input
          id={id}
          type="number"
          value={typeof value === 'number' ? value : ''}
          placeholder={typeof schema.default === 'number' ? String(schema.default) : ''}
          min={schema.minimum}
          max={schema.maximum}
          step={schema.type === 'integer' ? 1 : 'any'}
          onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
        />
      );
    case 'boolean':
      return (
        <label className="checkbox">
          <input id={id} type="checkbox" checked={fallback === true} onChange={(event) => onChange(event.target.checked)} />
          {fallback === true ? 'On' : 'Off'}
        </label>
      );
    case 'keyValue':
      return <KeyValueEditor id={id} value={value} variant="headers" sample={sample} onChange={onChange} />;
    case 'json':
      return <JsonEditor id={id} value={value} placeholder={schema.default === undefined ? 'JSON, e.g. { "key": "=$.body.value" }' : `default: ${JSON.stringify(schema.default)}`} onChange={onChange} />;
  }
}

function MultiEnum({ id, options, value, onChange }: { id: string; options: string[]; value: Json | undefined; onChange(value: Json): void }) {
  const chosen = Array.isArray(value) ? value.map(String) : [];
  const flip = (option: string) =>
    onChange(chosen.includes(option) ? chosen.filter((item) => item !== option) : options.filter((item) => item === option || chosen.includes(item)));
  return (
    <div className="multi-enum" id={id}>
      {options.map((option) => (
        <label key={option} className="checkbox">
          <input type="checkbox" checked={chosen.includes(option)} onChange={() => flip(option)} />
          {option}
        </label>
      ))}
    </div>
  );
}
