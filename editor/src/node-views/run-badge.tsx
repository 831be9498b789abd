import { memo } from 'react';
import { itemCount, itemCountText, overallStatus } from '../run/step-records.ts';
import { useEditor } from '../store/editor-state.ts';

/**
 * How a step fared in the run painted on the canvas: its overall status, how many items it ran for
 * when it sits in a loop's body, and "waiting" while the execution is suspended in it.
 */
export const RunBadge = memo(function RunBadge({ nodeId }: { nodeId: string }) {
  const records = useEditor((state) => state.steps[nodeId]);
  const waiting = useEditor((state) => state.painted?.waits.some((wait) => wait.nodeId === nodeId) === true);
  if (records === undefined && !waiting) return null;
  const ran = records === undefined ? null : overallStatus(records);
  // A failure says more than the wait of another item; otherwise the wait is the news.
  const status = ran === 'failed' || !waiting ? ran : 'waiting';
  const count = records === undefined ? null : itemCount(records);
  return (
    <span className="run-badges">
      {count !== null && (
        <span className="item-count" data-testid={`node-items-${nodeId}`} title="It ran once per item of the loop; pick an item in its panel">
          {itemCountText(count)}
        </span>
      )}
      <span className={`status-badge status-${status}`} data-testid={`node-status-${nodeId}`}>
        {status}
      </span>
    </span>
  );
});
