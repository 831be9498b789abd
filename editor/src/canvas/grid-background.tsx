import { type ReactFlowState, useStore } from '@xyflow/react';
import { memo } from 'react';

const GAP = 20;
/** Zoomed far out, every second (fourth, …) dot is left out rather than packing them closer than this. */
const MIN_SPACING_PX = 10;

function transformOf(state: ReactFlowState): [number, number, number] {
  return state.transform;
}

/** Where a tile starts so that its dot (in the tile's middle) sits on a multiple of the gap in flow coordinates. */
function tileOffset(translate: number, size: number): number {
  return ((((translate - size / 2) % size) + size) % size) - size;
}

/**
 * The canvas's dotted grid, moving with the flow. React Flow's <Background> redraws an SVG
 * pattern over the whole canvas on every frame of a pan, which cost the 200-step benchmark
 * (bench/editor-large-flow.bench.ts) most of its dropped frames. This is one CSS-tiled layer
 * the compositor only shifts while panning; it is drawn again only when the zoom changes.
 */
export const GridBackground = memo(function GridBackground() {
  const [x, y, zoom] = useStore(transformOf);
  let size = GAP * zoom;
  while (size < MIN_SPACING_PX) size *= 2;
  const dot = Math.min(1.2, Math.max(0.5, zoom * 0.8));
  return (
    <div
      className="grid-background"
      aria-hidden="true"
      style={{
        width: `calc(100% + ${2 * size}px)`,
        height: `calc(100% + ${2 * size}px)`,
        backgroundImage: `radial-gradient(circle, #a3a9b4 ${dot}px, transparent ${dot + 0.6}px)`,
        backgroundSize: `${size}px ${size}px`,
        transform: `translate(${tileOffset(x, size)}px, ${tileOffset(y, size)}px)`,
      }}
    />
  );
});
