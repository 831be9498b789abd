import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@weft/engine';
import { messageOf } from './pack-errors.ts';
import { packsDirPackagePath } from './packs-dir.ts';

/** npm writes one burst of files per install or removal; one reload after it settles is enough. */
const SETTLE_MS = 300;
/** fs.watch misses changes on some file systems (network mounts, some containers); a re-check catches them. */
const RECHECK_MS = 2_000;

export interface PacksDirWatcher {
  stop(): void;
}

/**
 * Calls `onChange` after the packs in `packsDir` changed: when npm (through `weft pack install` or
 * `remove`, or run by hand) rewrites the directory's package.json or lock files. It watches the
 * directory once it exists, and re-checks those files' metadata every few seconds in case the
 * watch misses a change (or the directory is not there yet: Weft does not create it).
 */
export function watchPacksDir(options: { packsDir: string; onChange: () => void; logger: Logger }): PacksDirWatcher {
  const { packsDir, logger } = options;
  let seen = signatureOf(packsDir);
  let settling: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  // False once the file system refused a watch: the re-check alone serves then.
  let canWatch = true;

  const changed = () => {
    clearTimeout(settling);
    settling = setTimeout(() => {
      seen = signatureOf(packsDir);
      options.onChange();
    }, SETTLE_MS);
    settling.unref();
  };
  const startWatching = () => {
    if (!canWatch || watcher !== undefined || !existsSync(packsDir)) return;
    try {
      const started = watch(packsDir, { persistent: false }, changed);
      started.on('error', (error) => {
        logger.log('warn', 'watching the packs directory stopped; changes are still noticed within seconds', { packsDir, error: error.message });
        started.close();
        // Watched again on the next re-check, should the directory be back.
        watcher = undefined;
      });
      watcher = started;
    } catch (error) {
      canWatch = false;
      logger.log('warn', 'cannot watch the packs directory; changes are noticed within seconds', { packsDir, error: messageOf(error) });
    }
  };

  startWatching();
  const recheck = setInterval(() => {
    startWatching();
    if (signatureOf(packsDir) !== seen) changed();
  }, RECHECK_MS);
  recheck.unref();
  return {
    stop() {
      watcher?.close();
      clearInterval(recheck);
      clearTimeout(settling);
    },
  };
}

/** The files npm rewrites whenever it installs or removes a package in the directory. */
function signatureOf(packsDir: string): string {
  const files = [packsDirPackagePath(packsDir), join(packsDir, 'package-lock.json'), join(packsDir, 'node_modules', '.package-lock.json')];
  return files
    .map((file) => {
      try {
        const stats = statSync(file, { throwIfNoEntry: false });
        return stats === undefined ? '-' : `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
      } catch (error) {
        return messageOf(error);
      }
    })
    .join('|');
}
