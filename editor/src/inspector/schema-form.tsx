import type { Json, JsonObject, JsonSchema } from '../api/types.ts';
import { ParamField } from './param-field.tsx';
import { resolveSchema } from './schema-utils.ts';

interface SchemaFormProps {
  nodeId: string;
  schema: JsonSchema;
  params: JsonObject;
  /** Validation problems by param name, shown under their field. */
  problems: Record<string, string>;
  samplePaths: string[];
  onChange(name: string, value: Json | undefined): void;
}

/** The settings form of a node, generated from its params JSON Schema (no hand-built form per node). */
export function SchemaForm({ nodeId, schema, params, problems, samplePaths, onChange }: SchemaFormProps) {
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
          required={required.has(name)}
          value={params[name]}
          problem={problems[name]}
          samplePaths={samplePaths}
          onChange={(value) => onChange(name, value)}
        />
      ))}
    </div>
  );
}
