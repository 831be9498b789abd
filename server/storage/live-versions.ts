import type { Database } from './database.ts';
import { findPublishedVersionNumber } from './flows-repo.ts';
import { startPgListener } from './pg-listener.ts';

/** Sent by a trigger on weft_flows whenever a flow's published version changes (migration 0010). */
const LIVE_VERSION_CHANGED_CHANNEL = 'weft_live_version_changed';

export interface LiveVersions {
  /** The published version of a flow; undefined when it has none (or does not exist). */
  of(flowId: string): Promise<number | undefined>;
  /**
   * This process changed a flow's published version: forget it now, not when the notification
   * comes back, so the next webhook after a publish answered here runs the new version.
   */
  forget(flowId: string): void;
  stop(): Promise<void>;
}

/**
 * Each flow's published version, read once and then kept until PostgreSQL says it changed. Every
 * webhook needs it, and reading it per request was one round trip in four at ingest. Only
 * published versions are kept: an id that does not exist costs a query, not memory.
 */
export async function startLiveVersions(database: Database, connectionString: string, onError: (error: Error) => void): Promise<LiveVersions> {
  const known = new Map<string, number>();
  // Bumped by every change heard: a read that started before one must not keep what it read.
  let changes = 0;
  // Without the LISTEN connection changes go unheard, so nothing read meanwhile is kept.
  let listening = true;
  const forget = (flowId?: string): void => {
    changes += 1;
    if (flowId === undefined) known.clear();
    else known.delete(flowId);
  };
  const listener = await startPgListener({
    connectionString,
    applicationName: 'weft-live-versions',
    channels: [LIVE_VERSION_CHANGED_CHANNEL],
    onNotification: (_channel, flowId) => forget(flowId),
    onReconnect: () => {
      forget();
      listening = true;
    },
    onError: (error) => {
      listening = false;
      forget();
      onError(error);
    },
  });
  return {
    async of(flowId) {
      const kept = known.get(flowId);
      if (kept !== undefined) return kept;
      const before = changes;
      const version = await findPublishedVersionNumber(database, flowId);
      if (version !== undefined && listening && changes === before) known.set(flowId, version);
      return version;
    },
    forget,
    stop: () => listener.stop(),
  };
}
