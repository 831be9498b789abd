import type { CredentialSlot, Json, NodeContext, NodeDefinition, NodeMigration, NodeResult } from '@weft/engine';
import type { z } from 'zod';

export interface NodeSpec<Params> {
  /** `<pack>.<name>`, e.g. `slack.postMessage`. */
  type: string;
  /** Flows pin this; bump it when params or behaviour change in a way old flows would notice. */
  typeVersion: number;
  displayName: string;
  description: string;
  category: string;
  icon?: string;
  trigger?: boolean;
  /**
   * Params after expressions are evaluated. Any string param that starts with `=` is a JSONata
   * expression in the flow document; this schema checks what it evaluates to.
   */
  params: z.ZodType<Params>;
  inputs?: readonly string[];
  outputs?: readonly string[];
  sample?: Json;
  /**
   * Credential slots: slot name → the credential type id (or ids) it accepts. A slot is required
   * unless declared `{ types, optional: true }`.
   */
  credentials?: Record<string, CredentialSlotSpec>;
  /** Receive every branch that reached the node as `{ <source node id>: output }` (merge nodes). */
  joinsBranches?: boolean;
  /**
   * A loop node: `run` outputs `{ items, concurrency }`; the nodes after `bodyPort` then run once
   * per item and `donePort` carries their results (see NodeDefinition.loop).
   */
  loop?: { bodyPort: string; donePort: string };
  /**
   * How flows pinned to older versions keep running once only this one is registered: each step
   * rewrites params (as the flow document holds them) from `fromVersion` to the next version. The
   * steps must be consecutive and end at `typeVersion - 1`, e.g. `[{ fromVersion: 1, up }]` for v2.
   */
  migrations?: readonly NodeMigration[];
  /** The node reaches outside the execution (calls, sends, publishes); a try of a draft shows it instead of running it. */
  sideEffects?: boolean;
  run(context: NodeContext<Params>): Promise<NodeResult>;
}

export type CredentialSlotSpec = string | readonly string[] | { types: string | readonly string[]; optional?: boolean };

/** Declares a node. The result is frozen and typed; `run` receives params as the schema's output. */
export function defineNode<Params>(spec: NodeSpec<Params>): NodeDefinition<Params> {
  const trigger = spec.trigger ?? false;
  return Object.freeze({
    type: spec.type,
    typeVersion: spec.typeVersion,
    displayName: spec.displayName,
    description: spec.description,
    category: spec.category,
    ...(spec.icon === undefined ? {} : { icon: spec.icon }),
    trigger,
    params: spec.params,
    inputs: Object.freeze([...(spec.inputs ?? (trigger ? [] : ['in']))]),
    outputs: Object.freeze([...(spec.outputs ?? ['out'])]),
    ...(spec.sample === undefined ? {} : { sample: spec.sample }),
    ...(spec.credentials === undefined ? {} : { credentials: credentialSlots(spec.credentials) }),
    ...(spec.joinsBranches === true ? { joinsBranches: true } : {}),
    ...(spec.loop === undefined ? {} : { loop: Object.freeze({ ...spec.loop }) }),
    ...(spec.sideEffects === true ? { sideEffects: true } : {}),
    ...(spec.migrations === undefined ? {} : { migrations: checkedMigrations(spec.type, spec.typeVersion, spec.migrations) }),
    run: spec.run,
  });
}

// A gap in the chain would leave some version with no way forward, so it is refused when the pack loads.
function checkedMigrations(type: string, typeVersion: number, migrations: readonly NodeMigration[]): readonly NodeMigration[] {
  const ordered = [...migrations].sort((a, b) => a.fromVersion - b.fromVersion);
  const expected = ordered.map((_, index) => typeVersion - ordered.length + index);
  const found = ordered.map((migration) => migration.fromVersion);
  if (expected.some((version, index) => version !== found[index]) || (expected[0] ?? 1) < 1) {
    throw new Error(
      `node ${type}@${typeVersion} must migrate from consecutive versions ending at ${typeVersion - 1}; it migrates from ${found.join(', ')}`,
    );
  }
  return Object.freeze(ordered.map((migration) => Object.freeze({ fromVersion: migration.fromVersion, up: migration.up })));
}

function credentialSlots(specs: Record<string, CredentialSlotSpec>): Readonly<Record<string, CredentialSlot>> {
  const slots: Record<string, CredentialSlot> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const { types, optional } = typeof spec === 'string' || isTypeList(spec) ? { types: spec, optional: false } : spec;
    slots[name] = Object.freeze({ types: Object.freeze(typeof types === 'string' ? [types] : [...types]), optional: optional === true });
  }
  return Object.freeze(slots);
}

function isTypeList(spec: CredentialSlotSpec): spec is readonly string[] {
  return Array.isArray(spec);
}
