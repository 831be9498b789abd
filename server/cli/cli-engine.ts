import { createEngine, type Engine, silentLogger, systemClock } from '@weft/engine';
import { builtinPacks, registryOf } from '@weft/nodes';
import { createFetchHttpPort } from '../adapters/fetch-http.ts';
import { builtinCredentialTypes } from '../credentials/credential-services.ts';
import { createMemoryCredentialsPort, type StoredCredential } from '../credentials/memory-credentials-port.ts';
import { createCodeSandbox } from '../sandbox/code-sandbox.ts';

/**
 * An in-memory engine with the built-in packs and real outbound HTTP, for commands run from a shell.
 * Its code sandbox process starts on the first code step and, idle, does not keep the command from exiting.
 */
export function createCliEngine(credentials: Map<string, StoredCredential> = new Map()): Engine {
  // `weft run` runs on the developer's own machine, where calling a local service is the point and
  // there is no shared network or cloud metadata endpoint to protect.
  const http = createFetchHttpPort({ allowPrivate: 'all' });
  return createEngine({
    registry: registryOf(builtinPacks),
    ports: {
      http,
      clock: systemClock,
      logger: silentLogger,
      code: createCodeSandbox(),
      credentials: createMemoryCredentialsPort({ types: builtinCredentialTypes(), credentials, http, clock: systemClock }),
    },
  });
}
