import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { simulateDelta, type SimulationResult } from '../../client/simulate/run';
import { deltaStatusSchema } from '../../domain/delta/status';
import { minute, readMail, type SeenMail } from '../helpers/mail';
import { bundleWorkflows } from '../helpers/temporal';

// The whole two-year DelTa happy path on the time-skipping server with real SMTP, driven by
// test/fixtures/happy-2040.yaml: agreed Thursday 1 March 2040. Holidays on the way: Easter
// (29 March – 2 April), 1 May, Ascension (10 May), 17 May, Whit Monday (21 May), the
// fellesferie (weeks 28–30: 9–29 July 2040) and, in 2041, 1 and 17 May and Ascension (30 May).
let out: string;
let result: SimulationResult;
let mails: SeenMail[];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'plansyklus-happy-'));
  result = await simulateDelta({ scenarioFile: 'test/fixtures/happy-2040.yaml', outDir: out, workflowBundle: await bundleWorkflows() });
  const dir = join(out, 'mail');
  mails = await Promise.all(readdirSync(dir).sort().map((f) => readMail({ raw: readFileSync(join(dir, f)), rcptTo: [] })));
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const line = (m: SeenMail) => `${minute(m.date)} ${m.kind} ${m.key.split('/')[1]} → ${m.to.join(',')}${m.cc.length ? ` cc ${m.cc.join(',')}` : ''}`;
const find = (kind: string, subject: string) => mails.find((m) => m.kind === kind && m.key.split('/')[1] === subject)!;

test('every mail of the two years: to whom, when (UTC), in time order', () => {
  // Hand-checked anchors (local time = UTC+1 in winter, +2 in summer):
  // - planning meeting (scenario: day 21 = Thu 22 March 10:00): invitation 10 working days
  //   before = 8 March 09:00, reminder 2 before = 20 March, referat request at its end 12:00;
  // - start seminar moved to 30 working days after 22 March (over Easter and 1 May) = Wed
  //   9 May 09:30–15:00; its invitation 20 working days before = 10 April;
  // - areas chosen Fri 11 May: area 4's planning meeting 15 working days on (Ascension,
  //   17 May, Whit Monday off) = Tue 5 June 09:00–12:00, area 5's five working days later;
  // - area 4's work seminar 30 working days after 5 June, over the fellesferie = Tue 7 Aug;
  //   its action plan due 5 working days before = 31 July, reminder 5 before that = 3 July.
  expect(mails.map(line).sort()).toEqual([
      '2040-03-08T08:00 invitation planningStartSeminar → kari.nordmann@overhalla.example',
      '2040-03-08T08:00 invitation planningStartSeminar → per.hansen@overhalla.example',
      '2040-03-20T08:00 meetingReminder planningStartSeminar → kari.nordmann@overhalla.example',
      '2040-03-20T08:00 meetingReminder planningStartSeminar → per.hansen@overhalla.example',
      '2040-03-22T11:00 referatRequest planningStartSeminar → kari.nordmann@overhalla.example',
      '2040-04-10T07:00 invitation startSeminar → kari.nordmann@overhalla.example',
      '2040-04-10T07:00 invitation startSeminar → per.hansen@overhalla.example',
      '2040-05-02T07:00 meetingReminder startSeminar → kari.nordmann@overhalla.example',
      '2040-05-02T07:00 meetingReminder startSeminar → per.hansen@overhalla.example',
      '2040-05-08T07:00 meetingReminder startSeminar → kari.nordmann@overhalla.example',
      '2040-05-08T07:00 meetingReminder startSeminar → per.hansen@overhalla.example',
      '2040-05-09T13:00 deliverableRequest focusAreas → kari.nordmann@overhalla.example',
      '2040-05-09T13:00 leaderSummary held.startSeminar → per.hansen@overhalla.example',
      '2040-05-11T08:00 leaderSummary in.focusAreas → per.hansen@overhalla.example',
      '2040-05-22T07:00 invitation area4.planningMeasures → kari.nordmann@overhalla.example',
      '2040-05-22T07:00 invitation area4.planningMeasures → per.hansen@overhalla.example',
      '2040-05-29T07:00 invitation area5.planningMeasures → kari.nordmann@overhalla.example',
      '2040-05-29T07:00 invitation area5.planningMeasures → per.hansen@overhalla.example',
      '2040-06-01T07:00 meetingReminder area4.planningMeasures → kari.nordmann@overhalla.example',
      '2040-06-01T07:00 meetingReminder area4.planningMeasures → per.hansen@overhalla.example',
      '2040-06-05T10:00 deliverableRequest area4.actionPlan → kari.nordmann@overhalla.example',
      '2040-06-05T10:00 referatRequest area4.planningMeasures → kari.nordmann@overhalla.example',
      '2040-06-08T07:00 meetingReminder area5.planningMeasures → kari.nordmann@overhalla.example',
      '2040-06-08T07:00 meetingReminder area5.planningMeasures → per.hansen@overhalla.example',
      '2040-06-12T10:00 deliverableRequest area5.actionPlan → kari.nordmann@overhalla.example',
      '2040-06-12T10:00 referatRequest area5.planningMeasures → kari.nordmann@overhalla.example',
      '2040-06-19T07:00 invitation area4.workSeminar → kari.nordmann@overhalla.example',
      '2040-06-19T07:00 invitation area4.workSeminar → per.hansen@overhalla.example',
      '2040-06-26T07:00 invitation area5.workSeminar → kari.nordmann@overhalla.example',
      '2040-06-26T07:00 invitation area5.workSeminar → per.hansen@overhalla.example',
      '2040-07-03T07:00 deliverableReminder area4.actionPlan → kari.nordmann@overhalla.example',
      '2040-07-30T08:00 leaderSummary in.area4.actionPlan → per.hansen@overhalla.example',
      '2040-07-31T07:00 deliverableReminder area5.actionPlan → kari.nordmann@overhalla.example',
      '2040-07-31T07:00 meetingReminder area4.workSeminar → kari.nordmann@overhalla.example',
      '2040-07-31T07:00 meetingReminder area4.workSeminar → per.hansen@overhalla.example',
      '2040-08-06T07:00 meetingReminder area4.workSeminar → kari.nordmann@overhalla.example',
      '2040-08-06T07:00 meetingReminder area4.workSeminar → per.hansen@overhalla.example',
      '2040-08-06T08:00 leaderSummary in.area5.actionPlan → per.hansen@overhalla.example',
      '2040-08-07T07:00 meetingReminder area5.workSeminar → kari.nordmann@overhalla.example',
      '2040-08-07T07:00 meetingReminder area5.workSeminar → per.hansen@overhalla.example',
      '2040-08-13T07:00 meetingReminder area5.workSeminar → kari.nordmann@overhalla.example',
      '2040-08-13T07:00 meetingReminder area5.workSeminar → per.hansen@overhalla.example',
      '2041-05-02T07:00 invitation area4.evaluationMeeting → kari.nordmann@overhalla.example',
      '2041-05-02T07:00 invitation area4.evaluationMeeting → per.hansen@overhalla.example',
      '2041-05-09T07:00 invitation area5.evaluationMeeting → kari.nordmann@overhalla.example',
      '2041-05-09T07:00 invitation area5.evaluationMeeting → per.hansen@overhalla.example',
      '2041-05-22T07:00 meetingReminder area4.evaluationMeeting → kari.nordmann@overhalla.example',
      '2041-05-22T07:00 meetingReminder area4.evaluationMeeting → per.hansen@overhalla.example',
      '2041-05-24T10:00 deliverableRequest area4.evaluationForm → kari.nordmann@overhalla.example',
      '2041-05-24T10:00 referatRequest area4.evaluationMeeting → kari.nordmann@overhalla.example',
      '2041-05-29T07:00 meetingReminder area5.evaluationMeeting → kari.nordmann@overhalla.example',
      '2041-05-29T07:00 meetingReminder area5.evaluationMeeting → per.hansen@overhalla.example',
      '2041-06-03T10:00 deliverableRequest area5.evaluationForm → kari.nordmann@overhalla.example',
      '2041-06-03T10:00 referatRequest area5.evaluationMeeting → kari.nordmann@overhalla.example',
      '2041-06-06T07:00 deliverableReminder area4.evaluationForm → kari.nordmann@overhalla.example',
      '2041-06-06T08:00 leaderSummary in.area4.evaluationForm → per.hansen@overhalla.example',
      '2041-06-14T07:00 deliverableReminder area5.evaluationForm → kari.nordmann@overhalla.example',
      '2041-06-14T08:00 closingSummary end → per.hansen@overhalla.example cc ingrid.berg@korus-midt.example',
  ]);
  const times = mails.map((m) => m.date.getTime());
  expect(times).toEqual([...times].sort((a, b) => a - b));
});

test('no mail is dated on a weekend, a Norwegian public holiday or in the fellesferie', () => {
  const holidays = new Holidays('NO');
  for (const m of mails) {
    const local = DateTime.fromJSDate(m.date).setZone('Europe/Oslo');
    const holiday = (holidays.isHoliday(local.toJSDate()) || []).filter((h) => h.type === 'public').map((h) => h.name);
    expect({ mail: line(m), weekday: local.weekday <= 5, holiday, fellesferie: [28, 29, 30].includes(local.weekNumber) }).toEqual({
      mail: line(m),
      weekday: true,
      holiday: [],
      fellesferie: false,
    });
  }
});

test('the evening work seminar of area 5 is invited to 17:00–21:00 Oslo time, with its own programme', () => {
  const invitation = find('invitation', 'area5.workSeminar');
  expect(invitation.subject).toBe('Invitasjon: Arbeidsseminar – Ungdom og trygge oppvekstmiljø tirsdag 14. august 2040 kl. 17.00');
  const event = Object.values(invitation.calendar!.parsed).find((c) => c?.type === 'VEVENT')!;
  if (event.type !== 'VEVENT') throw new Error('no VEVENT');
  expect(event.uid).toBe('delta-5047-2040.area5.workSeminar@plansyklus');
  expect(DateTime.fromJSDate(event.start).setZone('Europe/Oslo').toFormat('yyyy-MM-dd HH:mm')).toBe('2040-08-14 17:00');
  expect(DateTime.fromJSDate(event.end!).setZone('Europe/Oslo').toFormat('HH:mm')).toBe('21:00');
  expect(invitation.text).toContain('18.20 Hva forteller Ungdata om ungdommene her?');
});

test('the municipality is asked to choose two of the ten focus areas, with the list', () => {
  const request = find('deliverableRequest', 'focusAreas');
  // Opened Wednesday 9 May; 10 working days without Ascension, 17 May and Whit Monday.
  expect(request.subject).toBe('Valg av innsatsområder – frist mandag 28. mai 2040');
  expect(request.text).toContain('Velg de to innsatsområdene kommunen skal arbeide med – send det til Ingrid Berg innen mandag 28. mai 2040.');
  expect(request.text).toContain('10. Aldring og skadelige rusmiddelvaner');
  expect(request.replyTo).toEqual(['ingrid.berg@korus-midt.example']);
});

test("the leader's summaries say what happened and what comes next; the closing one goes to the adviser too", () => {
  const first = find('leaderSummary', 'held.startSeminar');
  expect(first.subject).toBe('DelTa i Overhalla kommune: Oppstartseminar er gjennomført');
  expect(first.text).toContain('Dette kommer nå:');
  expect(first.text).toContain('Valg av innsatsområder, frist mandag 28. mai 2040');
  const closing = find('closingSummary', 'end');
  expect(closing.subject).toBe('DelTa i Overhalla kommune er avsluttet');
  expect(closing.cc).toEqual(['ingrid.berg@korus-midt.example']);
  expect(closing.text).not.toContain('Dette ble ikke fullført');
});

test('the final status follows the documented schema; everything is delivered and the history stays small', () => {
  const status = deltaStatusSchema().parse(result.status);
  expect(status.phase).toBe('ended');
  expect(status.focusAreas.map((a) => [a.n, a.measures.length])).toEqual([[4, 2], [5, 2]]);
  expect(status.deliverables.map((d) => `${d.key}:${d.state}`)).toEqual([
    'focusAreas:submitted',
    'area4.actionPlan:submitted',
    'area4.evaluationForm:submitted',
    'area5.actionPlan:submitted',
    'area5.evaluationForm:submitted',
  ]);
  expect(status.openDeadlines).toEqual([]);
  expect(status.failed).toEqual([]);
  expect(result.historyEvents).toBeLessThan(1000);
});
