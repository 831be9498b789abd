import ivm from 'isolated-vm';

export interface PooledIsolate {
  isolate: ivm.Isolate;
  memoryMb: number;
  /** The run holding the isolate; undefined while it is idle. */
  runId: number | undefined;
  /** A context made while the isolate sat idle, so the next run does not wait for one. Never used twice. */
  spare: Promise<ivm.Context> | undefined;
}

export interface IsolatePool {
  /** An idle isolate with this memory limit, or a new one (an idle isolate of another limit makes room). */
  acquire(memoryMb: number, runId: number): PooledIsolate;
  /** A fresh context for the run holding `entry`. */
  takeContext(entry: PooledIsolate): Promise<ivm.Context>;
  /** Back to the pool when `reusable`; disposed otherwise. */
  release(entry: PooledIsolate, reusable: boolean): void;
  /** Disposes the isolate running `runId`, which stops its code at once. */
  cancel(runId: number): void;
  /** Readies an idle isolate with this limit, so the first run after start-up does not build one. */
  warm(memoryMb: number): void;
}

export interface IsolatePoolOptions {
  /** Isolates kept alive, idle or busy; the parent never runs more steps at once than this. */
  size: number;
  /** V8 lost control of an isolate (it could not stop a run, or ran out of memory in a way it cannot recover from). */
  onCatastrophicError(runId: number | undefined, message: string): void;
}

/**
 * Isolates are expensive to create (milliseconds) and cheap to reuse, so they are kept per memory
 * limit. A run never sees another run's data: each gets a fresh context, and an isolate whose
 * run ended abnormally is disposed rather than returned.
 */
export function createIsolatePool(options: IsolatePoolOptions): IsolatePool {
  const entries = new Set<PooledIsolate>();

  const create = (memoryMb: number, runId: number | undefined): PooledIsolate => {
    const entry: PooledIsolate = {
      isolate: new ivm.Isolate({ memoryLimit: memoryMb, onCatastrophicError: (message) => options.onCatastrophicError(entry.runId, message) }),
      memoryMb,
      runId,
      spare: undefined,
    };
    entries.add(entry);
    return entry;
  };

  const dispose = (entry: PooledIsolate) => {
    entries.delete(entry);
    if (!entry.isolate.isDisposed) entry.isolate.dispose();
  };

  return {
    acquire(memoryMb, runId) {
      const idle = [...entries].filter((entry) => entry.runId === undefined);
      const match = idle.find((entry) => entry.memoryMb === memoryMb && !entry.isolate.isDisposed);
      if (match !== undefined) {
        match.runId = runId;
        return match;
      }
      const spare = idle[0];
      if (entries.size >= options.size && spare !== undefined) dispose(spare);
      return create(memoryMb, runId);
    },
    takeContext(entry) {
      const context = entry.spare ?? entry.isolate.createContext();
      entry.spare = undefined;
      return context;
    },
    release(entry, reusable) {
      entry.runId = undefined;
      if (!reusable || entry.isolate.isDisposed) {
        dispose(entry);
        return;
      }
      // Made on isolated-vm's threads, off this process's event loop; it fails only if the isolate is disposed first.
      entry.spare = entry.isolate.createContext();
      entry.spare.catch(() => {});
    },
    cancel(runId) {
      for (const entry of entries) if (entry.runId === runId) dispose(entry);
    },
    warm(memoryMb) {
      if (entries.size >= options.size) return;
      const entry = create(memoryMb, undefined);
      entry.spare = entry.isolate.createContext();
      entry.spare.catch(() => {});
    },
  };
}
