import type { Problem } from '@weft/engine';
import { createCliEngine } from './cli-engine.ts';
import type { CliOutput } from './cli-output.ts';
import { readJsonFile } from './read-json-file.ts';

/**
 * `weft validate <flow.json>`: checks a flow document without running it.
 * Exit code 0 when valid, 1 when it has problems (one per line: path, code, message), 2 when the
 * file cannot be read or is not JSON.
 */
export async function validateCommand(filePath: string, out: CliOutput): Promise<number> {
  const file = await readJsonFile(filePath);
  if (!file.ok) {
    out.stderr(file.message);
    return 2;
  }
  const { document, problems } = createCliEngine().validate(file.value);
  if (problems.length > 0 || document === undefined) {
    printProblems(problems, out);
    out.stderr(`${filePath}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    return 1;
  }
  out.stdout(`${filePath}: valid flow "${document.id}" (${document.nodes.length} nodes, ${document.edges.length} edges)`);
  return 0;
}

export function printProblems(problems: readonly Problem[], out: CliOutput): void {
  for (const problem of problems) out.stdout(`${problem.path === '' ? '(document)' : problem.path}  ${problem.code}  ${problem.message}`);
}
