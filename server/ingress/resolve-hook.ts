import { type FlowNode, type FlowPlan, NotFoundError } from '@weft/engine';
import { type WebhookParams, webhookParams } from '@weft/nodes';
import type { AppContext } from '../app-context.ts';
import { HttpError } from '../plugins/error-handler.ts';
import { findVersion } from '../storage/flows-repo.ts';

export interface HookTarget {
  flowId: string;
  version: number;
  triggerNodeId: string;
  params: WebhookParams;
}

/** Finds the webhook trigger of a flow's live version that answers this path and method. */
export async function resolveHook(context: AppContext, flowId: string, subPath: string, method: string): Promise<HookTarget> {
  const version = await context.liveVersions.of(flowId);
  // An unknown flow and an unpublished one look alike from outside: neither has a live hook.
  if (version === undefined) throw hookNotFound(flowId, subPath);
  const plan = await livePlan(context, flowId, version);
  const match = matchWebhookTrigger(webhookTriggersOf(plan), { subPath, method }, () => hookNotFound(flowId, subPath));
  return { flowId, version, triggerNodeId: match.nodeId, params: match.params };
}

export interface WebhookTrigger {
  nodeId: string;
  params: WebhookParams;
}

/** The webhook triggers among `nodes`, with their params read; one whose params are invalid listens nowhere. */
export function webhookTriggers(nodes: readonly FlowNode[]): WebhookTrigger[] {
  return nodes
    .filter((node) => node.type === 'core.webhook')
    .map((node) => ({ nodeId: node.id, params: webhookParams.safeParse(node.params) }))
    .flatMap((candidate) => (candidate.params.success ? [{ nodeId: candidate.nodeId, params: candidate.params.data }] : []));
}

// A published version never changes: its triggers are read once per plan, not per request.
const triggersByPlan = new WeakMap<FlowPlan, WebhookTrigger[]>();

function webhookTriggersOf(plan: FlowPlan): WebhookTrigger[] {
  const known = triggersByPlan.get(plan);
  if (known !== undefined) return known;
  const triggers = webhookTriggers(plan.nodes.map((planned) => planned.node));
  triggersByPlan.set(plan, triggers);
  return triggers;
}

/**
 * The trigger among `triggers` that answers this sub-path and method: `notFound()` when none has
 * the path, 405 when one has it but not the method. Shared by live hooks and test URLs.
 */
export function matchWebhookTrigger(
  triggers: readonly WebhookTrigger[],
  request: { subPath: string; method: string },
  notFound: () => Error,
): WebhookTrigger {
  const candidates = triggers.filter((candidate) => candidate.params.path === request.subPath);
  if (candidates.length === 0) throw notFound();
  const match = candidates.find((candidate) => candidate.params.methods.some((allowed) => allowed === request.method));
  if (match === undefined) {
    const allowed = [...new Set(candidates.flatMap((candidate) => candidate.params.methods))];
    throw new HttpError(405, 'method_not_allowed', `this hook accepts ${allowed.join(', ')}, not ${request.method}`, { allowed });
  }
  return match;
}

async function livePlan(context: AppContext, flowId: string, version: number): Promise<FlowPlan> {
  const cacheKey = `${flowId}@${version}`;
  const cached = context.engine.cachedPlan(cacheKey);
  if (cached !== undefined) return cached;
  const found = await findVersion(context.database, flowId, version);
  if (found === undefined) throw hookNotFound(flowId, '');
  return context.engine.plan(found.document, cacheKey);
}

function hookNotFound(flowId: string, subPath: string): NotFoundError {
  const url = `/hooks/${flowId}${subPath === '' ? '' : `/${subPath}`}`;
  return new NotFoundError('hook_not_found', `no published flow listens at ${url}`);
}
