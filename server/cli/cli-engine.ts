import { createEngine, type Engine, silentLogger, systemClock } from '@weft/engine';
import { builtinPacks, registryOf } from '@weft/nodes';
import { createFetchHttpPort } from '../adapters/fetch-http.ts';

/** An in-memory engine with the built-in packs and real outbound HTTP, for commands run from a shell. */
export function createCliEngine(): Engine {
  return createEngine({
    registry: registryOf(builtinPacks),
    ports: { http: createFetchHttpPort(), clock: systemClock, logger: silentLogger },
  });
}
