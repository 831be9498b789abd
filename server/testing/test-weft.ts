import { loadConfig } from '../config.ts';
import { type RunningWeft, startWeft } from '../server.ts';
import { createTestDatabase } from './test-database.ts';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** Tests call receivers on loopback through Weft, which refuses private addresses unless allowed. */
export const LOOPBACK_NETWORKS = '127.0.0.0/8,::1/128';

/** An execution as the API returns it: JSON exactly as fetch parses it, for assertions. */
export type ExecutionJson = Awaited<ReturnType<Response['json']>>;

/** Polls `read` until it returns a value (bounded: about 20 s), for things that happen asynchronously. */
export async function eventually<T>(what: string, read: () => Promise<T | undefined> | T | undefined, attempts = 400): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

export interface TestWeft {
  url: string;
  weft: RunningWeft;
  databaseUrl: string;
  /** fetch against Weft with the API token. */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  /** GET /api/executions/:id once `status` is one of `statuses` (by default, once it finished). */
  executionWhen(executionId: string, statuses?: readonly string[]): Promise<ExecutionJson>;
  stop(): Promise<void>;
}

/**
 * A real Weft on loopback with its own fresh database on the test run's PostgreSQL. With
 * `reuse`, it starts on another test Weft's database instead (a restart), and with a
 * DATABASE_URL in `environment`, on that database; stop() leaves either of those in place.
 */
export async function startTestWeft(environment: Record<string, string> = {}, reuse?: TestWeft): Promise<TestWeft> {
  const given = reuse?.databaseUrl ?? environment.DATABASE_URL;
  const database = given === undefined ? await createTestDatabase() : { url: given, drop: async () => {} };
  const weft = await startWeft(
    loadConfig({
      DATABASE_URL: database.url,
      PORT: '0',
      WEFT_API_TOKEN: TEST_TOKEN,
      WEFT_LOG_LEVEL: 'silent',
      WEFT_ALLOW_PRIVATE_NETWORKS: LOOPBACK_NETWORKS,
      ...environment,
    }),
  );
  const url = weft.url;
  if (url === undefined) throw new Error('the test Weft has no HTTP server');
  const api: TestWeft['api'] = (path, init = {}) =>
    fetch(`${url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${TEST_TOKEN}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  return {
    url,
    weft,
    databaseUrl: database.url,
    api,
    executionWhen: (executionId, statuses = ['succeeded', 'failed']) =>
      eventually(`execution ${executionId} to be ${statuses.join(' or ')}`, async () => {
        const execution: ExecutionJson = await (await api(`/api/executions/${executionId}`)).json();
        return statuses.includes(execution.status) ? execution : undefined;
      }),
    async stop() {
      await weft.close();
      await database.drop();
    },
  };
}
