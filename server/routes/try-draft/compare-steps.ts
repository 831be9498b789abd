import { type FlowDocument, type FlowNode, type Json, type StepError, type StepLogEntry, type StepRecord, toJson } from '@weft/engine';
import { diffJson, type JsonChange, sameJson } from './json-diff.ts';
import type { HeldBackStep } from './try-plan.ts';

/**
 * How one node fared on the draft compared with the past execution:
 * - unchanged: same status, branch and output (for a step not sent: same input and settings too);
 * - changed: it ran in both and something differs, or it ran in only one though both flows have it;
 * - added / removed: the node is only in the draft / only in the version that ran the event;
 * - failed: the draft's step failed;
 * - notReached: the draft stopped before it (an earlier step failed).
 */
export type Verdict = 'unchanged' | 'changed' | 'added' | 'removed' | 'failed' | 'notReached';

/** A step as the comparison shows it, on one side. */
export interface StepSide {
  status: StepRecord['status'];
  input: Json;
  output: Json;
  ports: string[];
  error: StepError | null;
  logs: StepLogEntry[];
}

export interface NodeComparison {
  nodeId: string;
  nodeType: string;
  name: string | null;
  verdict: Verdict;
  /** The node's type, version, params, credentials or retry policy differ between the two flow versions. */
  settingsChanged: boolean;
  /** Set when the draft's step reaches outside and the try did not run it. */
  notSent: HeldBackStep | null;
  before: StepSide | null;
  after: StepSide | null;
  outputChanges: JsonChange[];
  inputChanges: JsonChange[];
  /** More changes were found than are listed. */
  changesTruncated: boolean;
}

export interface ComparisonInput {
  pastDocument: FlowDocument;
  draftDocument: FlowDocument;
  pastSteps: readonly StepRecord[];
  draftSteps: readonly StepRecord[];
  heldBack: ReadonlyMap<string, HeldBackStep>;
}

// A step whose output is a large array changed everywhere would otherwise bloat the answer.
const MAX_CHANGES = 200;

/** One entry per node of either flow: the draft's in run order first, then the nodes it dropped. */
export function compareSteps(input: ComparisonInput): NodeComparison[] {
  const pastNodes = new Map(input.pastDocument.nodes.map((node) => [node.id, node]));
  const draftNodes = new Map(input.draftDocument.nodes.map((node) => [node.id, node]));
  const pastSteps = new Map(input.pastSteps.map((step) => [step.nodeId, step]));
  const draftSteps = new Map(input.draftSteps.map((step) => [step.nodeId, step]));
  const order = [
    ...input.draftSteps.map((step) => step.nodeId),
    ...input.draftDocument.nodes.map((node) => node.id),
    ...input.pastSteps.map((step) => step.nodeId),
    ...input.pastDocument.nodes.map((node) => node.id),
  ];
  return [...new Set(order)].map((nodeId) =>
    compareNode({
      nodeId,
      pastNode: pastNodes.get(nodeId),
      draftNode: draftNodes.get(nodeId),
      past: pastSteps.get(nodeId),
      draft: draftSteps.get(nodeId),
      notSent: input.heldBack.get(nodeId) ?? null,
    }),
  );
}

interface NodeSides {
  nodeId: string;
  pastNode: FlowNode | undefined;
  draftNode: FlowNode | undefined;
  past: StepRecord | undefined;
  draft: StepRecord | undefined;
  notSent: HeldBackStep | null;
}

function compareNode(sides: NodeSides): NodeComparison {
  const { past, draft } = sides;
  const outputChanges = diffJson(past?.output ?? null, draft?.output ?? null);
  const inputChanges = past === undefined || draft === undefined ? [] : diffJson(past.input, draft.input);
  const settingsChanged = sides.pastNode !== undefined && sides.draftNode !== undefined && !sameSettings(sides.pastNode, sides.draftNode);
  const node = sides.draftNode ?? sides.pastNode;
  return {
    nodeId: sides.nodeId,
    nodeType: node?.type ?? draft?.nodeType ?? past?.nodeType ?? '',
    name: node?.name ?? null,
    verdict: verdictOf(sides, { outputChanges, inputChanges, settingsChanged }),
    settingsChanged,
    notSent: sides.notSent,
    before: past === undefined ? null : sideOf(past),
    after: draft === undefined ? null : sideOf(draft),
    outputChanges: outputChanges.slice(0, MAX_CHANGES),
    inputChanges: inputChanges.slice(0, MAX_CHANGES),
    changesTruncated: outputChanges.length > MAX_CHANGES || inputChanges.length > MAX_CHANGES,
  };
}

interface Differences {
  outputChanges: JsonChange[];
  inputChanges: JsonChange[];
  settingsChanged: boolean;
}

function verdictOf(sides: NodeSides, differences: Differences): Verdict {
  const { past, draft } = sides;
  if (sides.draftNode === undefined) return 'removed';
  if (sides.pastNode === undefined) return 'added';
  if (draft?.status === 'failed') return 'failed';
  if (draft === undefined) return 'notReached';
  if (past === undefined || past.status !== draft.status || !sameJson(past.ports, draft.ports)) return 'changed';
  if (differences.outputChanges.length > 0) return 'changed';
  // A step not sent passes its past answer on, so its output cannot differ: what it would send can.
  if (sides.notSent !== null && (differences.inputChanges.length > 0 || differences.settingsChanged)) return 'changed';
  return 'unchanged';
}

function sameSettings(a: FlowNode, b: FlowNode): boolean {
  return (
    a.type === b.type &&
    a.typeVersion === b.typeVersion &&
    sameJson(a.params, b.params) &&
    sameJson(a.credentials ?? {}, b.credentials ?? {}) &&
    sameJson(toJson(a.retry), toJson(b.retry))
  );
}

function sideOf(step: StepRecord): StepSide {
  return { status: step.status, input: step.input, output: step.output, ports: step.ports, error: step.error, logs: step.logs };
}
