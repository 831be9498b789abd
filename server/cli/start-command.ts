import { loadConfig } from '../config.ts';
import { type RunningWeft, startWeft } from '../server.ts';

/** `weft start`: runs Weft until SIGINT or SIGTERM, then shuts down gracefully. */
export async function startCommand(environment: Record<string, string | undefined>): Promise<void> {
  const config = loadConfig(environment);
  // Listened for from the first moment: the worker may run a step before start-up has finished, and
  // a signal then must not kill the process mid-step. One that comes that early waits for the start;
  // a second one stops at once.
  let weft: RunningWeft | undefined;
  let signalled: string | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (weft === undefined) {
      if (signalled !== undefined) process.exit(1);
      signalled = signal;
      return console.log(`${signal} received while starting: stopping once started (send it again to stop at once)`);
    }
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
  weft = await startWeft(config);
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
  if (signalled !== undefined) stop(signalled);
}
