import type { Json, JsonObject, JsonSchema } from '../api/types.ts';
import type { ExpressionSample } from './expression-sample.ts';
import { ParamField } from './param-field.tsx';
import { resolveSchema } from './schema-utils.ts';

interface SchemaFormProps {
  nodeId: string;
  schema: JsonSchema;
  params: JsonObject;
  /** Validation problems by param name, shown under their field. */
  problems: Record<string, string>;
  /** What the step's expressions can read, from sample data. */
  sample: ExpressionSample;
  onChange(name: string, value: Json | undefined): void;
}

/** The settings form of a node, generated from its params JSON Schema (no hand-built form per node). */
export function SchemaForm({ nodeId, schema, params, problems, sample, onChange }: SchemaFormProps) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return <p className="muted">This step has no settings.</p>;
  const required = new Set(schema.required ?? []);
  return (
    <div className="schema-form">
      {properties.map(([name, property]) => (
        <ParamField
          key={`${nodeId}:${name}`}
          nodeId={nodeId}
          name={name}
          schema={resolveSchema(schema, property)}
          root={schema}
          required={required.has(name)}
          value={params[name]}
          problem={problems[name]}
          sample={sample}
          onChange={(value) => onChange(name, value)}
        />
      ))}
    </div>
  );
}
