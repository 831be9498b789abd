import { jsonSchema } from '@weft/engine';
import { z } from 'zod';
import { expressionField } from '../../sdk/index.ts';
import { fieldPathSchema } from '../field-path.ts';

/** The most pages one step may fetch, whatever a flow asks for. */
export const MAX_PAGES = 100;

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

/** One query parameter; a name may repeat. A value that evaluates to nothing (or null) is left out. */
const queryEntrySchema = z.strictObject({ name: z.string().min(1), value: scalarSchema.nullish() });
export type QueryEntry = z.infer<typeof queryEntrySchema>;

/** A file sent as a multipart/form-data field; `base64` is what a binary HTTP answer outputs. */
const fileSchema = z.strictObject({
  base64: z.base64(),
  filename: z.string().min(1),
  contentType: z.string().min(1).default('application/octet-stream'),
});

const valueFieldSchema = z.strictObject({ name: z.string().min(1), value: scalarSchema });
const fileFieldSchema = z.strictObject({ name: z.string().min(1), file: fileSchema });
export type FormField = z.infer<typeof valueFieldSchema> | z.infer<typeof fileFieldSchema>;

const itemsPath = fieldPathSchema.optional().meta({
  description: 'Where each page holds its items, e.g. data.items; the page itself when empty.',
});
const maxPages = z.int().min(1).max(MAX_PAGES).default(10);

const paginationSchema = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('none') }),
    z.strictObject({
      mode: z.literal('cursor'),
      itemsPath,
      cursorPath: fieldPathSchema.meta({ description: 'Where a page holds the next cursor, e.g. meta.next_cursor; none ends paging.' }),
      cursorParam: z.string().min(1).meta({ description: 'The query parameter that sends the cursor.' }),
      maxPages,
    }),
    z.strictObject({
      mode: z.literal('offset'),
      itemsPath,
      offsetParam: z.string().min(1).default('offset'),
      limitParam: z.string().min(1).optional().meta({ description: 'When set, sends the page size in this query parameter.' }),
      pageSize: z.int().min(1).max(10_000),
      maxPages,
    }),
    z.strictObject({ mode: z.literal('linkHeader'), itemsPath, maxPages }),
  ])
  .default({ mode: 'none' })
  .meta({
    title: 'Pagination',
    description:
      'cursor, offset or linkHeader (RFC 8288 rel="next") fetch page after page and output all items; paging stops when a page has no next one, or after maxPages.',
  });
export type Pagination = z.infer<typeof paginationSchema>;

export const httpParams = z
  .strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET').meta({ title: 'Method' }),
    url: expressionField(z.url({ protocol: /^https?$/ }), 'The http(s) URL to call.'),
    query: z.array(queryEntrySchema).default([]).meta({
      title: 'Query parameters',
      description: 'Added to the URL, encoded: a list of { name, value }; a name may repeat.',
    }),
    headers: z.record(z.string(), z.string()).default({}).meta({ title: 'Headers' }),
    bodyType: z.enum(['none', 'json', 'text', 'form', 'multipart']).default('json').meta({
      title: 'Body type',
      description: 'json sends "body" as JSON; text sends it as a string; form (urlencoded) and multipart send "fields"; none sends no body.',
    }),
    body: expressionField(jsonSchema.optional(), 'The request body; strings starting with = are JSONata.'),
    contentType: z.string().min(1).optional().meta({
      title: 'Content type',
      description: 'The Content-Type of a text body (text/plain when empty); a Content-Type header wins over it.',
    }),
    fields: z.array(z.union([valueFieldSchema, fileFieldSchema])).default([]).meta({
      title: 'Form fields',
      description: 'For form and multipart bodies: { name, value }, or for multipart { name, file: { base64, filename, contentType } }.',
    }),
    pagination: paginationSchema,
    responseFormat: z.enum(['auto', 'json', 'text', 'binary']).default('auto').meta({
      title: 'Response format',
      description: 'auto parses JSON when the answer says it is JSON, else gives text; binary gives { base64, contentType, size }.',
    }),
    timeoutMs: z.int().min(1).max(300_000).default(30_000).meta({ title: 'Timeout (ms)' }),
    failOnHttpError: z
      .boolean()
      .default(true)
      .meta({ title: 'Fail on HTTP error', description: 'When on, an answer outside 2xx fails the step.' }),
  })
  .superRefine((params, context) => {
    if (params.bodyType === 'form') {
      params.fields.forEach((field, index) => {
        if ('file' in field) context.addIssue({ code: 'custom', path: ['fields', index, 'file'], message: 'a form (urlencoded) body cannot carry files; use multipart' });
      });
    }
    // Items are read from parsed pages, so only formats that can parse JSON can be paged.
    if (params.pagination.mode !== 'none' && (params.responseFormat === 'text' || params.responseFormat === 'binary')) {
      context.addIssue({ code: 'custom', path: ['responseFormat'], message: `pagination reads items from JSON pages; a ${params.responseFormat} answer has none` });
    }
  });
export type HttpParams = z.infer<typeof httpParams>;
