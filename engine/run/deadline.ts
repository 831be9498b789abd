/** A signal that aborts when its time is up or when its parent aborts, until it is released. */
export interface Deadline {
  signal: AbortSignal;
  /** True once the time ran out (not when the parent aborted). */
  timedOut(): boolean;
  /** Stops the timer and lets go of the parent: call it as soon as the work is over. */
  release(): void;
}

/**
 * What `AbortSignal.any([parent, AbortSignal.timeout(ms)])` gives, but released when the work ends.
 * Those built-in signals live on until their timer fires or the garbage collector proves them
 * unreachable: with a five-minute execution timeout, hundreds of finished executions a second
 * left that many timers, signals and weak references behind for the collector to trace.
 */
export function startDeadline(ms: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, ms);
  // Like AbortSignal.timeout: a pending deadline alone does not keep the process running.
  timer.unref();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted === true) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired,
    release() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
