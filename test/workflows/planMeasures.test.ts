import type { UpdateDefinition } from '@temporalio/common';
import { planInput } from '../../client/plan';
import { resolveOwner } from '../../domain/plan/directory';
import * as msg from '../../domain/plan/messages';
import { planCycle } from '../../workflows';
import { minute, readMails } from '../helpers/mail';
import { overhallaPlan } from '../helpers/plans';
import { rejection, useTimeline } from '../helpers/timeline';

// Changing a running plan: a measure added with a due date is followed up between rounds; a
// measure changes owner; one is retired. Overhalla's plan, imported 10 January 2040.
const t = useTimeline('plan-measures');
const id = 'plan-5047-2011';
const handle = () => t.env.client.workflow.getHandle(id);
const { plan, directory } = overhallaPlan();
const status = () => handle().query(msg.planStatusQuery);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- invalid arguments on purpose
async function rejected(update: UpdateDefinition<any, any>, args: unknown): Promise<string> {
  const before = await status();
  const result = await rejection(handle().executeUpdate(update as never, { args: [args] } as never));
  expect(await status()).toEqual(before);
  return result;
}

test('add, change owner, retire; every bad update is refused and changes nothing', async () => {
  await t.sleepUntil('2040-01-10T09:00:00Z');
  await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId: id, args: [planInput(plan, directory, '2040-01-10')] });
  const kultur = resolveOwner(directory, 'Kultur')!;
  const helse = resolveOwner(directory, 'Helse')!;
  const added = {
    id: '5.1',
    goal: 'Tydelig folkehelseperspektiv',
    measure: 'Rusfri 17. mai-feiring for ungdom',
    period: { kind: 'due' as const, due: '2040-06-01' },
    owner: kultur,
    coOwners: [],
  };
  await handle().executeUpdate(msg.addMeasureUpdate, { args: [{ measure: added }] });
  await handle().executeUpdate(msg.changeOwnerUpdate, { args: [{ measure: '1.1', owner: helse }] });
  const after = await handle().executeUpdate(msg.retireMeasureUpdate, { args: [{ measure: '1.2' }] });
  expect(after.retired).toEqual(['1.2']);
  expect(after.measures.find((m) => m.id === '1.1')?.owner).toBe('Helse');

  expect(await rejected(msg.addMeasureUpdate, { measure: added })).toBe('measure.id: planen har allerede et tiltak 5.1');
  expect(await rejected(msg.addMeasureUpdate, { measure: { ...added, id: '5.2', period: { kind: 'due', due: '1. juni' } } })).toMatch(/^measure\.period\.due: /);
  expect(await rejected(msg.retireMeasureUpdate, { measure: '1.2' })).toBe('measure: tiltak 1.2 er tatt ut av planen');
  expect(await rejected(msg.retireMeasureUpdate, { measure: '9.9' })).toBe('measure: planen har ikke noe tiltak 9.9');
  expect(await rejected(msg.changeOwnerUpdate, { measure: '1.1', owner: helse })).toBe('owner: Helse har allerede ansvaret for tiltak 1.1');
  expect(await rejected(msg.changeMeasureUpdate, { measure: '1.3' })).toBe('(input): oppgi minst én av text, goal og period');

  // Kultur reports the new measure done on 12 June: the overdue digests stop.
  await t.sleepUntil('2040-06-12T10:00:00Z');
  await handle().executeUpdate(msg.answerStatusUpdate, { args: [{ measure: '5.1', status: 'done' }] });
  await t.sleepUntil('2040-07-10T10:00:00Z');

  const mails = await readMails(t.sink.mails);
  const followUp = mails.filter((m) => m.key.split('/')[1] === 'followUp').map((m) => `${minute(m.date)} ${m.kind} → ${m.to.join(',')}`);
  // 28 and 7 days before 1 June (4 and 25 May); overdue from 2 June: Monday 4 June, then 11 June.
  expect(followUp).toEqual([
    '2040-05-04T07:00 measureDueSoon → ola.moen@overhalla.example',
    '2040-05-25T07:00 measureDueSoon → ola.moen@overhalla.example',
    '2040-06-04T07:00 overdueDigest → ola.moen@overhalla.example',
    '2040-06-11T07:00 overdueDigest → ola.moen@overhalla.example',
  ]);
  // The round asks Helse about 1.1 now, and nobody about the retired 1.2.
  // (Kari Nordmann answers for more than one owner: the request is picked by owner.)
  const requestTo = (owner: string) => mails.find((m) => m.kind === 'statusRequest' && m.key.endsWith(`/${owner}`))!.text;
  expect(requestTo('Helse')).toMatch(/\n {2}- 1\.1 PREMIS/);
  expect(requestTo('Oppvekst')).not.toMatch(/- 1\.[12] /);
  expect(requestTo('Kultur')).toMatch(/- 5\.1 Rusfri 17\. mai-feiring for ungdom/);
}, 90_000);
