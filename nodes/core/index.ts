import { definePack } from '../sdk/index.ts';
import { filterNode } from './filter.ts';
import { httpNode } from './http.ts';
import { manualNode } from './manual.ts';
import { mapNode } from './map.ts';
import { respondNode } from './respond.ts';
import { webhookNode } from './webhook.ts';

export { type WebhookParams, webhookParams } from './webhook.ts';

/** The built-in pack: triggers and everyday building blocks. */
export const pack = definePack({
  id: 'core',
  displayName: 'Core',
  nodes: [webhookNode, manualNode, mapNode, filterNode, httpNode, respondNode],
});
