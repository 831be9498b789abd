import type { FlowNode } from '../flow/schema.ts';
import type { NodeDefinition } from '../node-contract.ts';
import { type Problem, problem } from './problem.ts';

/**
 * A node's credential references must fill the slots its definition declares: no unknown slot,
 * no required slot left empty. Whether the referenced credential exists and has a fitting type
 * is checked when the step runs, against the store of the instance that runs it.
 */
export function checkCredentialSlots(node: FlowNode, definition: NodeDefinition, index: number): Problem[] {
  const slots = definition.credentials ?? {};
  const filled = node.credentials ?? {};
  const problems: Problem[] = [];
  for (const slotName of Object.keys(filled)) {
    if (slots[slotName] !== undefined) continue;
    const known = Object.keys(slots);
    const hint = known.length === 0 ? 'it takes no credentials' : `its slots are: ${known.join(', ')}`;
    problems.push(problem('invalid_credentials', ['nodes', index, 'credentials', slotName], `${node.type} has no credential slot "${slotName}"; ${hint}`, node.id));
  }
  for (const [slotName, slot] of Object.entries(slots)) {
    if (slot.optional || filled[slotName] !== undefined) continue;
    problems.push(
      problem('invalid_credentials', ['nodes', index, 'credentials', slotName], `${node.type} needs a credential of type ${slot.types.join(' or ')} in slot "${slotName}"`, node.id),
    );
  }
  return problems;
}
