import { lookup } from 'node:dns';
import { lookup as lookupAll } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { ValidationError, WeftError } from '@weft/engine';
import { type AllowedPrivateAddresses, blockListOf } from './delivery-config.ts';

// Addresses a delivery must not reach unless the operator allows them: loopback, private,
// shared (CGNAT), link-local (cloud metadata lives at 169.254.169.254), multicast, reserved.
const PRIVATE_RANGES = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
  '64:ff9b::/96',
];

/** A delivery target refused by the address policy; never retryable by waiting. */
export class AddressNotAllowedError extends WeftError {}

export interface AddressPolicy {
  isAllowed(address: string): boolean;
}

export function createAddressPolicy(allow: AllowedPrivateAddresses): AddressPolicy {
  const blocked = blockListOf(PRIVATE_RANGES);
  const allowed = allow === 'all' || allow === 'none' ? undefined : blockListOf(allow);
  return {
    isAllowed(address) {
      if (allow === 'all') return true;
      const plain = unmapped(address);
      const family = isIP(plain) === 4 ? 'ipv4' : 'ipv6';
      if (!blocked.check(plain, family)) return true;
      return allowed?.check(plain, family) ?? false;
    },
  };
}

// `::ffff:127.0.0.1` is 127.0.0.1 reached over IPv6; judge the IPv4 address it carries.
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** The host of a URL as `net` sees it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Checks a subscription URL when it is saved: http(s) only, and no private address by literal or
 * by what the name resolves to now. A name that does not resolve yet is accepted; the check at
 * connect time still guards every delivery.
 */
export async function checkSubscriptionUrl(text: string, policy: AddressPolicy): Promise<void> {
  const url = URL.parse(text);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError('invalid_url', 'the subscription URL must be an absolute http or https URL');
  }
  if (url.username !== '' || url.password !== '') throw new ValidationError('invalid_url', 'the subscription URL must not carry credentials');
  const host = hostOf(url);
  const addresses = isIP(host) === 0 ? await lookupAll(host, { all: true }).catch(() => []) : [{ address: host }];
  const refused = addresses.find((entry) => !policy.isAllowed(entry.address));
  if (refused !== undefined) {
    throw new ValidationError('url_not_allowed', `${url.host} resolves to ${refused.address}, a private address this server does not deliver to`);
  }
}

/**
 * A DNS lookup for `http.request` that refuses private addresses, so the check happens on the
 * address actually connected to (a name re-pointed after the subscription was saved is caught).
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, []);
      const refused = addresses.find((entry) => !policy.isAllowed(entry.address));
      if (refused !== undefined) {
        return callback(new AddressNotAllowedError('address_not_allowed', `${hostname} resolves to ${refused.address}, a private address`), []);
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0];
      if (first === undefined) return callback(new AddressNotAllowedError('address_not_found', `${hostname} has no address`), []);
      return callback(null, first.address, first.family);
    });
  };
}
