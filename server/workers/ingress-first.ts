/**
 * Lets a burst of incoming events be accepted before their runs take the CPU. Webhook senders wait
 * for the 2xx (Shopify gives up after 5 s, GitHub after 10 s); a run nobody waits for can start a
 * moment later. While events are being accepted, this process starts no run that nobody waits on,
 * for at most `windowMs` at a stretch: a longer stretch gets no more head start, and runs start as
 * usual, so sustained load never starves them. A lone event holds its run back by a pause of
 * QUIET_MS at most. The dispatcher also ends the hold once the held runs fill the room they may wait
 * in (see JobDispatcher.reserve).
 */
export interface IngressFirst {
  /** An event began to be accepted. */
  accepting(): void;
  /** One is committed (or failed). */
  accepted(): void;
  /** Whether new runs that nobody waits on should wait. */
  holdsRuns(): boolean;
  /** `listener` runs whenever held runs may start: acceptance went idle, or its window ran out. */
  onRelease(listener: () => void): void;
}

/**
 * Acceptance counts as idle only after a pause this long. A client that keeps several requests
 * going sends the next one as soon as an answer comes; without the pause, each group commit that
 * answered every request in flight would let runs take the CPU before the next requests are read.
 */
const QUIET_MS = 2;

export function createIngressFirst(windowMs: number): IngressFirst {
  let inFlight = 0;
  let stretch: { startedAt: number; window: NodeJS.Timeout } | undefined;
  let quiet: NodeJS.Timeout | undefined;
  const listeners: (() => void)[] = [];
  const release = () => {
    for (const listener of listeners) listener();
  };
  const endStretch = () => {
    if (stretch === undefined) return;
    clearTimeout(stretch.window);
    stretch = undefined;
    release();
  };
  return {
    accepting() {
      if (windowMs === 0) return;
      clearTimeout(quiet);
      if (stretch === undefined) {
        const window = setTimeout(release, windowMs);
        window.unref();
        stretch = { startedAt: Date.now(), window };
      }
      inFlight += 1;
    },
    accepted() {
      if (windowMs === 0) return;
      inFlight -= 1;
      if (inFlight > 0) return;
      quiet = setTimeout(endStretch, QUIET_MS);
      quiet.unref();
    },
    holdsRuns: () => stretch !== undefined && Date.now() - stretch.startedAt < windowMs,
    onRelease: (listener) => void listeners.push(listener),
  };
}
