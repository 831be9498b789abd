// The code sandbox process: forked by the server with an empty environment, no database and no
// secrets, it runs user code in isolated-vm isolates and answers over the IPC channel. When V8
// loses control of an isolate this process ends itself; the server then fails the runs it had
// and starts a fresh one.
import { createIsolatePool } from './isolate-pool.ts';
import { runInIsolate } from './run-in-isolate.ts';
import { type ChildMessage, parentMessageSchema, type RunMessage, type RunOutcome } from './sandbox-protocol.ts';

const poolSize = Number.parseInt(process.argv[2] ?? '', 10);

function send(message: ChildMessage, then?: () => void): void {
  if (process.send === undefined || !process.connected) return;
  process.send(message, undefined, {}, () => then?.());
}

function endNow(): void {
  // SIGKILL, not exit(): a thread V8 could not stop may hold locks that exit handlers wait on.
  process.kill(process.pid, 'SIGKILL');
}

const pool = createIsolatePool({
  size: Number.isInteger(poolSize) && poolSize > 0 ? poolSize : 1,
  onCatastrophicError: (runId, message) => {
    send({ type: 'fatal', id: runId ?? null, message }, endNow);
    setTimeout(endNow, 1_000).unref();
  },
});

async function handleRun(message: RunMessage): Promise<void> {
  let outcome: RunOutcome;
  try {
    const entry = pool.acquire(message.memoryMb, message.id);
    const run = await runInIsolate(entry.isolate, pool.takeContext(entry), message);
    pool.release(entry, run.reusable);
    outcome = run.outcome;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    outcome = { ok: false, failure: { code: 'code_sandbox_error', message: `the code sandbox could not run the code: ${reason}` }, logs: [] };
  }
  send({ type: 'result', id: message.id, outcome });
}

process.on('message', (raw: unknown) => {
  const parsed = parentMessageSchema.safeParse(raw);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'cancel') pool.cancel(message.id);
  else void handleRun(message);
});

// The server is gone (it exited, or closed the channel to stop us): nothing is left to answer, and
// nothing to save. An orderly exit would wait for isolates still running user code.
process.on('disconnect', endNow);

// Most code steps keep the default memory limit.
pool.warm(64);
send({ type: 'ready' });
