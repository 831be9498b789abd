import { lookup as lookupAll } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ValidationError } from '@weft/engine';
import { type AddressPolicy, hostOf } from '../adapters/address-policy.ts';

/**
 * Checks a subscription URL when it is saved: http(s) only, and no private address by literal or
 * by what the name resolves to now. A name that does not resolve yet is accepted; the check at
 * connect time (guardedLookup) still guards every delivery.
 */
export async function checkSubscriptionUrl(text: string, policy: AddressPolicy, subject = 'the subscription URL'): Promise<void> {
  const url = URL.parse(text);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError('invalid_url', `${subject} must be an absolute http or https URL`);
  }
  if (url.username !== '' || url.password !== '') throw new ValidationError('invalid_url', `${subject} must not carry credentials`);
  const host = hostOf(url);
  const addresses = isIP(host) === 0 ? await lookupAll(host, { all: true }).catch(() => []) : [{ address: host }];
  const refused = addresses.find((entry) => !policy.isAllowed(entry.address));
  if (refused !== undefined) {
    throw new ValidationError('url_not_allowed', `${url.host} resolves to ${refused.address}, a private address this server does not deliver to`);
  }
}
