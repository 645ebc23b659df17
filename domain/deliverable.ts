import { addDays, addWorkingDays, atLocal, isWorkingDay, localDate, nextWorkingDay, sendMoment, type CalendarRules } from './calendar';
import type { DeliverableSpec } from './programme';
import type { Step } from './step';

/**
 * Something the municipality delivers by a date (the choice of focus areas, an action plan,
 * a signed evaluation form), as pure rules: request when it opens → reminders before and
 * after the due date → escalation to the leader. Submitting it ends the chase.
 */
export interface DeliverableState {
  key: string;
  /** UTC instant the request goes out from (the end of the meeting that opens it). */
  openedAt?: string;
  /** Local due date before any pause. */
  due?: string;
  /** Calendar days the collaboration was paused since it opened: the due date moves on by as much. */
  pausedDays: number;
  done: string[];
  submitted?: Submission;
}

export interface Submission {
  at: string;
  text?: string;
  signedBy?: string;
  signedOn?: string;
  areas?: number[];
}

export function newDeliverable(key: string): DeliverableState {
  return { key, pausedDays: 0, done: [] };
}

/** The due date that counts: moved on by pauses, and never on a day off. */
export function effectiveDue(d: DeliverableState, rules: CalendarRules): string | undefined {
  if (!d.due) return undefined;
  const moved = addDays(d.due, d.pausedDays);
  return isWorkingDay(moved, rules) ? moved : nextWorkingDay(moved, rules);
}

/** Every step of an opened deliverable in time order, done or not. */
export function deliverableSteps(d: DeliverableState, spec: DeliverableSpec, rules: CalendarRules): Step[] {
  const due = effectiveDue(d, rules);
  if (!d.openedAt || !due) return [];
  const morning = (day: string) => atLocal(day, rules.workdayStart, rules.zone);
  const requestAt = sendMoment(d.openedAt, rules);
  const steps: Step[] = [{ id: 'deliverableRequest', kind: 'deliverableRequest', at: requestAt, to: ['contact'] }];
  // Reminders before the due date only when they come after the request.
  [...spec.reminderWorkingDaysBefore].sort((a, b) => b - a).forEach((days) => {
    const at = morning(addWorkingDays(due, -days, rules));
    if (at > requestAt) steps.push({ id: `deliverableReminder-before-${days}`, kind: 'deliverableReminder', at, to: ['contact'] });
  });
  [...spec.reminderWorkingDaysAfter].sort((a, b) => a - b).forEach((days) => {
    const at = morning(addWorkingDays(due, days, rules));
    if (at > requestAt) steps.push({ id: `deliverableReminder-after-${days}`, kind: 'deliverableReminder', at, to: ['contact'] });
  });
  // Opened late (a due date already past): the leader hears of it no sooner than a working day after the request.
  const escalateAt = morning(addWorkingDays(due, spec.escalateWorkingDaysAfter, rules));
  const earliest = morning(addWorkingDays(localDate(requestAt, rules.zone), 1, rules));
  steps.push({ id: 'deliverableEscalation', kind: 'deliverableEscalation', at: escalateAt > earliest ? escalateAt : earliest, to: ['leader'] });
  return steps;
}

export function nextDeliverableStep(d: DeliverableState, spec: DeliverableSpec, rules: CalendarRules): Step | undefined {
  if (d.submitted) return undefined;
  return deliverableSteps(d, spec, rules).find((s) => !d.done.includes(s.id));
}

/** Late: past its due date and not in. */
export function isLate(d: DeliverableState, rules: CalendarRules, today: string): boolean {
  const due = effectiveDue(d, rules);
  return !d.submitted && !!due && due < today;
}
