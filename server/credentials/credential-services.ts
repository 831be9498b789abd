import { type Clock, type HttpPort, systemClock } from '@weft/engine';
import { builtinPacks } from '@weft/nodes';
import { type CredentialTypeRegistry, createCredentialTypeRegistry } from '@weft/nodes/sdk';
import type { WeftConfig } from '../config.ts';
import { type Keyring, lazyKeyring } from './keyring.ts';

/** What credential routes, the credentials port and the OAuth2 flow share; built once in server.ts. */
export interface CredentialServices {
  keyring: () => Promise<Keyring>;
  types: CredentialTypeRegistry;
  /** Outbound HTTP for OAuth2 token endpoints. */
  http: HttpPort;
  clock: Clock;
}

/** The credential types of the packs that ship with Weft. */
export function builtinCredentialTypes(): CredentialTypeRegistry {
  return createCredentialTypeRegistry(builtinPacks.flatMap((pack) => pack.credentials ?? []));
}

export function createCredentialServices(config: Pick<WeftConfig, 'encryptionKey' | 'previousEncryptionKeys' | 'dataDir'>, http: HttpPort): CredentialServices {
  return {
    keyring: lazyKeyring({ encryptionKey: config.encryptionKey, previousKeys: config.previousEncryptionKeys, dataDir: config.dataDir }),
    types: builtinCredentialTypes(),
    http,
    clock: systemClock,
  };
}
