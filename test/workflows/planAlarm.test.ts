import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { planInput } from '../../client/plan';
import { answerStatusUpdate, planStatusQuery } from '../../domain/plan/messages';
import { planCycle } from '../../workflows';
import { minute, readMails } from '../helpers/mail';
import { overhallaPlan } from '../helpers/plans';
import { useTimeline } from '../helpers/timeline';

// A plan waits on an alarm clock (v3, `plan-waits-on-alarm`): the answers that come in while it
// waits for the next reminder wake it, and it waits again on the timer it already has instead of
// cancelling it and starting the same one anew.
const t = useTimeline('plan-alarm');
const { plan, directory } = overhallaPlan();
const id = 'plan-5047-2011';
const handle = () => t.env.client.workflow.getHandle(id);

type Event = temporal.api.history.v1.IHistoryEvent;
/** When each started timer is due: its event time plus its start-to-fire timeout. */
const dueTimes = (events: Event[]) =>
  events.filter((e) => e.timerStartedEventAttributes).map((e) => new Date(tsToMs(e.eventTime) + tsToMs(e.timerStartedEventAttributes!.startToFireTimeout)).toISOString());

test('answers while the plan waits: each wakes it, no timer is cancelled or started twice, and the reminder still comes on its day to the one who did not answer', async () => {
  await t.sleepUntil('2040-01-10T09:00:00Z');
  await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId: id, args: [planInput(plan, directory, '2040-01-10')] });
  await t.sleepUntil('2040-05-20T10:00:00Z');
  const before = await handle().query(planStatusQuery);
  const answering = before.measures.filter((m) => m.owner !== 'Jordmor');
  for (const m of answering) {
    const after = await handle().executeUpdate(answerStatusUpdate, { args: [{ measure: m.id, status: 'green' }] });
    expect(after.measures.find((x) => x.id === m.id)?.status).toBe('green');
  }
  await t.sleepUntil('2040-05-24T10:00:00Z');

  const reminders = (await readMails(t.sink.mails.splice(0))).filter((m) => m.kind === 'statusReminder');
  expect(reminders.map((m) => `${minute(m.date)} ${m.to.join(',')}`)).toEqual(['2040-05-23T07:00 liv.strand@overhalla.example']);

  const { events } = await handle().fetchHistory();
  const updates = events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  expect(updates).toBe(answering.length);
  expect(events!.filter((e) => e.timerCanceledEventAttributes)).toEqual([]);
  const due = dueTimes(events!);
  expect(due.length).toBeGreaterThan(0);
  expect(new Set(due).size).toBe(due.length);
});
