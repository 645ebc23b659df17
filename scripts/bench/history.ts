import type { Client } from '@temporalio/client';

/**
 * History events and billable Temporal Cloud actions of one workflow over the simulated year,
 * every run of its continue-as-new chain included.
 *
 * The action rule follows "Temporal Cloud Actions" (https://docs.temporal.io/cloud/actions),
 * counted from the history as Temporal Cloud's own estimate does, plus the rejected updates
 * (which leave no event):
 *   workflow started (client start or continue-as-new) ........ 1 per WorkflowExecutionStarted
 *   timer started (also `condition` with a timeout) ........... 1 per TimerStarted
 *   activity started or retried ................................ the attempt number of each ActivityTaskStarted
 *   search attribute upsert .................................... 1 per UpsertWorkflowSearchAttributes
 *   signal ..................................................... 1 per WorkflowExecutionSignaled, SignalExternal…Initiated
 *   update (accepted or rejected) .............................. 1 per WorkflowExecutionUpdateAccepted, + rejected
 *   local activities, side effects (markers) ................... 1 per workflow task that records any
 *   child workflow ............................................. 2 per StartChildWorkflowExecutionInitiated
 *   workflow options updated ................................... 1 per WorkflowExecutionOptionsUpdated
 * Queries count too; the benchmark sends none. Heartbeats count too: sendMails sends one only
 * when a batch has run for more than 10 s, which a local SMTP sink does not make happen.
 */
export const actionCategories = ['starts', 'timers', 'activities', 'updates', 'upserts', 'signals', 'markers', 'children', 'options'] as const;
export type ActionCategory = (typeof actionCategories)[number];

export interface ChainStats {
  workflowId: string;
  runs: number;
  events: number;
  actions: number;
  byCategory: Record<ActionCategory, number>;
  /** Activities scheduled (sendMail, or sendMails with a batch of mails). */
  activitiesScheduled: number;
  /** Activity attempts after the first. */
  retries: number;
  /** History events by what they belong to. */
  eventsBy: Record<EventGroup, number>;
}

export const eventGroups = ['workflowTask', 'activity', 'timer', 'update', 'other'] as const;
export type EventGroup = (typeof eventGroups)[number];

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

export async function chainStats(client: Client, workflowId: string, rejectedUpdates: number): Promise<ChainStats> {
  const stats: ChainStats = {
    workflowId,
    runs: 0,
    events: 0,
    actions: 0,
    byCategory: Object.fromEntries(actionCategories.map((c) => [c, 0])) as Record<ActionCategory, number>,
    activitiesScheduled: 0,
    retries: 0,
    eventsBy: Object.fromEntries(eventGroups.map((g) => [g, 0])) as Record<EventGroup, number>,
  };
  stats.byCategory.updates += rejectedUpdates;
  let runId: string | undefined;
  do {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    stats.runs++;
    stats.events += events.length;
    const markerTasks = new Set<string>();
    for (const e of events) count(e, stats, markerTasks);
    stats.byCategory.markers += markerTasks.size;
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  } while (runId);
  stats.actions = actionCategories.reduce((sum, c) => sum + stats.byCategory[c], 0);
  return stats;
}

function groupOf(e: HistoryEvent): EventGroup {
  if (e.workflowTaskScheduledEventAttributes || e.workflowTaskStartedEventAttributes || e.workflowTaskCompletedEventAttributes || e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes) return 'workflowTask';
  if (e.activityTaskScheduledEventAttributes || e.activityTaskStartedEventAttributes || e.activityTaskCompletedEventAttributes || e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes) return 'activity';
  if (e.timerStartedEventAttributes || e.timerFiredEventAttributes || e.timerCanceledEventAttributes) return 'timer';
  if (e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes) return 'update';
  return 'other';
}

function count(e: HistoryEvent, s: ChainStats, markerTasks: Set<string>): void {
  s.eventsBy[groupOf(e)]++;
  const c = s.byCategory;
  if (e.workflowExecutionStartedEventAttributes) c.starts++;
  else if (e.timerStartedEventAttributes) c.timers++;
  else if (e.activityTaskScheduledEventAttributes) s.activitiesScheduled++;
  else if (e.activityTaskStartedEventAttributes) {
    const attempt = e.activityTaskStartedEventAttributes.attempt || 1;
    c.activities += attempt;
    s.retries += attempt - 1;
  } else if (e.upsertWorkflowSearchAttributesEventAttributes) c.upserts++;
  else if (e.workflowExecutionSignaledEventAttributes || e.signalExternalWorkflowExecutionInitiatedEventAttributes) c.signals++;
  else if (e.workflowExecutionUpdateAcceptedEventAttributes) c.updates++;
  else if (e.markerRecordedEventAttributes) markerTasks.add(String(e.markerRecordedEventAttributes.workflowTaskCompletedEventId ?? e.eventId));
  else if (e.startChildWorkflowExecutionInitiatedEventAttributes) c.children += 2;
  else if (e.workflowExecutionOptionsUpdatedEventAttributes) c.options++;
}
