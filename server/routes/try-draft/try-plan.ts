import {
  type DeliveryPort,
  type EventPort,
  type FlowPlan,
  type FlowStarter,
  type HttpPort,
  type Json,
  type NodeContext,
  type NodeDefinition,
  type NodeResult,
  NodeRunError,
  type StepRecord,
  toJson,
} from '@weft/engine';

export interface TryOptions {
  /** The person allowed steps that reach outside (HTTP calls, published events) to run for real. */
  allowSideEffects: boolean;
  /** The past execution's steps by node id: a step held back passes on what it answered then. */
  pastSteps: ReadonlyMap<string, StepRecord>;
}

/** A step with side effects that a try did not run, and what it would have sent. */
export interface HeldBackStep {
  /** Its params after expressions were evaluated against this event: what it would have sent. */
  wouldSend: Json;
  /** True when it passed on the past execution's answer, false when it had none and passed its input on. */
  reusedPastOutput: boolean;
}

export interface TryPlan {
  plan: FlowPlan;
  /** Filled as the run goes, by node id. */
  heldBack: Map<string, HeldBackStep>;
}

// A node that keeps asking to wait (a poll loop) would otherwise spin; a try gives up after this many.
const MAX_SKIPPED_WAITS = 20;

/**
 * The draft's plan made safe to run on a past event, without touching the engine: each node's
 * definition is wrapped. Unless side effects are allowed, nodes that declare `sideEffects` are not
 * run at all (they record what they would have sent and pass on their past answer, so the steps
 * after them see realistic data), and every other node gets ports that refuse to reach outside,
 * so a node that forgot to declare its side effects fails loudly instead of sending. Waits for a
 * time (delays) pass at once: a try answers while the person watches.
 */
export function planForTry(plan: FlowPlan, options: TryOptions): TryPlan {
  const heldBack = new Map<string, HeldBackStep>();
  const nodes = plan.nodes.map((planned) => {
    const definition = planned.definition;
    const holdBack = !options.allowSideEffects && definition.sideEffects === true;
    const run = holdBack ? heldBackRun(definition, options.pastSteps, heldBack) : guardedRun(definition, options.allowSideEffects);
    return { ...planned, definition: { ...definition, run } };
  });
  return { plan: { ...plan, nodes }, heldBack };
}

function heldBackRun(definition: NodeDefinition, pastSteps: ReadonlyMap<string, StepRecord>, heldBack: Map<string, HeldBackStep>) {
  return async (context: NodeContext<unknown>): Promise<NodeResult> => {
    const wouldSend = toJson(context.params);
    context.log.info(`Not sent: this is a try. With side effects allowed it would have run with ${JSON.stringify(wouldSend)}`);
    const past = pastSteps.get(context.nodeId);
    if (past?.status === 'succeeded') {
      heldBack.set(context.nodeId, { wouldSend, reusedPastOutput: true });
      context.log.info('It passes on the answer it got in the past execution, so the steps after it see real data.');
      // A port the draft's version of the node no longer has would fail the step; the remaining ones carry the answer.
      const ports = past.ports.filter((port) => definition.outputs.includes(port));
      return { output: past.output, ports };
    }
    heldBack.set(context.nodeId, { wouldSend, reusedPastOutput: false });
    context.log.info('The past execution has no answer from this step to reuse, so it passes its input on.');
    return { output: context.input };
  };
}

function guardedRun(definition: NodeDefinition, allowSideEffects: boolean) {
  return async (context: NodeContext<unknown>): Promise<NodeResult> => {
    const ports = allowSideEffects ? context : { ...context, http: refusedHttp, events: refusedEvents, flows: refusedFlows, deliveries: refusedDeliveries };
    let result = await definition.run(ports);
    for (let skipped = 0; 'wait' in result && result.wait.signal === undefined; skipped++) {
      if (skipped >= MAX_SKIPPED_WAITS) throw new NodeRunError('try_wait_limit', `the step asked to wait ${MAX_SKIPPED_WAITS} times; a try stops there`);
      context.log.info(`In a real run this step waits until ${result.wait.until?.toISOString() ?? 'later'}; a try goes on at once.`);
      result = await definition.run({ ...ports, resumed: { state: result.wait.state ?? null } });
    }
    return result;
  };
}

const notSent = (what: string) =>
  new NodeRunError(
    'not_sent_in_try',
    `this step tried to ${what}, and a try sends nothing unless side effects are allowed (its node type does not declare that it reaches outside)`,
  );

const refusedHttp: HttpPort = {
  request: async (request) => {
    throw notSent(`call ${request.method} ${request.url}`);
  },
};

const refusedEvents: EventPort = {
  publish: async (event) => {
    throw notSent(`publish the event ${event.type}`);
  },
};

const refusedDeliveries: DeliveryPort = {
  send: async (request) => {
    throw notSent(`deliver a webhook to ${request.url}`);
  },
};

const refusedFlows: FlowStarter = {
  start: async (request) => {
    throw notSent(`start the flow ${request.flowId}`);
  },
};
