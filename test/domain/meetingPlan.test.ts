import { defaultRules } from '../../domain/calendar';
import {
  defaultLocalStart,
  isStale,
  meetingSteps,
  newMeeting,
  nextStep,
  referatDueDate,
  scheduleMeeting,
} from '../../domain/meetingPlan';
import type { MeetingSpec } from '../../domain/programme';

const rules = defaultRules('NO');
const spec: MeetingSpec = {
  title: { nb: 'Planleggingsmøte' },
  durationMinutes: 120,
  defaultStart: { afterWorkingDays: 10, time: '10:00' },
  inviteWorkingDaysBefore: 10,
  reminderWorkingDaysBefore: [2],
  invitees: ['contact', 'leader'],
  agenda: { nb: ['Punkt'] },
  referat: { dueWorkingDays: 5, reminderWorkingDaysAfter: [3], escalateWorkingDaysAfter: 8 },
};
const scheduled = (start: string, now: string) => scheduleMeeting(newMeeting('m'), spec, start, 'Europe/Oslo', now);

describe('meeting steps', () => {
  test('a meeting scheduled well ahead: invitation at its lead time, reminder, held, referat chase', () => {
    // Tuesday 12 January 2027, 10:00 Oslo (UTC+1); scheduled on 1 December 2026.
    const m = scheduled('2027-01-12T10:00', '2026-12-01T12:00:00.000Z');
    expect(meetingSteps(m, spec, rules).map((s) => `${s.id}@${s.at}`)).toEqual([
      'invitation-0@2026-12-28T08:00:00.000Z', // 10 working days back, over New Year's Day
      'meetingReminder-2-0@2027-01-08T08:00:00.000Z',
      'held@2027-01-12T11:00:00.000Z',
      'referatRequest@2027-01-12T11:00:00.000Z',
      'referatReminder-3@2027-01-15T08:00:00.000Z',
      'referatEscalation@2027-01-22T08:00:00.000Z',
    ]);
    expect(referatDueDate(m, spec, rules)).toBe('2027-01-19');
  });

  test('scheduled at short notice: invited at once, a reminder before the invitation is dropped', () => {
    const m = scheduled('2027-01-12T10:00', '2027-01-11T13:00:00.000Z');
    const steps = meetingSteps(m, spec, rules);
    expect(steps[0]).toMatchObject({ kind: 'invitation', at: '2027-01-11T13:00:00.000Z', to: ['contact', 'leader'] });
    expect(steps.some((s) => s.kind === 'meetingReminder')).toBe(false);
  });

  test('an unscheduled meeting has no steps; done steps and a registered referat are skipped', () => {
    expect(nextStep(newMeeting('m'), spec, rules)).toBeUndefined();
    const m = scheduled('2027-01-12T10:00', '2026-12-01T12:00:00.000Z');
    const done = { ...m, done: ['invitation-0', 'meetingReminder-2-0', 'held'] };
    expect(nextStep(done, spec, rules)?.kind).toBe('referatRequest');
    expect(nextStep({ ...done, referat: { registeredAt: 'x', text: 'y' } }, spec, rules)).toBeUndefined();
  });

  test('invitations and reminders for a meeting that has begun are stale', () => {
    const m = scheduled('2027-01-12T10:00', '2027-01-13T08:00:00.000Z');
    const [invitation] = meetingSteps(m, spec, rules);
    expect(isStale(invitation, m, '2027-01-13T08:00:00.000Z')).toBe(true);
    expect(isStale(invitation, m, '2027-01-12T08:59:00.000Z')).toBe(false);
    const request = meetingSteps(m, spec, rules).find((s) => s.kind === 'referatRequest')!;
    expect(isStale(request, m, '2027-01-13T08:00:00.000Z')).toBe(false);
  });

  test('default start: N working days on, at the programme time', () => {
    expect(defaultLocalStart(spec, '2026-12-18', rules)).toBe('2027-01-05T10:00');
  });
});

test('a meeting held on a Saturday asks for its referat on Monday morning', () => {
  const m = scheduleMeeting(newMeeting('m'), spec, '2027-01-16T10:00', 'Europe/Oslo', '2026-12-01T12:00:00.000Z');
  expect(meetingSteps(m, spec, rules).find((s) => s.kind === 'referatRequest')?.at).toBe('2027-01-18T08:00:00.000Z');
});
