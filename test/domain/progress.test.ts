import { loadProgramme } from '../../client/files';
import { advance, deltaPlan, dueSteps, markDone, newDeltaState, nextDue, phaseOf, type DeltaState } from '../../domain/delta/progress';
import { statusOf } from '../../domain/delta/status';
import * as steer from '../../domain/delta/steering';
import { ErrorType, PlansyklusError } from '../../domain/errors';
import { people } from '../helpers/timeline';

// The DelTa rules without Temporal: a collaboration agreed on Thursday 1 March 2040, driven
// step by step. Easter 2040 is 1 April; Ascension 10 May; 17 May; Whit Monday 21 May.
const plan = deltaPlan({
  programme: loadProgramme('delta'),
  agreementDate: '2040-03-01',
  municipality: { country: 'NO', quietPeriod: true, language: 'nb' },
});
const meta = { workflowId: 'delta-0001-2040', municipality: { name: 'Testvik', number: '0001' }, centre: 'KoRus' };

/** Performs every due step up to `until` (UTC ISO), calling `on` after each; returns the clock. */
function drive(state: DeltaState, from: string, until: string, on?: (kind: string, key: string, now: string) => void): string {
  let now = from;
  for (;;) {
    advance(state, plan, now);
    const next = nextDue(state, plan, now);
    if (!next || next.at > until) return until > now ? until : now;
    now = next.at > now ? next.at : now;
    markDone(state, next.due, now);
    on?.(next.due.step.kind, next.due.key, now);
  }
}

const fresh = () => newDeltaState(plan, people, '2040-03-01T07:00:00.000Z');
const status = (s: DeltaState, now: string) => statusOf(s, plan, meta, now);
const meeting = (s: DeltaState, key: string, now: string) => status(s, now).meetings.find((m) => m.key === key)!;

/** A collaboration whose start seminar ended (Tuesday 24 April 2040, 15:00) with areas 4 and 5 chosen. */
function chosen(): { state: DeltaState; now: string } {
  const state = fresh();
  let now = drive(state, '2040-03-01T07:00:00.000Z', '2040-04-24T13:00:00.000Z');
  expect(phaseOf(state, plan)).toBe('choosingFocusAreas');
  steer.checkChooseFocusAreas(state, plan, { areas: [4, 5] }, now);
  steer.applyChooseFocusAreas(state, plan, { areas: [4, 5] }, now);
  now = drive(state, now, now);
  return { state, now };
}

describe('the shared meetings', () => {
  test('each is planned at its default time once the previous one is held', () => {
    const state = fresh();
    advance(state, plan, '2040-03-01T07:00:00.000Z');
    // 10 working days after 1 March at 10:00 (CET).
    expect(meeting(state, 'planningStartSeminar', '2040-03-01T07:00:00.000Z').start).toBe('2040-03-15T09:00:00.000Z');
    expect(meeting(state, 'startSeminar', '2040-03-01T07:00:00.000Z').state).toBe('unscheduled');
    const now = drive(state, '2040-03-01T07:00:00.000Z', '2040-03-15T11:00:00.000Z');
    // Held 15 March; 25 working days on (over Easter, 2–2 April) at 09:30 summer time.
    expect(meeting(state, 'startSeminar', now).start).toBe('2040-04-24T07:30:00.000Z');
  });
});

describe('focus areas', () => {
  test('each chosen area gets its meetings, the second one staggered by five working days', () => {
    const { state, now } = chosen();
    expect(phaseOf(state, plan)).toBe('focusAreaWork');
    // 24 April + 15 working days (1 May, Ascension and 17 May off) = Friday 18 May, 09:00.
    expect(meeting(state, 'area4.planningMeasures', now).start).toBe('2040-05-18T07:00:00.000Z');
    // 2 May (+5) + 15 working days (Whit Monday off) = Monday 28 May.
    expect(meeting(state, 'area5.planningMeasures', now).start).toBe('2040-05-28T07:00:00.000Z');
    expect(meeting(state, 'area4.workSeminar', now).state).toBe('unscheduled');
  });

  test("area 5's work seminar is an evening seminar, 17:00–21:00, and skips the fellesferie", () => {
    const { state, now } = chosen();
    const later = drive(state, now, '2040-05-28T10:01:00.000Z');
    const seminar = meeting(state, 'area5.workSeminar', later);
    expect(seminar.title).toBe('Arbeidsseminar – Ungdom og trygge oppvekstmiljø');
    // 30 working days after 28 May would be Monday 9 July, in week 28: the first day after
    // the fellesferie (weeks 28–30) is Monday 30 July.
    expect([seminar.start, seminar.end]).toEqual(['2040-07-30T15:00:00.000Z', '2040-07-30T19:00:00.000Z']);
  });

  test('the action plan is due five working days before the work seminar, and follows it when it moves', () => {
    const { state, now } = chosen();
    const later = drive(state, now, '2040-05-18T10:01:00.000Z'); // area 4's planning meeting has ended
    const plan4 = () => status(state, later).deliverables.find((d) => d.key === 'area4.actionPlan')!;
    expect(meeting(state, 'area4.workSeminar', later).start).toBe('2040-07-02T07:00:00.000Z');
    expect(plan4()).toMatchObject({ state: 'open', due: '2040-06-25' });
    steer.checkSchedule(state, plan, { meeting: 'area4.workSeminar', start: '2040-08-14T09:00' }, later);
    steer.applySchedule(state, plan, { meeting: 'area4.workSeminar', start: '2040-08-14T09:00' }, later);
    advance(state, plan, later);
    expect(plan4().due).toBe('2040-08-07');
  });

  test('the collaboration ends when every area has its evaluation form in; one closing summary', () => {
    const { state } = chosen();
    const sent: string[] = [];
    let now = drive(state, '2040-04-24T13:00:00.000Z', '2041-12-31T00:00:00.000Z', (kind, key, at) => {
      if (kind === 'held' && key.endsWith('evaluationMeeting')) {
        const area = Number(key.slice(4, 5));
        steer.applyEvaluation(state, plan, { area, text: 'Vi nådde målene.', signedBy: 'Per Hansen', signedOn: at.slice(0, 10) }, at);
      }
      if (kind.endsWith('Summary')) sent.push(`${kind}:${key}`);
    });
    now = drive(state, now, now);
    expect(phaseOf(state, plan)).toBe('ended');
    expect(sent.at(-1)).toBe('closingSummary:end');
    expect(dueSteps(state, plan)).toEqual([]);
    expect(() => steer.checkOpen(state)).toThrow(/avsluttet/);
  });
});

describe('pause and held-back mail', () => {
  test('while paused no mail is due; a mail held back to a Saturday goes out Monday 09:00', () => {
    const state = fresh();
    advance(state, plan, '2040-03-01T07:00:00.000Z');
    expect(nextDue(state, plan, '2040-03-01T07:00:00.000Z')?.due.step.kind).toBe('invitation');
    steer.applyPause(state, plan, undefined, '2040-03-01T07:00:00.000Z');
    expect(nextDue(state, plan, '2040-03-01T07:00:00.000Z')).toBeUndefined();
    steer.applyResume(state, plan, undefined, '2040-03-10T10:00:00.000Z'); // Saturday
    expect(nextDue(state, plan, '2040-03-10T10:00:00.000Z')).toMatchObject({
      due: { key: 'planningStartSeminar', step: { kind: 'invitation' } },
      at: '2040-03-12T08:00:00.000Z',
    });
  });
});

describe('deadlines move by the paused time', () => {
  test("a pause of 30 days moves the focus-area choice's due date, reminders and escalation by 30 days", () => {
    const state = fresh();
    const now = drive(state, '2040-03-01T07:00:00.000Z', '2040-04-24T13:00:00.000Z'); // start seminar held
    const choice = () => status(state, now).deliverables.find((d) => d.key === 'focusAreas')!;
    expect(choice()).toMatchObject({ state: 'open', due: '2040-05-09' }); // 10 working days over 1 May
    steer.applyPause(state, plan, undefined, '2040-04-25T10:00:00.000Z');
    steer.applyResume(state, plan, undefined, '2040-05-25T10:00:00.000Z');
    // 9 May + 30 days = Friday 8 June.
    expect(choice().due).toBe('2040-06-08');
    expect(nextDue(state, plan, '2040-05-25T10:00:00.000Z')).toMatchObject({
      due: { key: 'focusAreas', step: { kind: 'deliverableReminder', id: 'deliverableReminder-before-2' } },
      at: '2040-06-06T07:00:00.000Z',
    });
  });
});

describe('steering checks name the field and change nothing', () => {
  const rejected = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(PlansyklusError);
      return `${(err as PlansyklusError).type} ${(err as PlansyklusError).message}`;
    }
    return 'accepted';
  };

  test('choosing focus areas', () => {
    const state = fresh();
    const early = drive(state, '2040-03-01T07:00:00.000Z', '2040-04-01T00:00:00.000Z');
    expect(rejected(() => steer.checkChooseFocusAreas(state, plan, { areas: [1, 2] }, early))).toMatch(/^ERR_INVALID_INPUT areas: .*som ikke er holdt ennå/);
    const { state: s, now } = chosen();
    expect(rejected(() => steer.checkChooseFocusAreas(s, plan, { areas: [1, 2] }, now))).toMatch(/^ERR_CONFLICT areas: innsatsområdene er allerede valgt \(4 og 5\)/);
    const open = fresh();
    const after = drive(open, '2040-03-01T07:00:00.000Z', '2040-04-24T13:00:00.000Z');
    expect(rejected(() => steer.checkChooseFocusAreas(open, plan, { areas: [4] }, after))).toBe(`${ErrorType.invalidInput} areas: velg nøyaktig 2 innsatsområder, ikke 1`);
    expect(rejected(() => steer.checkChooseFocusAreas(open, plan, { areas: [4, 5, 6] }, after))).toMatch(/ikke 3/);
  });

  test('deliverables and measures', () => {
    const { state, now } = chosen();
    expect(rejected(() => steer.checkActionPlan(state, plan, { area: 3, text: 'x' }))).toBe(
      `${ErrorType.invalidInput} area: innsatsområde 3 er ikke valgt; valgt er 4 og 5`,
    );
    expect(rejected(() => steer.checkMeasures(state, plan, { area: 7, measures: [{ title: 'x' }] }))).toMatch(/innsatsområde 7 er ikke valgt/);
    expect(rejected(() => steer.checkEvaluation(state, plan, { area: 4, text: 'x', signedBy: 'P', signedOn: '2041-01-01' }, now))).toBe(
      `${ErrorType.invalidInput} signedOn: 2041-01-01 er fram i tid`,
    );
    steer.applyActionPlan(state, plan, { area: 4, text: 'Plan' }, now);
    expect(rejected(() => steer.checkActionPlan(state, plan, { area: 4, text: 'igjen' }))).toBe(
      `${ErrorType.conflict} area: Handlingsplan – Barnespor er allerede levert`,
    );
  });

  test('meetings', () => {
    const { state, now } = chosen();
    expect(rejected(() => steer.checkSchedule(state, plan, { meeting: 'area3.workSeminar', start: '2040-09-03T09:00' }, now))).toMatch(
      /^ERR_INVALID_INPUT meeting: ukjent møte «area3.workSeminar»/,
    );
    expect(rejected(() => steer.checkSchedule(state, plan, { meeting: 'area4.workSeminar', start: '2040-05-17T09:00' }, now))).toMatch(
      /start: 2040-05-17 er ikke en arbeidsdag/,
    );
    expect(rejected(() => steer.checkConfirmHeld(state, plan, { meeting: 'area4.planningMeasures' }, now))).toMatch(/har ikke begynt ennå/);
    expect(rejected(() => steer.checkConfirmHeld(state, plan, { meeting: 'startSeminar' }, now))).toMatch(/^ERR_CONFLICT .*allerede registrert som holdt/);
  });
});
