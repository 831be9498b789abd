import { type HttpResponse, type Json, NodeRunError } from '@weft/engine';
import type { HttpParams } from './http-params.ts';

const PREVIEW_CHARS = 1_000;

/** The answer's body as the step outputs it, in the format the params ask for. */
export function decodeBody(response: HttpResponse, format: HttpParams['responseFormat']): Json {
  const succeeded = response.status >= 200 && response.status < 300;
  switch (format) {
    case 'binary':
      return binaryBody(response);
    case 'text':
      return response.body;
    // An error page is rarely JSON, and the step should still show it: only successful answers must parse.
    case 'json':
      return succeeded ? strictJson(response.body) : lenientJson(response.body);
    case 'auto':
      return /[/+]json\b/i.test(response.headers['content-type'] ?? '') ? lenientJson(response.body) : response.body;
  }
}

/** The start of the body, for error details; a byte body is read as UTF-8 for it. */
export function bodyPreview(response: HttpResponse): string {
  const text = response.bytes === undefined ? response.body : new TextDecoder().decode(response.bytes.subarray(0, PREVIEW_CHARS * 4));
  return text.slice(0, PREVIEW_CHARS);
}

function binaryBody(response: HttpResponse): Json {
  // An HttpPort that ignores `responseType: 'bytes'` would hand back lossy text: better to say so.
  if (response.bytes === undefined) throw new NodeRunError('binary_unsupported', 'this HTTP port cannot return binary answers');
  const contentType = response.headers['content-type'] ?? 'application/octet-stream';
  return { base64: Buffer.from(response.bytes.buffer, response.bytes.byteOffset, response.bytes.byteLength).toString('base64'), contentType, size: response.bytes.byteLength };
}

function strictJson(body: string): Json {
  if (body === '') return null;
  try {
    const parsed: Json = JSON.parse(body);
    return parsed;
  } catch (error) {
    throw new NodeRunError('invalid_json_response', `the answer is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
      details: { body: body.slice(0, PREVIEW_CHARS) },
    });
  }
}

// Malformed JSON stays visible as text rather than failing the step.
function lenientJson(body: string): Json {
  if (body === '') return body;
  try {
    const parsed: Json = JSON.parse(body);
    return parsed;
  } catch {
    return body;
  }
}
