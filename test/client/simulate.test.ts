import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { simulateDelta, type SimulationResult } from '../../client/simulate/run';
import { readMail, type SeenMail } from '../helpers/mail';
import { bundleWorkflows } from '../helpers/temporal';

// The two example scenarios a new user runs (README, "Simulating a collaboration"). Their
// dates are relative to today, so these checks are about behaviour, not fixed dates.
interface Run {
  result: SimulationResult;
  mails: SeenMail[];
  out: string;
}
const runs: Record<'happy' | 'troubled', Run> = {} as never;

beforeAll(async () => {
  const workflowBundle = await bundleWorkflows();
  for (const [name, file] of [['happy', 'happy-path'], ['troubled', 'troubled']] as const) {
    const out = mkdtempSync(join(tmpdir(), `plansyklus-${name}-`));
    const result = await simulateDelta({ scenarioFile: `examples/scenarios/${file}.yaml`, outDir: out, workflowBundle });
    const dir = join(out, 'mail');
    const mails = await Promise.all(readdirSync(dir).sort().map((f) => readMail({ raw: readFileSync(join(dir, f)), rcptTo: [] })));
    runs[name] = { result, mails, out };
  }
}, 180_000);
afterAll(() => Object.values(runs).forEach((r) => rmSync(r.out, { recursive: true, force: true })));

const unique = (mails: SeenMail[]) => new Set(mails.map((m) => m.messageId)).size;
const recipients = (r: Run) => r.result.status.sent.reduce((n, s) => n + s.to.length, 0);

test.each(['happy', 'troubled'] as const)('%s: every mail in the status is an .eml, none on a day off; timeline and SVG written', (name) => {
  const { result, mails, out } = runs[name];
  expect(unique(mails)).toBe(recipients(runs[name]));
  const holidays = new Holidays('NO');
  for (const m of mails) {
    const local = DateTime.fromJSDate(m.date).setZone('Europe/Oslo');
    const off = local.weekday > 5 || (holidays.isHoliday(local.toJSDate()) || []).some((h) => h.type === 'public');
    expect({ subject: m.subject, date: local.toISO(), off }).toEqual({ subject: m.subject, date: local.toISO(), off: false });
  }
  for (const file of ['timeline.txt', 'timeline.svg', 'status.json']) expect(existsSync(join(out, file))).toBe(true);
  const svg = readFileSync(join(out, 'timeline.svg'), 'utf8');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg).toContain('Innsatsområde');
  expect(result.historyEvents).toBeLessThan(1000);
});

test('happy path: everything is done in time, no escalation, the collaboration ends early', () => {
  const { result, mails } = runs.happy;
  expect(result.actions.map((a) => a.outcome)).toEqual(result.actions.map(() => 'utført'));
  expect(mails.filter((m) => m.kind.endsWith('Escalation'))).toEqual([]);
  expect(result.status.phase).toBe('ended');
  expect(result.status.deliverables.every((d) => d.state === 'submitted')).toBe(true);
  const closing = mails.find((m) => m.kind === 'closingSummary')!;
  expect(closing.date.toISOString().slice(0, 10) < result.status.endsOn).toBe(true);
  expect(closing.text).not.toContain('Dette ble ikke fullført');
});

test('troubled: late referat and deliverables escalate, moved meetings are updated, nothing goes out while paused', () => {
  const { result, mails } = runs.troubled;
  const kinds = (kind: string) => mails.filter((m) => m.kind === kind).map((m) => m.key.split('/')[1]);
  expect(new Set(kinds('referatEscalation'))).toEqual(new Set(['planningStartSeminar', 'area5.planningMeasures', 'area2.evaluationMeeting']));
  expect(new Set(kinds('deliverableEscalation'))).toEqual(new Set(['focusAreas', 'area2.actionPlan', 'area2.evaluationForm']));
  expect(new Set(kinds('meetingChanged'))).toEqual(new Set(['startSeminar', 'area2.workSeminar']));

  const pause = result.actions.find((a) => a.action.do === 'pause')!;
  const resume = result.actions.find((a) => a.action.do === 'resume')!;
  expect([pause.outcome, resume.outcome]).toEqual(['utført', 'utført']);
  // A mail's Date header has whole seconds; a summary held back by the pause goes out in the
  // second the collaboration resumes.
  const second = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
  expect(mails.filter((m) => m.date.getTime() > second(pause.at) && m.date.getTime() < second(resume.at))).toEqual([]);

  // Area 2's evaluation never comes: the two years run out and the closing summary says what is open.
  expect(result.status.deliverables.find((d) => d.key === 'area2.evaluationForm')?.state).toBe('late');
  const closing = mails.find((m) => m.kind === 'closingSummary')!;
  expect(closing.cc).toEqual(['ingrid.berg@korus-midt.example']);
  expect(closing.text).toContain('Dette ble ikke fullført:');
  expect(closing.text).toContain('Evalueringsskjema – Førskolebarn og rus i familien');
  expect(closing.text).toContain('Referat fra Evalueringsmøte – Førskolebarn og rus i familien');
  const svg = readFileSync(join(runs.troubled.out, 'timeline.svg'), 'utf8');
  expect(svg).toContain('pause-band');
  expect(svg).toContain('ev-escalation');
});
