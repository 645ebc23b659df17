import { planInput } from '../../client/plan';
import { planCycle } from '../../workflows';
import { readMails } from '../helpers/mail';
import { overhallaPlan } from '../helpers/plans';
import { useTimeline } from '../helpers/timeline';

// A worker keeps fewer workflows in memory than it runs (PLANSYKLUS_WORKFLOW_CACHE): the others
// are replayed from history at each step. Six plans open their round at the same minute with
// room for two: every owner of every plan still gets one request, and no workflow task is lost
// to an eviction (a plan evicted while its mails were out would have to time out and run again).
const t = useTimeline('plan-small-cache', {}, { maxCachedWorkflows: 2 });
const { plan, directory } = overhallaPlan();
const ids = Array.from({ length: 6 }, (_, i) => `plan-5047-2011-copy${i}`);
const owners = new Set(plan.measures.map((m) => m.owner.owner));

test('six plans on a worker that keeps two: every request goes out once, no workflow task times out', async () => {
  await t.sleepUntil('2040-01-10T09:00:00Z');
  const input = planInput(plan, directory, '2040-01-10');
  await Promise.all(ids.map((workflowId) => t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId, args: [input] })));
  await t.sleepUntil('2040-05-02T08:00:00Z');

  const requests = (await readMails(t.sink.mails.splice(0))).filter((m) => m.kind === 'statusRequest');
  expect(requests).toHaveLength(ids.length * owners.size);
  expect(new Set(requests.map((m) => m.messageId)).size).toBe(requests.length);
  for (const id of ids) expect(requests.filter((m) => m.key.startsWith(`${id}/`))).toHaveLength(owners.size);

  for (const id of ids) {
    const { events } = await t.env.client.workflow.getHandle(id).fetchHistory();
    expect(events!.filter((e) => e.workflowTaskTimedOutEventAttributes)).toEqual([]);
  }
}, 180_000);
