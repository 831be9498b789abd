import type { NodeTypes } from '@xyflow/react';
import { StepNodeView } from '../node-views/step-node-view.tsx';

// Declared once at module scope: a new object per render would make React Flow remount every node.
export const nodeTypes: NodeTypes = { step: StepNodeView };
