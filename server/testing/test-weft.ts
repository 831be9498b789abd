import { loadConfig } from '../config.ts';
import { type RunningWeft, startWeft } from '../server.ts';
import { createTestDatabase } from './test-database.ts';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestWeft {
  url: string;
  weft: RunningWeft;
  databaseUrl: string;
  /** fetch against Weft with the API token. */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * A real Weft on loopback with its own fresh database on the test run's PostgreSQL. With
 * `reuse`, it starts on another test Weft's database instead (a restart), and stop() leaves it.
 */
export async function startTestWeft(environment: Record<string, string> = {}, reuse?: TestWeft): Promise<TestWeft> {
  const database = reuse === undefined ? await createTestDatabase() : { url: reuse.databaseUrl, drop: async () => {} };
  const weft = await startWeft(
    loadConfig({ DATABASE_URL: database.url, PORT: '0', WEFT_API_TOKEN: TEST_TOKEN, WEFT_LOG_LEVEL: 'silent', ...environment }),
  );
  const url = weft.url;
  if (url === undefined) throw new Error('the test Weft has no HTTP server');
  return {
    url,
    weft,
    databaseUrl: database.url,
    api: (path, init = {}) =>
      fetch(`${url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${TEST_TOKEN}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
    async stop() {
      await weft.close();
      await database.drop();
    },
  };
}
