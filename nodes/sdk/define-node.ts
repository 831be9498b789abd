import type { Json, NodeContext, NodeDefinition, NodeResult } from '@weft/engine';
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
  run(context: NodeContext<Params>): Promise<NodeResult>;
}

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
    run: spec.run,
  });
}
