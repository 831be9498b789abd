import type { CredentialSlot, Json, NodeContext, NodeDefinition, NodeResult } from '@weft/engine';
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
    run: spec.run,
  });
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
