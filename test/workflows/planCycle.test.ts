import { formatPlanStatus, planInput } from '../../client/plan';
import { answerStatusUpdate, planReportQuery, planStatusQuery } from '../../domain/plan/messages';
import { summarise } from '../../domain/plan/report';
import { planCycle } from '../../workflows';
import { minute, readMails, type SeenMail } from '../helpers/mail';
import { overhallaPlan } from '../helpers/plans';
import { rejection, useTimeline } from '../helpers/timeline';

// Overhalla's action plan (examples/plans/overhalla-2011.csv, 22 measures, 15 owners) run for
// four yearly rounds, 2040–2043, on the time-skipping server. Each year every owner answers in
// time except the midwife ("Jordmor"), who never answers; in 2040 "Namsos" marks its measure done.
const t = useTimeline('plan-cycle');
const id = 'plan-5047-2011';
const handle = () => t.env.client.workflow.getHandle(id);
const { plan, directory } = overhallaPlan();
const input = planInput(plan, directory, '2040-01-10');
const owners = [...new Set(plan.measures.map((m) => m.owner.owner))];
let mails: SeenMail[] = [];
const line = (m: SeenMail) => `${minute(m.date)} ${m.kind} ${m.key.split('/').slice(1).join('/')} → ${m.to.join(',')}`;

/** Everyone but the midwife answers each measure on the given day; Namsos is done in 2040. */
async function answerRound(year: number, day: string) {
  await t.sleepUntil(`${day}T10:00:00Z`);
  const status = await handle().query(planStatusQuery);
  expect(status.round.year).toBe(year);
  for (const m of status.measures.filter((x) => x.owner !== 'Jordmor')) {
    const traffic = m.owner === 'Namsos' ? 'done' : m.owner === 'Kultur' ? 'red' : 'green';
    await handle().executeUpdate(answerStatusUpdate, { args: [{ measure: m.id, status: traffic, comment: `Svar ${year}` }] });
  }
}

test('four yearly rounds: one request per owner, reminders and escalation for the missing answers, a report to the leaders, a new run each year', async () => {
  await t.sleepUntil('2040-01-10T09:00:00Z');
  await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId: id, args: [input] });
  expect(input.firstRound).toBe(2040);
  expect(await rejection(handle().executeUpdate(answerStatusUpdate, { args: [{ measure: '1.1', status: 'green' }] }))).toBe(
    'runden for 2040 har ikke startet ennå; den åpner 2040-05-02 (bare «ferdig» kan meldes før det)',
  );

  // 2040: requests Wednesday 2 May 09:00 (1 May is a holiday); due 15 working days on = 28 May
  // (Ascension 10 May, 17 May and Whit Monday 21 May off).
  await answerRound(2040, '2040-05-15');
  expect(await rejection(handle().executeUpdate(answerStatusUpdate, { args: [{ measure: '9.9', status: 'green' }] }))).toBe(
    'measure: planen har ikke noe tiltak 9.9',
  );
  expect(await rejection(handle().executeUpdate(answerStatusUpdate, { args: [{ measure: '1.1', status: 'blå' as never }] }))).toMatch(/^status: må være green/);
  await answerRound(2041, '2041-05-20');
  await answerRound(2042, '2042-05-20');
  await answerRound(2043, '2043-05-22');
  await t.sleepUntil('2043-12-20T10:00:00Z');

  mails = await readMails(t.sink.mails);
  const of2040 = mails.filter((m) => m.key.split('/')[1] === '2040').map(line).sort();
  const requests = of2040.filter((l) => l.includes(' statusRequest '));
  expect(requests).toHaveLength(owners.length);
  expect(requests.every((l) => l.startsWith('2040-05-02T07:00 statusRequest'))).toBe(true);
  // Only the midwife is chased: 3 working days before the due date (23 May), 2 after (30 May),
  // her leader 6 after (5 June, copy to the coordinator); the round closes 10 after (11 June).
  expect(of2040.filter((l) => !l.includes(' statusRequest '))).toEqual([
    '2040-05-23T07:00 statusReminder 2040/statusReminder-before-3/Jordmor → liv.strand@overhalla.example',
    '2040-05-30T07:00 statusReminder 2040/statusReminder-after-2/Jordmor → liv.strand@overhalla.example',
    '2040-06-05T07:00 statusEscalation 2040/statusEscalation/Jordmor → per.hansen@overhalla.example',
    '2040-06-11T07:00 yearlyReport 2040/yearlyReport/coordinator → kari.nordmann@overhalla.example',
    '2040-06-11T07:00 yearlyReport 2040/yearlyReport/leader-1 → per.hansen@overhalla.example',
    '2040-06-11T07:00 yearlyReport 2040/yearlyReport/leader-2 → tone.aune@overhalla.example',
  ]);
  const escalation = mails.find((m) => m.kind === 'statusEscalation')!;
  expect(escalation.cc).toEqual(['kari.nordmann@overhalla.example']);
  expect(escalation.subject).toBe('Status mangler for tiltak i handlingsplanen (Jordmor)');

  // The same rhythm every year; Namsos' measure, done in 2040, is not asked about again.
  for (const year of [2041, 2042, 2043]) {
    const kinds = mails.filter((m) => m.key.split('/')[1] === String(year)).map((m) => m.kind);
    expect(kinds.filter((k) => k === 'statusRequest')).toHaveLength(owners.length - 1);
    expect(kinds.filter((k) => k === 'statusEscalation')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'yearlyReport')).toHaveLength(3);
  }
  expect(mails.filter((m) => m.kind === 'statusRequest' && m.to[0] === 'hans.dahl@overhalla.example').map((m) => m.key.split('/')[1])).toEqual(['2040']);

  // The yearly report: counts by traffic light, the bar picture, the late answers named.
  const report = mails.find((m) => m.kind === 'yearlyReport' && m.key.startsWith(`${id}/2043/`))!;
  expect(report.subject).toBe('Årsrapport 2043: Rusmiddelpolitisk handlingsplan 2011–2015');
  expect(report.html).toContain('Jordmor');
  expect(report.text).toMatch(/Grønn\s+█+░*\s+\d+/);
  expect(report.text).toContain('Sene og manglende svar');

  // The revision for the council term from the 2043 election (Monday 14 September): the plan
  // owner is reminded 10 and 2 working days before the decision to revise (two months into the
  // term: Tuesday 1 December 2043), and on the day; the legal anchor is in the mail.
  const revision = mails.filter((m) => m.kind === 'revisionMilestone').map(line);
  expect(revision).toEqual([
    '2043-11-17T08:00 revisionMilestone revision-revisionDecision/2043-11-17/coordinator → kari.nordmann@overhalla.example',
    '2043-11-27T08:00 revisionMilestone revision-revisionDecision/2043-11-27/coordinator → kari.nordmann@overhalla.example',
    '2043-12-01T08:00 revisionMilestone revision-revisionDecision/2043-12-01/coordinator → kari.nordmann@overhalla.example',
  ]);
  expect(mails.find((m) => m.kind === 'revisionMilestone')!.text).toContain('§ 1-7d');

  // The report query gives the same data at any time; the plan now waits for the 2044 round.
  const data = await handle().query(planReportQuery);
  expect(data.year).toBe(2044);
  const last = await handle().query(planStatusQuery);
  expect(last.round).toMatchObject({ year: 2044, due: expect.stringMatching(/^2044-05-/) });
  expect(summarise({ ...data, measures: data.measures }).total).toBe(plan.measures.length - 1);

  // The plan keeps the records of this round's mail and the last round's (v5); the older ones
  // are counted, and the status still counts every mail that went out.
  expect([...new Set(last.sent.map((r) => r.year))].sort()).toEqual([2043, 2044]);
  const older = mails.filter((m) => ['2040', '2041', '2042'].includes(m.key.split('/')[1]));
  expect(older.length).toBeGreaterThan(3 * owners.length);
  expect(last.earlier).toEqual({ sent: older.length, failed: 0 });
  expect(last.sent.length + last.earlier!.sent).toBe(mails.length);
  expect(formatPlanStatus(last)).toContain(`Sendt (${mails.length}), ikke levert (0).`);

  // Each year ran in its own run: the current one holds only this year's events.
  const history = await handle().fetchHistory();
  expect(history.events!.length).toBeLessThan(50);
  expect(history.events![0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
}, 120_000);

test('no plan mail is dated on a weekend or a Norwegian public holiday', () => {
  expect(mails.length).toBeGreaterThan(60);
  for (const m of mails) {
    const local = new Date(m.date.getTime() + 2 * 3600_000);
    expect({ mail: line(m), weekday: local.getUTCDay() !== 0 && local.getUTCDay() !== 6 }).toEqual({ mail: line(m), weekday: true });
  }
});
