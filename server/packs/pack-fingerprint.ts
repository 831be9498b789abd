import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Changes whenever a file of the installed pack does: added, removed, rewritten or replaced. Read
 * from the file system's metadata, not the contents, so a pack with large dependencies costs no
 * more than a directory walk. The change time counts because npm extracts a tarball with the
 * modification times it holds, which npm pack sets the same for every version.
 */
export function packFingerprint(directory: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    const stats = statSync(file);
    hash.update(`${relative(directory, file)}\0${stats.size}\0${stats.ino}\0${stats.mtimeMs}\0${stats.ctimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}
