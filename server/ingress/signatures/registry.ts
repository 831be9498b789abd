import type { WebhookVerifySettings } from '@weft/nodes';
import { verifyGithub } from './github.ts';
import { hmacVerifier } from './hmac.ts';
import { verifyShopify } from './shopify.ts';
import type { Verifier } from './signature-types.ts';
import { verifySlack } from './slack.ts';
import { verifySquare } from './square.ts';
import { verifyStandardWebhooks } from './standard-webhooks.ts';
import { verifyStripe } from './stripe.ts';
import { verifyTwilio } from './twilio.ts';

type NamedScheme = Exclude<WebhookVerifySettings['scheme'], 'hmac'>;

// Typed by the trigger's own scheme list, so a scheme added there without a verifier fails to compile.
const verifiers: Readonly<Record<NamedScheme, Verifier>> = {
  standardWebhooks: verifyStandardWebhooks,
  stripe: verifyStripe,
  github: verifyGithub,
  shopify: verifyShopify,
  slack: verifySlack,
  twilio: verifyTwilio,
  square: verifySquare,
};

/** The check a webhook trigger's `verify` settings ask for. */
export function verifierFor(settings: Pick<WebhookVerifySettings, 'scheme' | 'hmac'>): Verifier {
  if (settings.scheme !== 'hmac') return verifiers[settings.scheme];
  // The trigger's schema requires hmac settings with this scheme; refusing everything is the safe answer if they are absent.
  const options = settings.hmac;
  if (options === undefined) return () => ({ ok: false, reason: 'invalid_secret' });
  return hmacVerifier(options);
}
