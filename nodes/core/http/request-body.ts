import { NodeRunError } from '@weft/engine';
import type { FormField, HttpParams } from './http-params.ts';

export const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface EncodedBody {
  body: string | Uint8Array;
  contentType: string;
  /** Multipart's content type names the boundary in this very body: no other may replace it. */
  fixedContentType: boolean;
}

/** The bytes to send for the params' body type, or undefined when the request carries no body. */
export async function encodeBody(params: HttpParams): Promise<EncodedBody | undefined> {
  if (METHODS_WITHOUT_BODY.has(params.method)) return undefined;
  switch (params.bodyType) {
    case 'none':
      return undefined;
    case 'json':
      return params.body === undefined ? undefined : { body: JSON.stringify(params.body), contentType: 'application/json', fixedContentType: false };
    case 'text':
      if (params.body === undefined) return undefined;
      if (typeof params.body !== 'string') throw new NodeRunError('invalid_body', 'a text body must be a string');
      return { body: params.body, contentType: params.contentType ?? 'text/plain; charset=utf-8', fixedContentType: false };
    case 'form':
      return { body: formEncoded(params.fields), contentType: 'application/x-www-form-urlencoded', fixedContentType: false };
    case 'multipart':
      return multipart(params.fields);
  }
}

function formEncoded(fields: readonly FormField[]): string {
  const form = new URLSearchParams();
  for (const field of fields) {
    if ('file' in field) throw new NodeRunError('invalid_body', `a form (urlencoded) body cannot carry the file "${field.name}"; use multipart`);
    form.append(field.name, String(field.value));
  }
  return form.toString();
}

// The platform's own encoder writes the parts and picks a boundary no field contains.
async function multipart(fields: readonly FormField[]): Promise<EncodedBody> {
  const form = new FormData();
  for (const field of fields) {
    if ('file' in field) {
      const { base64, filename, contentType } = field.file;
      form.append(field.name, new Blob([Buffer.from(base64, 'base64')], { type: contentType }), filename);
    } else {
      form.append(field.name, String(field.value));
    }
  }
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type');
  if (contentType === null) throw new Error('the multipart encoder gave no content type');
  return { body: new Uint8Array(await encoded.arrayBuffer()), contentType, fixedContentType: true };
}
