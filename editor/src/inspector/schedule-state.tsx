import { useEffect, useState } from 'react';
import { weftApi } from '../api/weft-api.ts';
import { useEditor } from '../store/editor-state.ts';
import { formatTime } from '../ui/format.ts';

type LiveSchedule = { cron: string; timezone: string; nextRunAt: string } | null;

/** Whether this schedule trigger is running (the published version's), and when it fires next. */
export function ScheduleState({ nodeId, draftCron }: { nodeId: string; draftCron: string }) {
  const flowId = useEditor((state) => state.flowId);
  const published = useEditor((state) => state.publishedVersion);
  const [live, setLive] = useState<LiveSchedule | 'loading'>('loading');
  useEffect(() => {
    if (flowId === null) return;
    weftApi.schedules(flowId).then(
      (answer) => setLive(answer.schedules.find((schedule) => schedule.nodeId === nodeId) ?? null),
      () => setLive(null),
    );
  }, [flowId, nodeId, published]);
  if (live === 'loading') return null;
  return (
    <div className="info-box" data-testid="schedule-state">
      <div className="field-head">
        <strong>Schedule</strong>
        <span className={live === null ? 'pill pill-draft' : 'pill pill-live'}>{live === null ? 'not running' : 'running'}</span>
      </div>
      {live === null ? (
        <p className="field-help">Publish the flow to start this schedule.</p>
      ) : (
        <p className="field-help">
          Runs <code>{live.cron}</code> ({live.timezone}); next run {live.nextRunAt === '' ? 'unknown' : formatTime(live.nextRunAt)}.
          {draftCron !== '' && draftCron !== live.cron && ' Your draft has a different schedule: publish to use it.'}
        </p>
      )}
    </div>
  );
}
