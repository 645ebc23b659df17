import { loadProgramme } from '../../client/files';
import { planInput } from '../../client/plan';
import * as delta from '../../domain/delta/messages';
import * as plan from '../../domain/plan/messages';
import { deltaCollaboration, planCycle } from '../../workflows';
import { minute, readMails } from '../helpers/mail';
import { overhallaPlan } from '../helpers/plans';
import { deltaInput, rejection, useTimeline } from '../helpers/timeline';

// A KoRus centre changes its templates while collaborations and plans run: the changes reach
// them through a reload update and apply from the next step on. The collaboration's planning
// meeting is Tuesday 27 March 2040 10:00; the plan's 2040 round answers are due Monday 28 May.
const t = useTimeline('reload');
const deltaId = 'delta-0042-2040';
const planId = 'plan-5047-2011';

test('a changed agenda and reminder cadence reach a running collaboration; a changed structure is refused', async () => {
  await t.sleepUntil('2040-03-01T07:00:00Z');
  const handle = await t.env.client.workflow.start(deltaCollaboration, {
    taskQueue: t.taskQueue,
    workflowId: deltaId,
    args: [deltaInput('0042', { planningStartSeminar: { start: '2040-03-27T10:00', location: 'Rådhuset' } })],
  });
  await t.sleepUntil('2040-03-05T10:00:00Z');

  const edited = loadProgramme('delta');
  edited.meetings.planningStartSeminar.agenda = { nb: ['Gjennomgang av Ungdata-tallene for kommunen', 'Hvem bør være med på seminaret?'] };
  edited.meetings.planningStartSeminar.reminderWorkingDaysBefore = [4];
  const reordered = { ...loadProgramme('delta'), sequence: ['startSeminar', 'planningStartSeminar'] };
  const before = await handle.query(delta.statusQuery);
  expect(await rejection(handle.executeUpdate(delta.reloadProgrammeUpdate, { args: [{ programme: reordered }] }))).toBe(
    'programme.sequence: kan ikke endres i et samarbeid som er i gang (var planningStartSeminar,startSeminar, nå startSeminar,planningStartSeminar)',
  );
  expect(await rejection(handle.executeUpdate(delta.reloadProgrammeUpdate, { args: [{ programme: { ...edited, durationYears: 0 } }] }))).toMatch(
    /^programme\.durationYears: /,
  );
  expect(await handle.query(delta.statusQuery)).toEqual(before);
  await handle.executeUpdate(delta.reloadProgrammeUpdate, { args: [{ programme: edited }] });

  await t.sleepUntil('2040-03-27T12:00:00Z');
  const mails = (await readMails(t.sink.mails)).filter((m) => m.key.startsWith(`${deltaId}/planningStartSeminar/`));
  // Invited 10 working days before, as before; reminded 4 working days before (Wednesday 21 March) instead of 2.
  expect(mails.map((m) => `${minute(m.date)} ${m.kind}`).sort()).toEqual([
    '2040-03-13T08:00 invitation',
    '2040-03-13T08:00 invitation',
    '2040-03-21T08:00 meetingReminder',
    '2040-03-21T08:00 meetingReminder',
    '2040-03-27T10:00 referatRequest',
  ]);
  const invitation = mails.find((m) => m.kind === 'invitation')!;
  expect(invitation.text).toContain('Gjennomgang av Ungdata-tallene for kommunen');
  expect(invitation.text).not.toContain('Hva ønsker kommunen å få ut av oppstartseminaret?');
});

test("a changed reminder cadence reaches a running plan's next round", async () => {
  const { plan: imported, directory } = overhallaPlan();
  const input = planInput(imported, directory, '2040-03-05');
  const handle = await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId: planId, args: [input] });
  await t.sleepUntil('2040-04-02T10:00:00Z');
  const data = { cycle: { ...input.cycle, round: { ...input.cycle.round, reminderWorkingDaysBefore: [5] } }, revision: input.revision };
  expect(await rejection(handle.executeUpdate(plan.reloadPlanTemplatesUpdate, { args: [{ ...data, cycle: { ...data.cycle, round: { ...data.cycle.round, opensOn: '31-02' } } }] }))).toMatch(
    /^cycle\.round\.opensOn: /,
  );
  await handle.executeUpdate(plan.reloadPlanTemplatesUpdate, { args: [data] });
  await t.sleepUntil('2040-05-25T10:00:00Z');

  // Nobody answers: every owner is reminded 5 working days before Monday 28 May — Friday
  // 18 May (Whit Monday 21 May and 17 May are holidays) — and not on 23 May.
  const reminders = (await readMails(t.sink.mails)).filter((m) => m.key.startsWith(`${planId}/`) && m.kind === 'statusReminder');
  expect(reminders.length).toBeGreaterThanOrEqual(10);
  expect(new Set(reminders.map((m) => minute(m.date)))).toEqual(new Set(['2040-05-18T07:00']));
});
