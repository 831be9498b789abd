import { lookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { WeftError } from '@weft/engine';
import { z } from 'zod';

// Addresses outbound requests must not reach unless the operator allows them: loopback, private,
// shared (CGNAT), link-local (cloud metadata lives at 169.254.169.254), multicast, reserved.
// IPv4-mapped IPv6 (::ffff:127.0.0.1) needs no entry: BlockList judges the IPv4 address it carries.
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
  '::/96',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
  '64:ff9b::/96',
];

/** 'none', 'all', or the CIDR ranges whose private addresses may be reached. */
export type AllowedPrivateAddresses = 'none' | 'all' | readonly string[];

/** `false` (or empty), `true`, or comma-separated CIDRs, as an environment variable spells it. */
export const allowedPrivateAddressesSchema = z
  .string()
  .trim()
  .transform((value, context): AllowedPrivateAddresses => {
    if (value === '' || value === 'false') return 'none';
    if (value === 'true') return 'all';
    const cidrs = value.split(',').map((part) => part.trim());
    for (const cidr of cidrs) {
      if (parseCidr(cidr) === undefined) context.addIssue({ code: 'custom', message: `"${cidr}" is not true, false or a CIDR like 127.0.0.0/8` });
    }
    return cidrs;
  });

/** Splits `10.0.0.0/8` into a BlockList subnet; undefined when it is not a CIDR. */
export function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address, prefixText] = cidr.split('/');
  if (address === undefined || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const version = isIP(address);
  const prefix = Number(prefixText);
  if (version === 0 || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export function blockListOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (parsed !== undefined) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

/** A target refused by the address policy; never retryable by waiting. */
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
 * A DNS lookup for `http.request` that refuses private addresses, so the check happens on the
 * address actually connected to (a name re-pointed after it was checked, DNS rebinding, is caught).
 * IP literals never reach a lookup: callers check those themselves before connecting.
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
