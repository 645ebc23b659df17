import type { UpdateDefinition } from '@temporalio/common';
import * as msg from '../../domain/delta/messages';
import { deltaCollaboration } from '../../workflows';
import { minute, readMails } from '../helpers/mail';
import { deltaInput, rejection, settled, useTimeline } from '../helpers/timeline';

// Steering a running collaboration: every update is checked before it is applied, a rejected
// one names the field and leaves the status exactly as it was. Agreed 1 March 2040; the
// planning meeting is 22 March, the start seminar (default) Wednesday 2 May 09:30–15:00.
const t = useTimeline('steering');
const id = 'delta-0007-2040';
const handle = () => t.env.client.workflow.getHandle(id);
const status = () => handle().query(msg.statusQuery);

/** The update's rejection message, after checking that it changed nothing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- invalid arguments on purpose
async function rejected(update: UpdateDefinition<any, any>, args?: unknown): Promise<string> {
  const { status: before } = await settled(handle(), status);
  const result = await rejection(handle().executeUpdate(update as never, args === undefined ? undefined : ({ args: [args] } as never)));
  expect(await status()).toEqual(before);
  return result;
}

beforeAll(async () => {
  await t.sleepUntil('2040-03-01T07:00:00Z');
  await t.env.client.workflow.start(deltaCollaboration, {
    taskQueue: t.taskQueue,
    workflowId: id,
    args: [deltaInput('0007', { planningStartSeminar: { start: '2040-03-22T10:00' } })],
  });
});

test('focus areas: only after the start seminar, exactly two, distinct, from the ten', async () => {
  await t.sleepUntil('2040-04-02T10:00:00Z');
  expect(await rejected(msg.chooseFocusAreasUpdate, { areas: [4, 5] })).toMatch(/^areas: områdene velges på eller etter oppstartseminar, som ikke er holdt ennå/);

  // The start seminar begins at 07:30 UTC on 2 May; it may be confirmed held once it has begun.
  expect(await rejected(msg.confirmHeldUpdate, { meeting: 'startSeminar' })).toBe('meeting: startSeminar har ikke begynt ennå');
  await t.sleepUntil('2040-05-02T10:00:00Z');
  const held = await handle().executeUpdate(msg.confirmHeldUpdate, { args: [{ meeting: 'startSeminar' }] });
  expect(held).toMatchObject({ state: 'held' });
  expect(await rejected(msg.confirmHeldUpdate, { meeting: 'startSeminar' })).toBe('meeting: startSeminar er allerede registrert som holdt');

  expect(await rejected(msg.chooseFocusAreasUpdate, { areas: [4] })).toBe('areas: velg nøyaktig 2 innsatsområder, ikke 1');
  expect(await rejected(msg.chooseFocusAreasUpdate, { areas: [4, 4] })).toBe('areas: samme område er valgt to ganger');
  expect(await rejected(msg.chooseFocusAreasUpdate, { areas: [4, 11] })).toMatch(/^areas\.1: /);
  expect(await rejected(msg.chooseFocusAreasUpdate, { areas: ['fire', 5] })).toMatch(/^areas\.0: må være nummeret på et innsatsområde/);
  expect(await rejected(msg.chooseFocusAreasUpdate, {})).toMatch(/^areas: /);

  const chosen = await handle().executeUpdate(msg.chooseFocusAreasUpdate, { args: [{ areas: [5, 9] }] });
  expect(chosen.phase).toBe('focusAreaWork');
  // The consequences are in place at once: each area's first meeting is planned.
  expect(chosen.meetings.filter((m) => m.area).map((m) => `${m.key}:${m.state}`)).toEqual([
    'area5.planningMeasures:scheduled',
    'area5.workSeminar:unscheduled',
    'area5.evaluationMeeting:unscheduled',
    'area9.planningMeasures:scheduled',
    'area9.workSeminar:unscheduled',
    'area9.evaluationMeeting:unscheduled',
  ]);
  expect(await rejected(msg.chooseFocusAreasUpdate, { areas: [1, 2] })).toBe('areas: innsatsområdene er allerede valgt (5 og 9)');
});

test('action plan, measures and evaluation: for a chosen area, complete, once', async () => {
  expect(await rejected(msg.submitActionPlanUpdate, { area: 4, text: 'Plan' })).toBe('area: innsatsområde 4 er ikke valgt; valgt er 5 og 9');
  expect(await rejected(msg.submitActionPlanUpdate, { area: 5, text: '  ' })).toBe('text: handlingsplanen er tom');
  expect(await rejected(msg.registerMeasuresUpdate, { area: 5, measures: [] })).toBe('measures: oppgi minst ett tiltak');
  expect(await rejected(msg.registerMeasuresUpdate, { area: 5, measures: [{ title: 'Ungdomsklubb', due: '1. juni' }] })).toMatch(/^measures\.0\.due: må være en dato/);
  expect(await rejected(msg.registerEvaluationUpdate, { area: 5, text: 'Vi nådde målene.', signedOn: '2040-05-02' })).toMatch(/^signedBy: /);
  expect(await rejected(msg.registerEvaluationUpdate, { area: 5, text: 'x', signedBy: 'Per Hansen', signedOn: '2040-06-01' })).toBe(
    'signedOn: 2040-06-01 er fram i tid',
  );

  const measures = await handle().executeUpdate(msg.registerMeasuresUpdate, {
    args: [{ area: 5, measures: [{ title: 'Rusfrie fredagskvelder', responsible: 'Kulturenheten', due: '2040-12-01' }] }],
  });
  expect(measures.focusAreas.find((a) => a.n === 5)?.measures).toEqual([
    { title: 'Rusfrie fredagskvelder', responsible: 'Kulturenheten', due: '2040-12-01', registeredAt: expect.stringMatching(/^2040-05-02T10:00/) },
  ]);
  const plan = await handle().executeUpdate(msg.submitActionPlanUpdate, { args: [{ area: 5, text: 'Mål: trygge møteplasser.' }] });
  expect(plan).toMatchObject({ key: 'area5.actionPlan', state: 'submitted' });
  expect(await rejected(msg.submitActionPlanUpdate, { area: 5, text: 'igjen' })).toBe('area: Handlingsplan – Ungdom og trygge oppvekstmiljø er allerede levert');
});

test('the leader hears of each milestone once, as it happens', async () => {
  await t.sleepUntil('2040-05-03T10:00:00Z');
  const mails = (await readMails(t.sink.mails)).filter((m) => m.kind === 'leaderSummary');
  expect(mails.map((m) => `${minute(m.date)} ${m.key.split('/')[1]} → ${m.to.join(',')}: ${m.subject}`)).toEqual([
    '2040-05-02T10:00 held.startSeminar → per@kommune.test: DelTa i Testvik kommune: Oppstartseminar er gjennomført',
    '2040-05-02T10:00 in.focusAreas → per@kommune.test: DelTa i Testvik kommune: Valg av innsatsområder er levert',
    '2040-05-02T10:00 in.area5.actionPlan → per@kommune.test: DelTa i Testvik kommune: Handlingsplan – Ungdom og trygge oppvekstmiljø er levert',
  ]);
});
