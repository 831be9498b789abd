import pg from 'pg';

export interface PgListenerOptions {
  connectionString: string;
  applicationName: string;
  channels: readonly string[];
  onNotification(channel: string, payload: string): void;
  /** After a lost connection is replaced: notifications sent meanwhile were missed. */
  onReconnect?(): void;
  onError(error: Error): void;
}

const RECONNECT_DELAY_MS = 1_000;

/**
 * One LISTEN connection on some channels. A lost connection (PostgreSQL restarted) is replaced,
 * and replaced again each time that fails, for as long as PostgreSQL stays away. The first
 * connection must work: a Weft that cannot reach PostgreSQL at start does not start.
 */
export async function startPgListener(options: PgListenerOptions): Promise<{ stop(): Promise<void> }> {
  let client: pg.Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const reconnectLater = () => {
    if (!stopped) reconnectTimer = setTimeout(() => void connect().then(() => options.onReconnect?.(), () => {}), RECONNECT_DELAY_MS);
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.connectionString, application_name: options.applicationName });
    let lost = false;
    // One end of a connection can surface twice (the server's "terminating connection", then the
    // closed socket; or a failed LISTEN and its 'error'): it leads to one reconnection only.
    const lose = (error: Error) => {
      if (lost) return;
      lost = true;
      options.onError(error);
      void next.end().catch(() => {});
      // Only once a connection has worked: a first one that fails fails the start instead.
      if (client !== undefined) reconnectLater();
    };
    next.on('notification', (message) => options.onNotification(message.channel, message.payload ?? ''));
    next.on('error', lose);
    try {
      await next.connect();
      for (const channel of options.channels) await next.query(`LISTEN ${channel}`);
    } catch (error) {
      if (error instanceof Error) lose(error);
      throw error;
    }
    if (stopped) await next.end();
    client = next;
  };
  await connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      await client?.end().catch(() => {});
    },
  };
}
