import { randomUUID } from 'node:crypto';
import { type Engine, type FlowDocument, type Json, jsonSchema, type StepRecord, type WebhookResponse, WeftError } from '@weft/engine';
import { builtinCredentialTypes } from '../credentials/credential-services.ts';
import { loadCliCredentials } from '../credentials/credentials-file.ts';
import { createCliEngine } from './cli-engine.ts';
import { type CliOutput, jsonLines } from './cli-output.ts';
import { readJsonFile } from './read-json-file.ts';
import { printProblems } from './validate-command.ts';

export interface RunOptions {
  flowPath: string;
  /** A JSON file holding the trigger's payload (for a webhook: { method, path, headers, query, body, rawBody }). */
  inputPath?: string;
  /** Which trigger receives the payload; the flow's first trigger when omitted. */
  triggerNodeId?: string;
  /** A JSON file of credentials by id (`{ "<id>": { "type", "values" } }`) for nodes that reference them. */
  credentialsPath?: string;
}

/**
 * `weft run <flow.json> [--input payload.json] [--trigger id] [--credentials credentials.json]`: runs a flow once, in memory, with
 * real outbound HTTP, and prints every step and the webhook answer. Exit code 0 when the
 * execution succeeds, 1 when the flow is invalid or the execution fails, 2 when a file cannot be read.
 */
export async function runCommand(options: RunOptions, out: CliOutput): Promise<number> {
  const flow = await readJsonFile(options.flowPath);
  if (!flow.ok) return unreadable(flow.message, out);
  const input = options.inputPath === undefined ? undefined : await readJsonFile(options.inputPath);
  if (input?.ok === false) return unreadable(input.message, out);
  const credentials = await loadCliCredentials(options.credentialsPath, builtinCredentialTypes());
  if (typeof credentials === 'string') return unreadable(credentials, out);
  const engine = createCliEngine(credentials);
  const { document, problems } = engine.validate(flow.value);
  if (document === undefined || problems.length > 0) {
    printProblems(problems, out);
    out.stderr(`${options.flowPath} is not a valid flow; nothing ran`);
    return 1;
  }
  const payload = input?.ok === true ? input.value : defaultPayload(engine, document, options.triggerNodeId, out);
  try {
    return await execute(engine, { document, payload, triggerNodeId: options.triggerNodeId }, out);
  } catch (error) {
    if (!(error instanceof WeftError)) throw error;
    out.stderr(`${error.code}: ${error.message}`);
    return 1;
  }
}

interface Run {
  document: FlowDocument;
  payload: Json;
  triggerNodeId: string | undefined;
}

async function execute(engine: Engine, run: Run, out: CliOutput): Promise<number> {
  const result = await engine.execute({
    plan: engine.plan(run.document),
    execution: { id: `cli-${randomUUID()}`, flowId: run.document.id, flowVersion: null },
    payload: run.payload,
    ...(run.triggerNodeId === undefined ? {} : { triggerNodeId: run.triggerNodeId }),
  });
  for (const step of result.steps) printStep(step, out);
  if (result.response !== null) printResponse(result.response, out);
  if (result.error !== null) {
    out.stderr(`execution failed at ${result.error.nodeId}: ${result.error.code}: ${result.error.message}`);
    return 1;
  }
  out.stdout(`execution succeeded (${result.steps.length} steps)`);
  return 0;
}

function unreadable(message: string, out: CliOutput): number {
  out.stderr(message);
  return 2;
}

/** Without --input, the trigger's own sample payload stands in (a webhook's is a small JSON POST). */
function defaultPayload(engine: Engine, document: FlowDocument, triggerNodeId: string | undefined, out: CliOutput): Json {
  const triggers = document.nodes.filter((node) => engine.registry.get(node.type, node.typeVersion)?.trigger === true);
  const trigger = triggerNodeId === undefined ? triggers[0] : triggers.find((node) => node.id === triggerNodeId);
  const sample = trigger === undefined ? undefined : engine.registry.get(trigger.type, trigger.typeVersion)?.sample;
  if (sample === undefined) return null;
  out.stderr(`no --input given: using the ${trigger?.type ?? 'trigger'} sample payload`);
  return sample;
}

function printStep(step: StepRecord, out: CliOutput): void {
  out.stdout(`${step.status} ${step.nodeId} (${step.nodeType}) ${step.durationMs}ms`);
  if (step.status === 'succeeded') for (const line of jsonLines(step.output)) out.stdout(line);
  if (step.error !== null) out.stdout(`  error ${step.error.code}: ${step.error.message}`);
}

function printResponse(response: WebhookResponse, out: CliOutput): void {
  const contentType = response.headers['content-type'] ?? '';
  out.stdout(`response ${response.status}${contentType === '' ? '' : ` ${contentType}`}`);
  const lines = /[/+]json\b/i.test(contentType) ? parsedJsonLines(response.body) : undefined;
  for (const line of lines ?? response.body.split('\n').map((text) => `  ${text}`)) out.stdout(line);
}

function parsedJsonLines(body: string): string[] | undefined {
  try {
    const parsed = jsonSchema.safeParse(JSON.parse(body));
    return parsed.success ? jsonLines(parsed.data) : undefined;
  } catch {
    return undefined;
  }
}
