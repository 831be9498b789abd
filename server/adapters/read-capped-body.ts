import type { IncomingMessage } from 'node:http';
import { addAbortSignal, pipeline, type Readable } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface CappedReadOptions {
  limit: number;
  method: string;
  signal: AbortSignal;
}

/**
 * Reads an answer's body, decompressed as fetch would, or undefined as soon as it grows past
 * `limit` bytes (counted after decompression, so a small compressed bomb is caught too).
 */
export async function readCappedBytes(response: IncomingMessage, options: CappedReadOptions): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (declared > options.limit) {
    response.destroy();
    return undefined;
  }
  const body = addAbortSignal(options.signal, decoded(response, options.method));
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of body) {
    if (!(chunk instanceof Uint8Array)) continue;
    received += chunk.byteLength;
    if (received > options.limit) {
      body.destroy();
      response.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks, received));
}

/** The body as UTF-8 text, capped as `readCappedBytes` caps it. */
export async function readCappedText(response: IncomingMessage, options: CappedReadOptions): Promise<string | undefined> {
  const bytes = await readCappedBytes(response, options);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

function decoded(response: IncomingMessage, method: string): Readable {
  // These answers have no body whatever their content-encoding says.
  if (method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304) return response;
  // Sync flush, as undici does: a body cut short by a lenient server still yields what arrived.
  const lenient = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  const decompress =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip(lenient)
      : encoding === 'deflate'
        ? createInflate(lenient)
        : encoding === 'br'
          ? createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH })
          : undefined;
  if (decompress === undefined) return response;
  // Errors travel through the pipeline: a broken compressed body fails the read, not the process.
  return pipeline(response, decompress, () => {});
}
