import { loadConfig } from '../config.ts';
import { startWeft } from '../server.ts';

/** `weft start`: runs Weft until SIGINT or SIGTERM, then shuts down gracefully. */
export async function startCommand(environment: Record<string, string | undefined>): Promise<void> {
  const config = loadConfig(environment);
  const weft = await startWeft(config);
  if (weft.url !== undefined) console.log(`Weft is running at ${weft.url}  (editor: ${weft.url}/, API: ${weft.url}/api)`);
  if (weft.generatedToken !== undefined) {
    console.log(
      [
        '',
        '  Your API token (shown only this once; Weft keeps just its hash):',
        '',
        `    ${weft.generatedToken}`,
        '',
        '  Send it as "Authorization: Bearer <token>". To choose your own instead, set WEFT_API_TOKEN.',
        '',
      ].join('\n'),
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing running work, then stopping`);
    weft.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
