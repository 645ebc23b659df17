import { addDays, atLocal, sendMoment, type CalendarRules } from '../calendar';
import type { MeasureState } from './round';

/**
 * Measures between rounds, as pure rules: a measure with a due date reminds its owner before
 * it falls due; while overdue, each owner gets one digest of all their overdue measures on a
 * cadence (not one mail per measure); a measure still overdue after a while goes to the
 * owner's leader. A measure answered "done" is finished. Due dates before the plan was
 * imported are history: the yearly round covers them, nobody is chased for them.
 */
export interface FollowUpSpec {
  reminderDaysBefore: number[];
  digestEveryDays: number;
  escalateAfterDays: number;
}

export interface FollowUpState {
  /** Local date the plan was imported: due dates before it are not chased. */
  since: string;
  /** `${measureId}:${daysBefore}` reminders sent. */
  reminded: string[];
  /** The last digest per owner (local date). */
  lastDigest: Record<string, string>;
  /** Measures whose leader has been told. */
  escalated: string[];
}

export type FollowUpKind = 'measureDueSoon' | 'overdueDigest' | 'overdueEscalation';

export interface FollowUpStep {
  id: string;
  kind: FollowUpKind;
  at: string;
  owner: string;
  /** The measures the mail lists. */
  measures: string[];
  /** What marking it done records. */
  marks: string[];
}

export function dueDateOf(m: MeasureState): string | undefined {
  return m.period.kind === 'due' ? m.period.due : m.period.kind === 'range' ? m.period.to : undefined;
}

export const isFinished = (m: MeasureState): boolean => !!m.finishedAt || Object.values(m.answers).some((a) => a.status === 'done');

/** The working morning on or after a local day. */
const morningOn = (day: string, rules: CalendarRules) => sendMoment(atLocal(day, rules.workdayStart, rules.zone), rules);

/** The earliest follow-up step still to perform, or undefined. */
export function nextFollowUp(measures: MeasureState[], f: FollowUpState, spec: FollowUpSpec, rules: CalendarRules): FollowUpStep | undefined {
  const open = measures.filter((m) => !m.retiredAt && !isFinished(m) && (dueDateOf(m) ?? '') >= f.since);
  const reminded = new Set(f.reminded);
  const escalated = new Set(f.escalated);
  const steps: FollowUpStep[] = [];
  const owners = [...new Set(open.map((m) => m.owner.owner))];
  for (const owner of owners) {
    const mine = open.filter((m) => m.owner.owner === owner);
    // Reminders before the due date, grouped by the day they fall on.
    const soon = new Map<string, MeasureState[]>();
    for (const m of mine) {
      for (const d of spec.reminderDaysBefore) {
        const day = addDays(dueDateOf(m)!, -d);
        if (day >= f.since && !reminded.has(`${m.id}:${d}`)) soon.set(`${day}|${d}`, [...(soon.get(`${day}|${d}`) ?? []), m]);
      }
    }
    for (const [key, list] of soon) {
      const [day, d] = key.split('|');
      steps.push({ id: `measureDueSoon:${owner}:${day}`, kind: 'measureDueSoon', at: morningOn(day, rules), owner, measures: list.map((m) => m.id), marks: list.map((m) => `${m.id}:${d}`) });
    }
    // One digest of everything overdue, the day after the first due date, then on the cadence.
    const dues = mine.map((m) => dueDateOf(m)!).sort();
    const firstOverdue = addDays(dues[0], 1);
    const last = f.lastDigest[owner];
    const day = last && last >= firstOverdue ? addDays(last, spec.digestEveryDays) : firstOverdue;
    const overdue = mine.filter((m) => dueDateOf(m)! < day);
    steps.push({ id: `overdueDigest:${owner}:${day}`, kind: 'overdueDigest', at: morningOn(day, rules), owner, measures: overdue.map((m) => m.id), marks: [day] });
    // The leader hears of measures still overdue after `escalateAfterDays`, once each.
    const pending = mine.filter((m) => !escalated.has(m.id)).map((m) => ({ m, day: addDays(dueDateOf(m)!, spec.escalateAfterDays) }));
    if (pending.length) {
      const first = pending.map((p) => p.day).sort()[0];
      const batch = pending.filter((p) => p.day === first).map((p) => p.m.id);
      steps.push({ id: `overdueEscalation:${owner}:${first}`, kind: 'overdueEscalation', at: morningOn(first, rules), owner, measures: batch, marks: batch });
    }
  }
  return steps.sort((a, b) => a.at.localeCompare(b.at))[0];
}

/** Records a performed follow-up step. */
export function markFollowUp(f: FollowUpState, step: FollowUpStep): FollowUpState {
  if (step.kind === 'measureDueSoon') return { ...f, reminded: [...f.reminded, ...step.marks] };
  if (step.kind === 'overdueDigest') return { ...f, lastDigest: { ...f.lastDigest, [step.owner]: step.marks[0] } };
  return { ...f, escalated: [...f.escalated, ...step.marks] };
}
