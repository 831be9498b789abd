import type { PreviewOutcome } from './expression-evaluate.ts';
import type { PreviewBindings } from './expression-sample.ts';

export interface PreviewRequest {
  id: number;
  source: string;
  bindings: PreviewBindings;
}

export interface PreviewResponse {
  id: number;
  outcome: PreviewOutcome;
}

/** Past this the worker is stopped: JSONata's own 500 ms limit has not managed to end the evaluation. */
const HARD_LIMIT_MS = 2_000;

interface Waiting {
  request: PreviewRequest;
  resolve(outcome: PreviewOutcome): void;
  timer: ReturnType<typeof setTimeout>;
}

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, Waiting>();

/** Evaluates an expression against sample bindings in the preview worker, giving up after a hard time limit. */
export function evaluateInWorker(source: string, bindings: PreviewBindings): Promise<PreviewOutcome> {
  const request: PreviewRequest = { id: nextId++, source, bindings };
  return new Promise((resolve) => {
    waiting.set(request.id, { request, resolve, timer: startTimer(request.id) });
    currentWorker().postMessage(request);
  });
}

function currentWorker(): Worker {
  if (worker !== null) return worker;
  const started = new Worker(new URL('./expression-preview-worker.ts', import.meta.url), { type: 'module' });
  started.addEventListener('message', (event: MessageEvent<PreviewResponse>) => {
    const entry = waiting.get(event.data.id);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    waiting.delete(event.data.id);
    entry.resolve(event.data.outcome);
  });
  worker = started;
  return started;
}

function startTimer(id: number): ReturnType<typeof setTimeout> {
  return setTimeout(() => giveUp(id), HARD_LIMIT_MS);
}

/** Stops the stuck worker; the request that ran too long fails, the ones queued behind it go to a fresh worker. */
function giveUp(id: number): void {
  const stuck = waiting.get(id);
  if (stuck === undefined) return;
  waiting.delete(id);
  worker?.terminate();
  worker = null;
  stuck.resolve({ kind: 'error', code: 'D1012', message: `The expression did not finish within ${HARD_LIMIT_MS / 1000} seconds, so the preview stopped it.` });
  for (const entry of waiting.values()) {
    clearTimeout(entry.timer);
    entry.timer = startTimer(entry.request.id);
    currentWorker().postMessage(entry.request);
  }
}
