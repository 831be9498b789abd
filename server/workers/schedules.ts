import type { FlowDocument, Logger } from '@weft/engine';
import { type ScheduleParams, scheduleParams } from '@weft/nodes';
import { z } from 'zod';
import { acceptEvent } from '../storage/accept-event.ts';
import type { Database } from '../storage/database.ts';
import { findPublishedVersionNumber, findVersion } from '../storage/flows-repo.ts';
import type { JobQueue } from '../storage/job-queue.ts';

export const SCHEDULE_QUEUE = 'weft-schedule';

const tickSchema = z.object({ flowId: z.string(), nodeId: z.string() });

export interface FlowSchedule {
  nodeId: string;
  cron: string;
  timezone: string;
  nextRunAt: string;
}

function scheduleTriggers(document: FlowDocument): { nodeId: string; params: ScheduleParams }[] {
  return document.nodes
    .filter((node) => node.type === 'core.schedule')
    .flatMap((node) => {
      const parsed = scheduleParams.safeParse(node.params);
      return parsed.success ? [{ nodeId: node.id, params: parsed.data }] : [];
    });
}

/** The schedule triggers of a live flow with their next firing time. */
export function describeSchedules(queue: JobQueue, document: FlowDocument): FlowSchedule[] {
  return scheduleTriggers(document).map(({ nodeId, params }) => ({
    nodeId,
    cron: params.cron,
    timezone: params.timezone,
    nextRunAt: queue.boss.previewSchedule(params.cron, { tz: params.timezone, count: 1 })[0]?.toISOString() ?? '',
  }));
}

/**
 * Makes pg-boss's schedules match a flow's live version: one per schedule trigger while it is
 * published (`document`), none once it is unpublished or deleted (`null`). pg-boss fires each
 * schedule once per tick however many Weft processes run.
 */
export async function syncSchedules(queue: JobQueue, flowId: string, document: FlowDocument | null): Promise<void> {
  const existing = await queue.boss.getSchedules(SCHEDULE_QUEUE);
  for (const schedule of existing.filter((item) => item.key.startsWith(`${flowId}/`))) await queue.boss.unschedule(SCHEDULE_QUEUE, schedule.key);
  if (document === null) return;
  for (const { nodeId, params } of scheduleTriggers(document)) {
    await queue.boss.schedule(SCHEDULE_QUEUE, params.cron, { flowId, nodeId }, { tz: params.timezone, key: `${flowId}/${nodeId}` });
  }
}

/** Turns each schedule tick into an execution of the flow's live version. */
export async function startScheduleWorker(options: { database: Database; queue: JobQueue; logger: Logger }): Promise<{ stop(): Promise<void> }> {
  await options.queue.boss.createQueue(SCHEDULE_QUEUE);
  await options.queue.boss.work(SCHEDULE_QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await startScheduledExecution(options, tickSchema.parse(job.data));
  });
  return { stop: () => options.queue.boss.offWork(SCHEDULE_QUEUE, { wait: true }) };
}

async function startScheduledExecution(options: { database: Database; queue: JobQueue; logger: Logger }, tick: z.infer<typeof tickSchema>) {
  const version = await findPublishedVersionNumber(options.database, tick.flowId);
  const published = version === undefined ? undefined : await findVersion(options.database, tick.flowId, version);
  const trigger = published === undefined ? undefined : scheduleTriggers(published.document).find((item) => item.nodeId === tick.nodeId);
  // A tick can race an unpublish; a flow that no longer has this trigger live starts nothing.
  if (published === undefined || trigger === undefined) return;
  const executionId = await acceptEvent(options.database, options.queue, {
    flowId: tick.flowId,
    flowVersion: published.version,
    draftDocument: null,
    triggerNode: tick.nodeId,
    mode: 'schedule',
    payload: { firedAt: new Date().toISOString(), cron: trigger.params.cron, timezone: trigger.params.timezone },
  });
  options.logger.log('info', 'schedule fired', { flowId: tick.flowId, nodeId: tick.nodeId, executionId });
}
