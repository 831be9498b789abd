import { createNodeRegistry, type NodeRegistry } from '@weft/engine';
import { pack as corePack } from './core/index.ts';
import type { Pack } from './sdk/index.ts';

export { deliveryHeadersSchema, type ScheduleParams, scheduleParams } from './core/index.ts';
export { signatureSchemes, type WebhookParams, type WebhookVerifySettings, webhookParams } from './core/index.ts';
export { oauth2AuthorizationCodeFields, requestToken, tokenStateValues } from './core/index.ts';

/** Packs that ship with Weft. */
export const builtinPacks: readonly Pack[] = [corePack];

export function registryOf(packs: readonly Pack[]): NodeRegistry {
  return createNodeRegistry(packs.flatMap((pack) => pack.nodes));
}
