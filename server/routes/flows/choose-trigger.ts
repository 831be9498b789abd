import { type FlowDocument, type NodeRegistry, ValidationError } from '@weft/engine';

/** The trigger a run by hand (or a call from another flow) enters through: the one asked for, else the manual trigger, else the first. */
export function chooseTrigger(document: FlowDocument, requested: string | undefined, definitionOf: NodeRegistry['get']): string {
  const triggers = document.nodes.filter((node) => definitionOf(node.type, node.typeVersion)?.trigger === true);
  if (requested !== undefined) {
    if (!triggers.some((node) => node.id === requested)) throw new ValidationError('unknown_trigger', `the flow has no trigger node "${requested}"`);
    return requested;
  }
  const chosen = triggers.find((node) => node.type === 'core.manual') ?? triggers[0];
  if (chosen === undefined) throw new ValidationError('missing_trigger', 'the flow has no trigger');
  return chosen.id;
}
