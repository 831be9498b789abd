import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { AddressNotAllowedError, type AddressPolicy, guardedLookup, hostOf } from './address-policy.ts';

/** One request of a possibly redirected exchange. */
export interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  signal: AbortSignal;
}

export interface HopTransport {
  /** Sends one request and resolves with the answer's head; the body is left unread. */
  open(hop: Hop): Promise<http.IncomingMessage>;
}

/**
 * Requests through node:http rather than fetch, because only there can the connection be refused
 * after DNS and before connecting: the guarded lookup judges the address actually dialled, so a
 * name that resolves to a private address (or is re-pointed to one later) does not get through.
 */
export function createHopTransport(policy: AddressPolicy): HopTransport {
  const lookup = guardedLookup(policy);
  // Our own agents, so a socket another part of the process opened without the guard is never reused.
  // Idle sockets close after 4 s, before the common 5 s server-side idle timeout.
  const agents = { http: new http.Agent({ keepAlive: true, timeout: 4_000 }), https: new https.Agent({ keepAlive: true, timeout: 4_000 }) };
  return {
    open(hop) {
      // net connects to IP literals without a lookup, so the guard above never sees them.
      const host = hostOf(hop.url);
      if (isIP(host) !== 0 && !policy.isAllowed(host)) {
        return Promise.reject(new AddressNotAllowedError('address_not_allowed', `${host} is a private address`));
      }
      const secure = hop.url.protocol === 'https:';
      return new Promise((resolve, reject) => {
        const options = { method: hop.method, headers: hop.headers, lookup, signal: hop.signal };
        const outgoing = secure
          ? https.request(hop.url, { ...options, agent: agents.https })
          : http.request(hop.url, { ...options, agent: agents.http });
        outgoing.on('error', reject);
        outgoing.on('response', resolve);
        outgoing.end(hop.body);
      });
    },
  };
}
