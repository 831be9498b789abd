import { useSyncExternalStore } from 'react';

export interface Store<State> {
  get(): State;
  set(update: Partial<State> | ((state: State) => Partial<State>)): void;
  subscribe(listener: () => void): () => void;
}

/** A minimal external store; components read slices through `useSelector` and re-render only when theirs changes. */
export function createStore<State extends object>(initial: State): Store<State> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(update) {
      const patch = typeof update === 'function' ? update(state) : update;
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Reads one slice of a store. Selectors must return stored references or primitives (never a fresh
 * object), or React would see a change on every read.
 */
export function useSelector<State extends object, Slice>(store: Store<State>, selector: (state: State) => Slice): Slice {
  return useSyncExternalStore(store.subscribe, () => selector(store.get()));
}
