import type { WebhookVerifySettings } from '@weft/nodes';
import type { AppContext } from '../app-context.ts';
import { HttpError } from '../plugins/error-handler.ts';
import { recordIngressOutcome } from '../storage/ingress-stats-repo.ts';
import { verifierFor } from './signatures/registry.ts';
import type { VerifyResult } from './signatures/signature-types.ts';

export interface SignedRequest {
  flowId: string;
  headers: Readonly<Record<string, string>>;
  rawBody: string;
  url: string;
}

/**
 * Checks the request against the trigger's signature settings. A refusal is counted for the flow's
 * ingress stats and answered 401; on success, returns the delivery id the scheme vouches for.
 */
export async function checkSignature(context: AppContext, settings: WebhookVerifySettings, request: SignedRequest): Promise<string | undefined> {
  const secret = await context.secrets.secretOf(settings.credential);
  // A missing secret fails closed: the hook stays shut until its credential exists.
  const result: VerifyResult | { ok: false; reason: 'credential_unavailable' } =
    secret === undefined
      ? { ok: false, reason: 'credential_unavailable' }
      : verifierFor(settings)({ ...request, secret, now: new Date(), toleranceSeconds: settings.toleranceSeconds });
  if (result.ok) return result.deliveryId;
  await recordIngressOutcome(context.database, request.flowId, { kind: 'signature_failure', reason: result.reason });
  throw new HttpError(401, 'invalid_signature', `the request's ${settings.scheme} signature does not verify (${result.reason})`, {
    reason: result.reason,
  });
}
