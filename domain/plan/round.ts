import { addWorkingDays, atLocal, localDate, type CalendarRules } from '../calendar';
import type { Step } from '../step';
import type { CycleSpec } from './cycle';
import type { PlanMeasure } from './input';
import type { FollowUpState } from './followUp';
import type { RevisionState } from './revisionSteps';
import type { Traffic } from './report';

/**
 * The yearly round of an action plan, as pure rules: each owner gets one mail listing their
 * measures and asking for status; owners who have not answered every measure are reminded,
 * then their leader hears of it; the round closes with the yearly report to the leaders.
 */
export interface Answer {
  status: Traffic;
  comment?: string;
  at: string;
}

export interface MeasureState extends PlanMeasure {
  /** Answers by round year. */
  answers: Record<string, Answer>;
  /** Set when the measure was taken out of the plan: no more rounds or reminders for it. */
  retiredAt?: string;
  /** Set when its owner reported it done: no more reminders, and no more rounds after this one. */
  finishedAt?: string;
}

export interface RoundState {
  year: number;
  /** UTC instant the requests go out. */
  requestAt: string;
  /** Local date the answers are due. */
  due: string;
  /** Ids of steps performed. */
  done: string[];
  closedAt?: string;
}

export interface PlanSentRecord {
  at: string;
  kind: string;
  /** The owner (as the plan writes it) or 'leaders' for the report. */
  to: string;
  year: number;
}

export interface PlanState {
  measures: MeasureState[];
  round: RoundState;
  followUp: FollowUpState;
  revision: RevisionState;
  /** Mail of recent rounds, sent and not delivered (domain/plan/mailRecords.ts). */
  sent: PlanSentRecord[];
  failed: PlanSentRecord[];
  /** How many mails of older rounds were sent and not delivered; their records are not kept. */
  earlier?: { sent: number; failed: number };
  /** Set when a newer plan replaced this one: the cycle stops. */
  ended?: { at: string; successor: string };
}

export type RoundStepKind = 'statusRequest' | 'statusReminder' | 'statusEscalation' | 'yearlyReport';

export interface RoundStep extends Omit<Step, 'kind' | 'to'> {
  kind: RoundStepKind;
  /** The owner the step is about; undefined for the report. */
  owner?: string;
}

const morning = (day: string, rules: CalendarRules) => atLocal(day, rules.workdayStart, rules.zone);

export function newRound(year: number, cycle: CycleSpec, rules: CalendarRules): RoundState {
  const day = addWorkingDays(`${year}-${cycle.round.opensOn}`, 0, rules);
  return { year, requestAt: morning(day, rules), due: addWorkingDays(day, cycle.round.answerWorkingDays, rules), done: [] };
}

/** Measures still followed up: not answered "done" in an earlier round. */
export function activeMeasures(state: PlanState, year: number): MeasureState[] {
  return state.measures.filter(
    (m) => !m.retiredAt && !(m.finishedAt && !m.answers[year]) && !Object.entries(m.answers).some(([y, a]) => Number(y) < year && a.status === 'done'),
  );
}

/** Owners in plan order, each with their active measures. */
export function owners(state: PlanState, year: number): Map<string, MeasureState[]> {
  const byOwner = new Map<string, MeasureState[]>();
  for (const m of activeMeasures(state, year)) byOwner.set(m.owner.owner, [...(byOwner.get(m.owner.owner) ?? []), m]);
  return byOwner;
}

export const unanswered = (measures: MeasureState[], year: number): MeasureState[] => measures.filter((m) => !m.answers[year]);

/** Every step of the round in time order, done or not. */
export function roundSteps(state: PlanState, cycle: CycleSpec, rules: CalendarRules): RoundStep[] {
  const { round } = state;
  const r = cycle.round;
  const steps: RoundStep[] = [];
  const who = [...owners(state, round.year).keys()];
  for (const owner of who) steps.push({ id: `statusRequest:${owner}`, kind: 'statusRequest', at: round.requestAt, owner });
  const around = (days: number) => morning(addWorkingDays(round.due, days, rules), rules);
  for (const d of [...r.reminderWorkingDaysBefore].sort((a, b) => b - a)) {
    const at = around(-d);
    if (at > round.requestAt) for (const owner of who) steps.push({ id: `statusReminder-before-${d}:${owner}`, kind: 'statusReminder', at, owner });
  }
  for (const d of [...r.reminderWorkingDaysAfter].sort((a, b) => a - b)) {
    for (const owner of who) steps.push({ id: `statusReminder-after-${d}:${owner}`, kind: 'statusReminder', at: around(d), owner });
  }
  for (const owner of who) steps.push({ id: `statusEscalation:${owner}`, kind: 'statusEscalation', at: around(r.escalateWorkingDaysAfter), owner });
  steps.push({ id: 'yearlyReport', kind: 'yearlyReport', at: around(r.closeWorkingDaysAfter) });
  return steps;
}

/**
 * The next step still to perform. Reminders and escalations for an owner who has answered
 * every measure are not needed and are left out.
 */
export function nextRoundStep(state: PlanState, cycle: CycleSpec, rules: CalendarRules): RoundStep | undefined {
  const byOwner = owners(state, state.round.year);
  return roundSteps(state, cycle, rules).find((s) => {
    if (state.round.done.includes(s.id)) return false;
    if (s.kind === 'statusReminder' || s.kind === 'statusEscalation') return unanswered(byOwner.get(s.owner!) ?? [], state.round.year).length > 0;
    return true;
  });
}

/** An answer is late when it came after the due date, or has not come and the due date has passed. */
export function isLateAnswer(m: MeasureState, round: RoundState, zone: string, now: string): boolean {
  const answer = m.answers[round.year];
  return localDate(answer?.at ?? now, zone) > round.due;
}
