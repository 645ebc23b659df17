import { DateTime } from 'luxon';
import { addWorkingDays, atLocal, localDate, sendMoment, type CalendarRules } from './calendar';
import type { MeetingSpec } from './programme';
import type { Step } from './step';

/**
 * The reusable meeting unit, as pure rules: schedule → invitation → reminders → held →
 * referat request → referat reminders → escalation. The workflow asks `nextStep` what is
 * due next, waits for it (or for a change), performs it and marks it done.
 */
export interface MeetingState {
  key: string;
  /** UTC ISO instants; absent while nobody has scheduled the meeting. */
  start?: string;
  end?: string;
  location?: string;
  /** When the meeting was scheduled (workflow time): no mail of it goes out before. */
  scheduledAt?: string;
  /** iCalendar SEQUENCE: raised whenever the invitation changes. */
  sequence: number;
  /** Ids of steps performed (mail sent or state changed), in order. */
  done: string[];
  heldAt?: string;
  /** Set while the meeting is cancelled; scheduling it again clears it. */
  cancelledAt?: string;
  referat?: { registeredAt: string; text: string };
  /** Calendar days the collaboration was paused: the referat chase moves on by as much. */
  pausedDays: number;
  /** Raised on every change made from outside, so a waiting meeting re-plans. */
  revision: number;
}

export type { Step, StepKind } from './step';

export function newMeeting(key: string): MeetingState {
  return { key, sequence: 0, done: [], pausedDays: 0, revision: 0 };
}

const wasInvited = (m: MeetingState) => m.done.some((id) => id.startsWith('invitation-') || id.startsWith('meetingChanged-'));

/**
 * Schedules (or reschedules) a meeting at a local wall time; returns the new state. Once an
 * invitation has gone out, every change raises SEQUENCE so calendars replace the old event.
 */
export function scheduleMeeting(
  meeting: MeetingState,
  spec: MeetingSpec,
  localStart: string,
  zone: string,
  now: string,
  location?: string,
): MeetingState {
  const start = DateTime.fromISO(localStart, { zone });
  const end = start.plus({ minutes: spec.durationMinutes });
  return {
    ...meeting,
    start: start.toUTC().toISO()!,
    end: end.toUTC().toISO()!,
    location: location ?? meeting.location,
    scheduledAt: now,
    cancelledAt: undefined,
    sequence: wasInvited(meeting) ? meeting.sequence + 1 : meeting.sequence,
    revision: meeting.revision + 1,
  };
}

/** Cancels a meeting; those already invited get a cancellation with a higher SEQUENCE. */
export function cancelMeeting(meeting: MeetingState, now: string): MeetingState {
  return {
    ...meeting,
    cancelledAt: now,
    sequence: wasInvited(meeting) ? meeting.sequence + 1 : meeting.sequence,
    revision: meeting.revision + 1,
  };
}

/** The default local start of an unscheduled meeting: N working days after `from`, at the spec's time. */
export function defaultLocalStart(spec: MeetingSpec, from: string, rules: CalendarRules): string {
  const day = addWorkingDays(from, spec.defaultStart.afterWorkingDays, rules);
  return `${day}T${spec.defaultStart.time}`;
}

const morningOf = (isoDate: string, rules: CalendarRules) => atLocal(isoDate, rules.workdayStart, rules.zone);
const ms = (iso: string) => DateTime.fromISO(iso).toMillis();
/** The day the referat chase counts from: the meeting's day, moved on by any pause. */
const chaseStart = (meeting: MeetingState, rules: CalendarRules) =>
  DateTime.fromISO(localDate(meeting.end!, rules.zone)).plus({ days: meeting.pausedDays }).toISODate()!;

/** Every step of a scheduled meeting in time order, done or not. */
export function meetingSteps(meeting: MeetingState, spec: MeetingSpec, rules: CalendarRules): Step[] {
  if (meeting.cancelledAt) {
    return wasInvited(meeting)
      ? [{ id: `meetingCancelled-${meeting.sequence}`, kind: 'meetingCancelled', at: meeting.cancelledAt, to: spec.invitees }]
      : [];
  }
  if (!meeting.start || !meeting.end || !meeting.scheduledAt) return [];
  const startDay = localDate(meeting.start, rules.zone);
  const chaseFrom = chaseStart(meeting, rules);
  // People who already have the meeting in their calendar hear of a change at once.
  const changed = meeting.sequence > 0;
  const inviteAt = changed
    ? meeting.scheduledAt
    : maxIso(meeting.scheduledAt, morningOf(addWorkingDays(startDay, -spec.inviteWorkingDaysBefore, rules), rules));
  const kind = changed ? 'meetingChanged' : 'invitation';
  const steps: Step[] = [{ id: `${kind}-${meeting.sequence}`, kind, at: inviteAt, to: spec.invitees }];

  // A reminder only makes sense between the invitation and the meeting.
  [...spec.reminderWorkingDaysBefore].sort((a, b) => b - a).forEach((days) => {
    const at = morningOf(addWorkingDays(startDay, -days, rules), rules);
    if (ms(at) > ms(inviteAt) && ms(at) < ms(meeting.start!)) {
      steps.push({ id: `meetingReminder-${days}-${meeting.sequence}`, kind: 'meetingReminder', at, to: spec.invitees });
    }
  });
  steps.push({ id: 'held', kind: 'held', at: meeting.end, to: [] });

  if (spec.referat) {
    steps.push({ id: 'referatRequest', kind: 'referatRequest', at: sendMoment(meeting.end, rules), to: ['contact'] });
    [...spec.referat.reminderWorkingDaysAfter].sort((a, b) => a - b).forEach((days) => {
      steps.push({
        id: `referatReminder-${days}`,
        kind: 'referatReminder',
        at: morningOf(addWorkingDays(chaseFrom, days, rules), rules),
        to: ['contact'],
      });
    });
    steps.push({
      id: 'referatEscalation',
      kind: 'referatEscalation',
      at: morningOf(addWorkingDays(chaseFrom, spec.referat.escalateWorkingDaysAfter, rules), rules),
      to: ['leader'],
    });
  }
  return steps;
}

/** The next step still to perform, or undefined when the meeting needs nothing more. */
export function nextStep(meeting: MeetingState, spec: MeetingSpec, rules: CalendarRules): Step | undefined {
  return meetingSteps(meeting, spec, rules).find(
    (step) => !meeting.done.includes(step.id) && !(meeting.referat && step.kind.startsWith('referat')),
  );
}

/**
 * An invitation or reminder for a meeting that has begun helps nobody (a meeting registered
 * after the fact, a worker that was down): such a late step is skipped, not sent.
 */
export function isStale(step: Step, meeting: MeetingState, now: string): boolean {
  const announces = step.kind === 'meetingReminder' || step.kind === 'invitation' || step.kind === 'meetingChanged';
  return announces && !!meeting.start && ms(now) >= ms(meeting.start);
}

/** The local date by which the referat is due. */
export function referatDueDate(meeting: MeetingState, spec: MeetingSpec, rules: CalendarRules): string | undefined {
  if (!meeting.end || !spec.referat) return undefined;
  return addWorkingDays(chaseStart(meeting, rules), spec.referat.dueWorkingDays, rules);
}

/**
 * After a pause: the referat chase moves on by the paused days, and meeting reminders whose
 * moment passed during the pause are dropped (the meeting itself keeps its time).
 */
export function resumeMeeting(meeting: MeetingState, spec: MeetingSpec, rules: CalendarRules, pausedDays: number, now: string): MeetingState {
  const missed = meetingSteps(meeting, spec, rules)
    .filter((s) => s.kind === 'meetingReminder' && !meeting.done.includes(s.id) && ms(s.at) <= ms(now))
    .map((s) => s.id);
  return {
    ...meeting,
    done: [...meeting.done, ...missed],
    pausedDays: meeting.pausedDays + pausedDays,
    revision: meeting.revision + 1,
  };
}

function maxIso(a: string, b: string): string {
  return ms(a) >= ms(b) ? DateTime.fromISO(a).toUTC().toISO()! : DateTime.fromISO(b).toUTC().toISO()!;
}
