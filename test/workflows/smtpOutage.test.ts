import { planInput } from '../../client/plan';
import { planStatusQuery } from '../../domain/plan/messages';
import { startSmtpSink } from '../../infra/smtpSink';
import { planCycle } from '../../workflows';
import { readMails } from '../helpers/mail';
import { overhallaPlan } from '../helpers/plans';
import { useTimeline } from '../helpers/timeline';

// The mail server is down when the yearly round's fifteen requests go out (2 May 2040, 09:00)
// and comes back three hours later: every request still arrives, none twice, each dated when it
// was meant to go, and the plan records none as failed. The sends go on in the background, so
// one refused mail holds up no other; the retries wait with backoff on the time-skipping server.
const t = useTimeline('smtp-outage');
const { plan, directory } = overhallaPlan();
const owners = new Set(plan.measures.map((m) => m.owner.owner)).size;

test('mail sent while the SMTP server is down arrives once it is back, exactly once', async () => {
  await t.sleepUntil('2040-01-10T09:00:00Z');
  const handle = await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId: 'plan-5047-2011', args: [planInput(plan, directory, '2040-01-10')] });
  const port = t.sink.port;
  await t.sleepUntil('2040-05-02T06:00:00Z');
  await t.sink.close();

  await t.sleepUntil('2040-05-02T10:00:00Z'); // three hours of refused connections
  const during = await handle.query(planStatusQuery);
  expect(during.sent.filter((s) => s.kind === 'statusRequest')).toEqual([]);

  const back = await startSmtpSink({ port });
  try {
    await t.sleepUntil('2040-05-02T14:00:00Z');
    await back.waitFor(owners, 30_000);
    const mails = await readMails(back.mails);
    const requests = mails.filter((m) => m.kind === 'statusRequest');
    expect(requests).toHaveLength(owners);
    expect(new Set(requests.map((m) => m.messageId)).size).toBe(owners);
    // Dated when they were meant to go (to the minute: the loaded test server may fire a
    // timer a second late), not three hours later when the server took them.
    expect(new Set(requests.map((m) => m.date.toISOString().slice(0, 16)))).toEqual(new Set(['2040-05-02T07:00']));
    const after = await handle.query(planStatusQuery);
    expect(after.sent.filter((s) => s.kind === 'statusRequest')).toHaveLength(owners);
    expect(after.failed).toEqual([]);
  } finally {
    await back.close();
  }
}, 90_000);
