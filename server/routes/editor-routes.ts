import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const editorDir = join(import.meta.dirname, '..', '..', 'editor');

/** Serves the editor's start page: the built editor when there is one, else a placeholder. */
export function registerEditorRoutes(app: FastifyInstance): void {
  const built = join(editorDir, 'dist', 'index.html');
  const page = existsSync(built) ? built : join(editorDir, 'placeholder', 'index.html');
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(await readFile(page)));
}
