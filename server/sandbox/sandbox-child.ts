import { fork } from 'node:child_process';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { NodeRunError } from '@weft/engine';
import { type ChildMessage, childMessageSchema, type ParentMessage } from './sandbox-protocol.ts';
import { sandboxPermissions } from './sandbox-permissions.ts';

const sandboxEntry = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));

const STDERR_TAIL = 4_000;

/** One running sandbox process, as the server sees it. */
export interface SandboxChild {
  pid: number | undefined;
  send(message: ParentMessage): void;
  /** While busy the process keeps the server's event loop alive; idle, it lets a CLI run exit. */
  hold(busy: boolean): void;
  /** Ends the process at once; `onExit` follows. */
  kill(): void;
  /** Closes the channel (the process then exits by itself) and waits, killing it after `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

export interface SandboxChildOptions {
  poolSize: number;
  startTimeoutMs: number;
  onMessage(message: ChildMessage): void;
  /** The process ended, for whatever reason; `reason` says how ("signal SIGKILL", "exit code 1"). */
  onExit(reason: string): void;
  onStderr(text: string): void;
}

/** Forks the sandbox process and resolves once it is ready to run code. */
export function startSandboxChild(options: SandboxChildOptions): Promise<SandboxChild> {
  const child = fork(sandboxEntry, [String(options.poolSize)], {
    // Nothing of the server's environment (database URL, API token, credential key) goes in.
    env: {},
    // isolated-vm needs --no-node-snapshot on Node 20 and later; the server's own flags (a test
    // runner's loaders, inspector ports) must not be inherited.
    execArgv: ['--no-node-snapshot', ...sandboxPermissions(sandboxEntry)],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderrTail = `${stderrTail}${text}`.slice(-STDERR_TAIL);
    options.onStderr(text);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const handle: SandboxChild = {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    hold: (busy) => {
      const handles = [child, child.channel, child.stderr instanceof Socket ? child.stderr : undefined];
      for (const item of handles) if (busy) item?.ref(); else item?.unref();
    },
    kill: () => {
      child.kill('SIGKILL');
    },
    stop: async (graceMs) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };

  return new Promise((resolve, reject) => {
    const startTimer = setTimeout(() => child.kill('SIGKILL'), options.startTimeoutMs);
    let ready = false;
    child.on('message', (raw: unknown) => {
      const parsed = childMessageSchema.safeParse(raw);
      if (!parsed.success) return;
      if (parsed.data.type === 'ready' && !ready) {
        ready = true;
        clearTimeout(startTimer);
        resolve(handle);
        return;
      }
      options.onMessage(parsed.data);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(startTimer);
      const reason = signal === null ? `exit code ${code ?? 'unknown'}` : `signal ${signal}`;
      if (ready) options.onExit(reason);
      else reject(new NodeRunError('code_sandbox_unavailable', `the code sandbox process did not start (${reason}): ${stderrTail.trim() || 'no output'}`, { retryable: true }));
    });
    child.on('error', (error) => {
      if (!ready) child.kill('SIGKILL');
      options.onStderr(error.message);
    });
  });
}
