import type { temporal } from '@temporalio/proto';
import { planInput } from '../../client/plan';
import { planStatusQuery } from '../../domain/plan/messages';
import { startSmtpSink } from '../../infra/smtpSink';
import { planCycle } from '../../workflows';
import { readMails } from '../helpers/mail';
import { overhallaPlan } from '../helpers/plans';
import { useTimeline } from '../helpers/timeline';

// A plan hands the mails of one moment to one local activity (v2, `plan-sends-in-batches`). Each
// mail still has its own outcome: a refused address fails alone and the coordinator hears of
// it; a mail server down for more than a day fails the batch, each mail is tried once more on
// its own, and what still cannot go is recorded as failed, with a notice once mail flows again.
const refused = 'ola.moen@overhalla.example';
const t = useTimeline('plan-batches', { rejectRecipients: [refused] });
const { plan, directory } = overhallaPlan();
const id = 'plan-5047-2011';
const handle = () => t.env.client.workflow.getHandle(id);
const owners = [...new Set(plan.measures.map((m) => m.owner.owner))];
const emailOf = (owner: string) => directory.owners.find((o) => o.owner === owner || o.aliases?.includes(owner))!.email;
const refusedOwners = owners.filter((o) => emailOf(o) === refused);

type Event = temporal.api.history.v1.IHistoryEvent;
const inMinute = (e: Event, minute: string) => new Date(Number(e.eventTime!.seconds) * 1000).toISOString().startsWith(minute);
/** Local activities recorded in a minute (event times follow the skipped clock). */
const localActivitiesIn = (events: Event[], minute: string) =>
  events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity' && inMinute(e, minute)).length;

test('the round goes out in one local activity; a refused address fails alone and the coordinator is told', async () => {
  expect(refusedOwners.length).toBeGreaterThan(0);
  await t.sleepUntil('2040-01-10T09:00:00Z');
  await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId: id, args: [planInput(plan, directory, '2040-01-10')] });
  await t.sleepUntil('2040-05-02T07:30:00Z');

  const mails = await readMails(t.sink.mails.splice(0));
  const requests = mails.filter((m) => m.kind === 'statusRequest');
  expect(requests).toHaveLength(owners.length - refusedOwners.length);
  expect(requests.flatMap((m) => m.to)).not.toContain(refused);
  const notices = mails.filter((m) => m.kind === 'deliveryFailed');
  expect(notices.map((m) => m.to)).toEqual(refusedOwners.map(() => [directory.coordinator.email]));
  expect(notices[0].text).toContain(refused);

  const status = await handle().query(planStatusQuery);
  const requestsOf = (list: typeof status.sent) => list.filter((r) => r.kind === 'statusRequest').map((r) => r.to).sort();
  expect(requestsOf(status.failed)).toEqual([...refusedOwners].sort());
  expect(requestsOf(status.sent)).toEqual(owners.filter((o) => !refusedOwners.includes(o)).sort());

  // 09:00 in Overhalla: the fifteen requests in one local activity, then the notice in another;
  // no activity of the ordinary kind all year.
  const { events } = await handle().fetchHistory();
  expect(localActivitiesIn(events!, '2040-05-02T07:00')).toBe(2);
  expect(events!.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
});

test('a mail server down for more than a day: the round is recorded as failed, and the coordinator hears once it is back', async () => {
  const port = t.sink.port;
  // Next year's round, in the run the plan continued as new into.
  await t.sleepUntil('2041-05-02T06:00:00Z');
  t.sink.mails.splice(0);
  await t.sink.close();
  await t.sleepUntil('2041-05-03T08:00:00Z'); // the batch gave up after a day; each mail was tried once more
  const status = await handle().query(planStatusQuery);
  const requests2041 = (list: typeof status.sent) => list.filter((r) => r.kind === 'statusRequest' && r.year === 2041).map((r) => r.to).sort();
  expect(requests2041(status.failed)).toEqual([...owners].sort());
  expect(requests2041(status.sent)).toEqual([]);

  const back = await startSmtpSink({ port, rejectRecipients: [refused] });
  try {
    await t.sleepUntil('2041-05-03T12:00:00Z');
    const notices = (await readMails(back.mails)).filter((m) => m.kind === 'deliveryFailed');
    // One notice per refused request, to the coordinator, naming the address (none about the coordinator's own).
    const named = owners.filter((o) => emailOf(o) !== directory.coordinator.email).map(emailOf);
    for (const address of named) expect(notices.some((m) => m.text.includes(address))).toBe(true);
    expect(new Set(notices.flatMap((m) => m.to))).toEqual(new Set([directory.coordinator.email]));
    expect(new Set(notices.map((m) => m.messageId)).size).toBe(notices.length);
  } finally {
    await back.close();
  }
}, 120_000);
