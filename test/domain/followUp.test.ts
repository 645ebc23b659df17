import { defaultRules } from '../../domain/calendar';
import { markFollowUp, nextFollowUp, type FollowUpState } from '../../domain/plan/followUp';
import type { MeasureState } from '../../domain/plan/round';

// Measures between rounds, without Temporal. Two measures of the youth club ("Kultur"), due
// Friday 1 June 2040 and Monday 30 June 2042, and one of Helse due before the plan was imported.
const rules = { ...defaultRules('NO'), quietPeriod: true };
const person = { name: 'Ola Moen', email: 'ola@x.example' };
const leader = { name: 'Tone Aune', email: 'tone@x.example' };
const measure = (id: string, owner: string, due: string): MeasureState => ({
  id,
  goal: 'Tydelig folkehelseperspektiv',
  measure: `Tiltak ${id}`,
  period: { kind: 'due', due },
  owner: { owner, person, leader },
  coOwners: [],
  answers: {},
});
const spec = { reminderDaysBefore: [28, 7], digestEveryDays: 7, escalateAfterDays: 21 };

function run(measures: MeasureState[], until: string, on?: (kind: string, at: string) => void): string[] {
  let f: FollowUpState = { since: '2040-03-01', reminded: [], lastDigest: {}, escalated: [] };
  const log: string[] = [];
  for (let i = 0; i < 100; i++) {
    const step = nextFollowUp(measures, f, spec, rules);
    if (!step || step.at > until) break;
    log.push(`${step.at.slice(0, 16)} ${step.kind} ${step.owner}: ${step.measures.join(',')}`);
    f = markFollowUp(f, step);
    on?.(step.kind, step.at);
  }
  return log;
}

test('reminders 28 and 7 days before, one weekly digest per owner while overdue, the leader after three weeks', () => {
  const measures = [measure('1.1', 'Kultur', '2040-06-01'), measure('1.2', 'Kultur', '2040-06-04'), measure('2.1', 'Helse', '2039-12-31')];
  expect(run(measures, '2040-07-01T00:00:00Z')).toEqual([
    // 4 May (28 days before 1 June) and 7 May (before 4 June): both working days.
    '2040-05-04T07:00 measureDueSoon Kultur: 1.1',
    '2040-05-07T07:00 measureDueSoon Kultur: 1.2',
    // 7 days before: 25 May (1.1) and 28 May (1.2).
    '2040-05-25T07:00 measureDueSoon Kultur: 1.1',
    '2040-05-28T07:00 measureDueSoon Kultur: 1.2',
    // Overdue from Saturday 2 June: the digest goes Monday 4 June, then every 7 days (from the 2nd).
    '2040-06-04T07:00 overdueDigest Kultur: 1.1',
    '2040-06-11T07:00 overdueDigest Kultur: 1.1,1.2',
    '2040-06-18T07:00 overdueDigest Kultur: 1.1,1.2',
    // 21 days after 1 June = 22 June; after 4 June = 25 June.
    '2040-06-22T07:00 overdueEscalation Kultur: 1.1',
    '2040-06-25T07:00 overdueDigest Kultur: 1.1,1.2',
    '2040-06-25T07:00 overdueEscalation Kultur: 1.2',
  ]);
});

test('a measure answered done is not chased any more', () => {
  const measures = [measure('1.1', 'Kultur', '2040-06-01')];
  const log = run(measures, '2040-07-01T00:00:00Z', (kind) => {
    if (kind === 'overdueDigest') measures[0].answers['2040'] = { status: 'done', at: '2040-06-04T10:00:00Z' };
  });
  expect(log.at(-1)).toBe('2040-06-04T07:00 overdueDigest Kultur: 1.1');
  expect(log.filter((l) => l.includes('overdue'))).toHaveLength(1);
});
