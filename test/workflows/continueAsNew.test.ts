import type { DeltaStatus } from '../../domain/delta/status';
import { deltaCollaboration } from '../../workflows';
import { minute, readMails } from '../helpers/mail';
import { deltaInput, useTimeline, type Timeline } from '../helpers/timeline';

// A collaboration carries its whole state across continue-as-new: the same two years with a
// history limit of 100 events send exactly the same mail, at the same times, as without one.
// Each runs alone on its own time-skipping server (the test server may skip time while a
// continued run's first task is pending when another workflow has a timer waiting).
const plain = useTimeline('can-plain');
const split = useTimeline('can-split');

async function run(t: Timeline, limit: number): Promise<{ status: DeltaStatus; mails: string[]; continued: boolean; firstRunEvents: number }> {
  await t.sleepUntil('2040-03-01T07:00:00Z');
  const id = 'delta-0011-2040';
  const input = { ...deltaInput('0011', { planningStartSeminar: { start: '2040-03-22T10:00' } }), continueAsNewAfterEvents: limit };
  const handle = await t.env.client.workflow.start(deltaCollaboration, { taskQueue: t.taskQueue, workflowId: id, args: [input] });
  const status = await handle.result();
  // Unique, as a mail client shows them: on the time-skipping server an activity can time out
  // while its mail is on the way and be retried (same Message-ID); see issue 6's sent-log.
  const mails = [...new Set((await readMails(t.sink.mails)).map((m) => `${minute(m.date)} ${m.kind} ${m.key.split('/').slice(1).join('/')}`))].sort();
  const first = (await t.env.client.workflow.getHandle(id, handle.firstExecutionRunId).fetchHistory()).events!;
  const continued = !!first[first.length - 1].workflowExecutionContinuedAsNewEventAttributes;
  return { status, mails, continued, firstRunEvents: first.length };
}

// Instants to the minute: a step runs when its workflow task does, a few milliseconds after its timer.
// Steps due at the same minute send side by side, so their records may come in either order.
const byMoment = (a: { at: string; kind: string; subject: string }, b: typeof a) =>
  `${a.at} ${a.kind} ${a.subject}`.localeCompare(`${b.at} ${b.kind} ${b.subject}`);
const toMinute = (s: DeltaStatus) => {
  const rounded = JSON.parse(JSON.stringify(s).replace(/(T\d\d:\d\d):\d\d\.\d{3}Z/g, '$1')) as DeltaStatus;
  return { ...rounded, sent: [...rounded.sent].sort(byMoment) };
};

test('continue-as-new keeps every meeting, deadline and mail', async () => {
  const [a, b] = await Promise.all([run(plain, 10_000), run(split, 100)]);
  expect(b.mails.length).toBeGreaterThan(15);
  expect(b.mails).toEqual(a.mails);
  expect(toMinute(b.status)).toEqual(toMinute(a.status));
  expect(a.continued).toBe(false);
  // The split one really continued as new, its first run ending soon after the limit.
  expect(b.continued).toBe(true);
  expect(b.firstRunEvents).toBeLessThan(160);
});
