import { definePack } from '../sdk/index.ts';
import { aggregateNode } from './aggregate.ts';
import { codeNode } from './code.ts';
import { delayNode } from './delay.ts';
import { eachNode } from './each.ts';
import { coreCredentialTypes } from './credentials/index.ts';
import { deliverNode } from './deliver.ts';
import { emitNode } from './emit.ts';
import { filterNode } from './filter.ts';
import { httpNode } from './http/http-node.ts';
import { manualNode } from './manual.ts';
import { mapNode } from './map.ts';
import { mergeNode } from './merge.ts';
import { noopNode } from './noop.ts';
import { respondNode } from './respond.ts';
import { setNode } from './set.ts';
import { subflowNode } from './subflow.ts';
import { switchNode } from './switch.ts';
import { webhookNode } from './webhook.ts';
import { errorTriggerNode } from './error-trigger.ts';
import { scheduleNode } from './schedule.ts';

export { deliveryHeadersSchema } from './deliver-params.ts';
export { type ScheduleParams, scheduleParams } from './schedule.ts';
export { signatureSchemes, type WebhookParams, type WebhookVerifySettings, webhookParams } from './webhook.ts';
export { oauth2AuthorizationCodeFields, requestToken, tokenStateValues } from './credentials/index.ts';

/** The built-in pack: triggers and everyday building blocks. */
export const pack = definePack({
  id: 'core',
  displayName: 'Core',
  nodes: [
    webhookNode,
    manualNode,
    scheduleNode,
    errorTriggerNode,
    mapNode,
    setNode,
    filterNode,
    switchNode,
    mergeNode,
    aggregateNode,
    noopNode,
    eachNode,
    delayNode,
    subflowNode,
    codeNode,
    httpNode,
    respondNode,
    emitNode,
    deliverNode,
  ],
  credentials: coreCredentialTypes,
});
