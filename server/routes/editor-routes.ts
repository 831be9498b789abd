import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const editorDir = join(import.meta.dirname, '..', '..', 'editor');
const assetsDir = join(editorDir, 'dist', 'assets');

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** Serves the editor: the built app when there is one (index.html and its hashed assets), else a placeholder. */
export function registerEditorRoutes(app: FastifyInstance): void {
  const built = join(editorDir, 'dist', 'index.html');
  const page = existsSync(built) ? built : join(editorDir, 'placeholder', 'index.html');
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(await readFile(page)));
  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const file = request.params.file;
    // Vite writes flat, hashed file names; anything else (a path, a dot-file) is not an asset.
    const type = contentTypes[extname(file)];
    if (!/^[A-Za-z0-9._-]+$/.test(file) || file.startsWith('.') || type === undefined || !existsSync(join(assetsDir, file))) {
      return reply.status(404).send({ error: { code: 'asset_not_found', message: `no editor asset ${file}` } });
    }
    // Names carry a content hash, so a browser may keep them for good.
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(await readFile(join(assetsDir, file)));
  });
}
