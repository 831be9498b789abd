import type { NodeRegistry } from './node-contract.ts';

/** A node registry whose definitions are replaced while Weft runs, as node packs come and go. */
export interface LiveNodeRegistry extends NodeRegistry {
  /** Answers from `next` from now on, under a new generation. */
  replace(next: NodeRegistry): void;
}

/**
 * Everything that holds the registry (the engine, the catalog, the flow starter) keeps holding
 * this one object and always reads the current definitions through it.
 */
export function createLiveNodeRegistry(initial: NodeRegistry): LiveNodeRegistry {
  let current = initial;
  let generation = 0;
  return {
    get: (type, typeVersion) => current.get(type, typeVersion),
    versionsOf: (type) => current.versionsOf(type),
    all: () => current.all(),
    get generation() {
      return generation;
    },
    replace(next) {
      current = next;
      generation += 1;
    },
  };
}
