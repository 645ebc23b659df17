import { WorkflowNotFoundError } from '@temporalio/client';
import { planInput } from '../../client/plan';
import { updateLatestRun } from '../../client/steer';
import { answerStatusUpdate, endPlanUpdate, planStatusQuery, type PlanStatus } from '../../domain/plan/messages';
import { planCycle } from '../../workflows';
import { minute, readMails } from '../helpers/mail';
import { overhallaPlan } from '../helpers/plans';
import { historiesOfRuns } from '../helpers/runs';
import { useTimeline, type Timeline } from '../helpers/timeline';

// A plan whose run has grown past `continueAsNewAfterEvents` continues as new before the wait
// that follows a step, in the middle of a round (v4, `plan-continues-when-long`), carrying the round as it
// stands: Overhalla's 2040 round and the start of 2041 with a limit of 100 events send the same
// mail at the same minutes, and end in the same state, as with a limit no run reaches. Half the
// owners answer before the reminders, so what is carried decides who is reminded.
// Each runs alone on its own time-skipping server, as in continueAsNew.test.ts.
const plain = useTimeline('plan-can-plain');
const split = useTimeline('plan-can-split');
const { plan, directory } = overhallaPlan();
const id = 'plan-5047-2011';

/** The runs of the workflow from the first, following each continue-as-new: their event counts and last event times. */
async function runsOf(t: Timeline, firstRunId: string): Promise<{ events: number; endedAt: string }[]> {
  return (await historiesOfRuns(t.env.client, id, firstRunId)).map(({ events }) => ({
    events: events!.length,
    endedAt: new Date(Number(events!.at(-1)!.eventTime!.seconds) * 1000).toISOString(),
  }));
}

async function run(t: Timeline, limit: number) {
  await t.sleepUntil('2040-01-10T09:00:00Z');
  const input = { ...planInput(plan, directory, '2040-01-10'), continueAsNewAfterEvents: limit };
  const handle = await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId: id, args: [input] });
  await t.sleepUntil('2040-05-15T10:00:00Z');
  const measures = (await handle.query(planStatusQuery)).measures;
  const owners = [...new Set(measures.map((m) => m.owner))].sort();
  for (const m of measures.filter((x) => owners.indexOf(x.owner) % 2 === 0)) {
    await handle.executeUpdate(answerStatusUpdate, { args: [{ measure: m.id, status: 'green', comment: 'Svar' }] });
  }
  await t.sleepUntil('2041-02-01T10:00:00Z');
  const status = await handle.query(planStatusQuery);
  const mails = (await readMails(t.sink.mails)).map((m) => `${minute(m.date)} ${m.kind} ${m.key.split('/').slice(1).join('/')} → ${m.to.join(',')}`);
  return { status, mails: [...new Set(mails)].sort(), runs: await runsOf(t, handle.firstExecutionRunId), firstRunId: handle.firstExecutionRunId };
}

// Steps due at the same minute are performed side by side: their records may come in either order.
const toMinute = (s: PlanStatus) => {
  const rounded = JSON.parse(JSON.stringify(s).replace(/(T\d\d:\d\d):\d\d\.\d{3}Z/g, '$1')) as PlanStatus;
  const byMoment = (a: PlanStatus['sent'][number], b: PlanStatus['sent'][number]) => `${a.at} ${a.kind} ${a.to}`.localeCompare(`${b.at} ${b.kind} ${b.to}`);
  return { ...rounded, sent: [...rounded.sent].sort(byMoment), failed: [...rounded.failed].sort(byMoment) };
};

let firstRunOfSplit = '';

test('a plan that continues as new within its round sends the same mail and keeps the same state', async () => {
  const [a, b] = await Promise.all([run(plain, 10_000), run(split, 100)]);
  firstRunOfSplit = b.firstRunId;
  // Requests, reminders for the half that did not answer, escalations, the yearly report.
  expect(a.mails.filter((l) => l.includes(' statusReminder ')).length).toBeGreaterThan(3);
  expect(a.mails.filter((l) => l.includes(' yearlyReport ')).length).toBe(3);
  expect(b.mails).toEqual(a.mails);
  expect(toMinute(b.status)).toEqual(toMinute(a.status));
  // Without a limit a run lasts its round: the 2040 round's run ends when it closes, 11 June.
  expect(a.runs).toHaveLength(2);
  expect(a.runs[0].endedAt.slice(0, 10)).toBe('2040-06-11');
  // With one, the round was split: its first run ended before the round closed, soon after the limit.
  expect(b.runs.length).toBeGreaterThan(a.runs.length);
  expect(b.runs[0].endedAt < '2040-06-11').toBe(true);
  expect(Math.max(...b.runs.map((r) => r.events))).toBeLessThan(160);
});

// The answer reaches a run that has continued as new (as when it is sent in the moment the run
// closes): the server turns it away and the client sends it to the run that carries on, where it
// is applied once. To a plan that has ended it is not sent again.
test('an update turned away by a run that continued as new goes to the run that carries on', async () => {
  expect(firstRunOfSplit).not.toBe('');
  const client = split.env.client;
  const latest = client.workflow.getHandle(id);
  const closedRun = client.workflow.getHandle(id, firstRunOfSplit);
  const measure = (await latest.query(planStatusQuery)).measures.find((m) => m.status !== 'done')!.id;
  const reached: string[] = [];
  const status = await updateLatestRun(latest, (h) => {
    const target = reached.length ? h : closedRun;
    reached.push(target === closedRun ? 'closed run' : 'latest run');
    return target.executeUpdate(answerStatusUpdate, { args: [{ measure, status: 'done', comment: 'Ferdig' }] });
  });
  expect(reached).toEqual(['closed run', 'latest run']);
  // Done, the measure is no longer among those the plan follows up.
  expect(status.measures.map((m) => m.id)).not.toContain(measure);
  expect((await latest.query(planStatusQuery)).measures.map((m) => m.id)).not.toContain(measure);

  await latest.executeUpdate(endPlanUpdate, { args: [{ successor: 'plan-5047-2016' }] });
  await latest.result();
  let attempts = 0;
  const refused = updateLatestRun(latest, (h) => {
    attempts++;
    return h.executeUpdate(answerStatusUpdate, { args: [{ measure, status: 'done' }] });
  });
  await expect(refused).rejects.toBeInstanceOf(WorkflowNotFoundError);
  expect(attempts).toBe(1);
});
