import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { createActivities } from '../activities';
import { defaultRules, isWorkingDay, type CalendarRules } from '../domain/calendar';
import type { DeltaInput } from '../domain/delta/input';
import {
  cancelMeetingSchema,
  cancelMeetingUpdate,
  changeContactsSchema,
  changeContactsUpdate,
  pauseUpdate,
  registerReferatSchema,
  registerReferatUpdate,
  resumeUpdate,
  scheduleMeetingSchema,
  scheduleMeetingUpdate,
  statusQuery,
  type DeltaStatus,
  type MeetingStatus,
  type SentRecord,
} from '../domain/delta/messages';
import { describeIssues, ErrorType } from '../domain/errors';
import { pick } from '../domain/language';
import type { MailKind, MailRequest } from '../domain/mail';
import {
  cancelMeeting,
  defaultLocalStart,
  newMeeting,
  nextStep,
  referatDueDate,
  resumeMeeting,
  scheduleMeeting,
  type MeetingState,
  type Step,
} from '../domain/meetingPlan';
import type { Person, Role } from '../domain/people';
import { msUntil, nowIso } from './clock';
import { runMeeting } from './meeting';

const { sendMail } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  // Temporary SMTP trouble is retried for up to a day; permanent failures are non-retryable.
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/**
 * The two-year DelTa collaboration between a KoRus centre and a municipality (seed 000).
 * Runs the programme's meetings in order, each through the reusable meeting unit.
 */
export async function deltaCollaboration(input: DeltaInput): Promise<DeltaStatus> {
  const { workflowId } = workflowInfo();
  const { programme, municipality } = input;
  const rules: CalendarRules = { ...defaultRules(municipality.country), quietPeriod: municipality.quietPeriod };
  const endsOn = DateTime.fromISO(input.agreementDate).plus({ years: programme.durationYears }).toISODate()!;
  const state = {
    phase: programme.sequence[0] as string,
    meetings: Object.fromEntries(Object.keys(programme.meetings).map((key) => [key, newMeeting(key)])) as Record<
      string,
      MeetingState
    >,
    sent: [] as SentRecord[],
    failed: [] as SentRecord[],
    pausedAt: undefined as string | undefined,
    people: { ...input.people } as Record<Role, Person>,
  };

  const title = (key: string) => pick(programme.meetings[key].title, municipality.language);

  function meetingStatus(key: string): MeetingStatus {
    const m = state.meetings[key];
    const spec = programme.meetings[key];
    // From what was sent: a stale invitation is marked done without being sent.
    const invited = state.sent.some((r) => r.meeting === key && (r.kind === 'invitation' || r.kind === 'meetingChanged'));
    return {
      key,
      title: title(key),
      state: m.referat
        ? 'referatRegistered'
        : m.heldAt
          ? 'held'
          : m.cancelledAt
            ? 'cancelled'
            : invited
              ? 'invited'
              : m.start
                ? 'scheduled'
                : 'unscheduled',
      start: m.start,
      end: m.end,
      location: m.location,
      sequence: m.sequence,
      referatDue: m.referat ? undefined : referatDueDate(m, spec, rules),
      referatRegisteredAt: m.referat?.registeredAt,
    };
  }

  function status(): DeltaStatus {
    const pending = Object.keys(state.meetings)
      .map((key) => ({ key, step: nextStep(state.meetings[key], programme.meetings[key], rules) }))
      .filter((p): p is { key: string; step: Step } => !!p.step)
      .sort((a, b) => a.step.at.localeCompare(b.step.at));
    return {
      workflowId,
      programme: programme.id,
      municipality: { name: municipality.name, number: municipality.number },
      centre: input.centre,
      phase: state.phase,
      pausedAt: state.pausedAt,
      agreementDate: input.agreementDate,
      endsOn,
      nextDeadline: pending[0] && { what: pending[0].step.kind, meeting: pending[0].key, at: pending[0].step.at },
      meetings: programme.sequence.map(meetingStatus),
      sent: state.sent,
      failed: state.failed,
    };
  }

  setHandler(statusQuery, status);
  /** Parses an update's arguments and finds its meeting, or throws naming the field. */
  function meetingOf<S extends z.ZodType<{ meeting: string }>>(schema: S, args: unknown) {
    const data = parsedArgs(schema, args);
    const key = data.meeting;
    const m = state.meetings[key];
    if (!m) throw invalid(`meeting: ukjent møte «${key}»; samarbeidet har ${programme.sequence.join(', ')}`);
    return { data, key, m };
  }
  const begun = (m: MeetingState) => !!m.start && !m.cancelledAt && msUntil(m.start) <= 0;

  setHandler(
    scheduleMeetingUpdate,
    ({ meeting, start, location }) => {
      const spec = programme.meetings[meeting];
      state.meetings[meeting] = scheduleMeeting(state.meetings[meeting], spec, start, rules.zone, nowIso(), location);
      return meetingStatus(meeting);
    },
    {
      validator: (args) => {
        const { data, key, m } = meetingOf(scheduleMeetingSchema, args);
        if (m.heldAt || begun(m)) throw conflict(`meeting: ${key} er allerede holdt eller i gang og kan ikke flyttes`);
        const at = DateTime.fromISO(data.start, { zone: rules.zone });
        if (at.toMillis() <= new Date().getTime()) throw invalid(`start: ${data.start} er allerede passert`);
        if (!isWorkingDay(at.toISODate()!, rules)) throw invalid(`start: ${at.toISODate()} er ikke en arbeidsdag i kommunen`);
      },
    },
  );
  setHandler(
    cancelMeetingUpdate,
    ({ meeting }) => {
      state.meetings[meeting] = cancelMeeting(state.meetings[meeting], nowIso());
      return meetingStatus(meeting);
    },
    {
      validator: (args) => {
        const { key, m } = meetingOf(cancelMeetingSchema, args);
        if (!m.start) throw conflict(`meeting: ${key} er ikke satt opp`);
        if (m.cancelledAt) throw conflict(`meeting: ${key} er allerede avlyst`);
        if (m.heldAt || begun(m)) throw conflict(`meeting: ${key} er allerede holdt eller i gang`);
      },
    },
  );
  setHandler(
    pauseUpdate,
    () => {
      state.pausedAt = nowIso();
      return status();
    },
    {
      validator: () => {
        if (state.pausedAt) throw conflict('samarbeidet er allerede satt på pause');
      },
    },
  );
  setHandler(
    resumeUpdate,
    () => {
      const days = Math.round((new Date().getTime() - new Date(state.pausedAt!).getTime()) / 86_400_000);
      state.pausedAt = undefined;
      for (const key of Object.keys(state.meetings)) {
        state.meetings[key] = resumeMeeting(state.meetings[key], programme.meetings[key], rules, days, nowIso());
      }
      return status();
    },
    {
      validator: () => {
        if (!state.pausedAt) throw conflict('samarbeidet er ikke satt på pause');
      },
    },
  );
  setHandler(
    changeContactsUpdate,
    (change) => {
      state.people = { ...state.people, ...change };
      return status();
    },
    {
      validator: (args) => void parsedArgs(changeContactsSchema, args),
    },
  );
  setHandler(
    registerReferatUpdate,
    ({ meeting, text }) => {
      const m = state.meetings[meeting];
      state.meetings[meeting] = { ...m, referat: { registeredAt: nowIso(), text }, revision: m.revision + 1 };
      return meetingStatus(meeting);
    },
    {
      validator: (args) => {
        const { key, m } = meetingOf(registerReferatSchema, args);
        if (!programme.meetings[key].referat) throw invalid(`meeting: det skrives ikke referat fra ${key}`);
        if (!begun(m) && !m.heldAt) throw invalid(`meeting: ${key} er ikke holdt ennå`);
        if (m.referat) throw conflict(`meeting: referatet fra ${key} er allerede registrert`);
      },
    },
  );

  async function perform(key: string, step: Step, meeting: MeetingState): Promise<void> {
    const { people } = state;
    if (step.kind === 'held') return;
    const spec = programme.meetings[key];
    const kind = step.kind as MailKind;
    const withCalendar = kind === 'invitation' || kind === 'meetingChanged' || kind === 'meetingCancelled';
    const withAgenda = kind === 'invitation' || kind === 'meetingChanged' || kind === 'meetingReminder';
    const attendees = spec.invitees.map((role) => people[role]);
    const referatDue = referatDueDate(meeting, spec, rules);
    const delivered = await Promise.all(
      step.to.map((role) => {
        const request: MailRequest = {
          kind,
          lang: municipality.language,
          zone: rules.zone,
          key: { workflowId, subject: key, step: step.id, recipient: role },
          at: nowIso(),
          to: people[role],
          cc: kind === 'referatEscalation' ? [people.adviser] : undefined,
          replyTo: people.adviser,
          values: {
            meeting: title(key),
            municipality: municipality.name,
            centre: input.centre,
            recipientName: people[role].name,
            adviserName: people.adviser.name,
            contactName: people.contact.name,
            ...(meeting.location ? { location: meeting.location } : {}),
          },
          dates: { start: meeting.start!, end: meeting.end! },
          days: referatDue ? { referatDue } : undefined,
          list:
            withAgenda
              ? { heading: 'agenda', items: pick(spec.agenda, municipality.language) }
              : undefined,
          calendar:
            withCalendar
              ? {
                  method: kind === 'meetingCancelled' ? 'CANCEL' : 'REQUEST',
                  uid: `${workflowId}.${key}@plansyklus`,
                  sequence: meeting.sequence,
                  start: meeting.start!,
                  end: meeting.end!,
                  zone: rules.zone,
                  summary: `${title(key)} – ${municipality.name}`,
                  description: pick(spec.agenda, municipality.language).map((item) => `• ${item}`).join('\n'),
                  location: meeting.location,
                  organizer: people.adviser,
                  attendees,
                }
              : undefined,
        };
        // A mail that cannot be delivered (after a day of retries, or refused for good) is
        // recorded and shown in the status; the collaboration goes on.
        return sendMail(request).then(
          () => true,
          () => false,
        );
      }),
    );
    const record = (ok: boolean) => ({ at: nowIso(), kind: step.kind, meeting: key, to: step.to.filter((_, i) => delivered[i] === ok) });
    if (delivered.some(Boolean)) state.sent.push(record(true));
    if (!delivered.every(Boolean)) state.failed.push(record(false));
  }

  // Meetings agreed before the start; then each meeting in turn through the meeting unit.
  // The next meeting is planned once the previous one is held; its referat chasing runs on beside it.
  for (const [key, time] of Object.entries(input.meetings)) {
    state.meetings[key] = scheduleMeeting(state.meetings[key], programme.meetings[key], time.start, rules.zone, nowIso(), time.location);
  }
  // The collaboration ends two years on at the latest, even with a meeting left unheld.
  const endAt = DateTime.fromISO(endsOn, { zone: rules.zone }).toUTC().toISO()!;
  let previousEnd = DateTime.max(DateTime.fromISO(input.agreementDate, { zone: rules.zone }), DateTime.fromISO(nowIso()).setZone(rules.zone));
  for (const key of programme.sequence) {
    state.phase = key;
    const spec = programme.meetings[key];
    if (!state.meetings[key].start) {
      const start = defaultLocalStart(spec, previousEnd.toISODate()!, rules);
      state.meetings[key] = scheduleMeeting(state.meetings[key], spec, start, rules.zone, nowIso());
    }
    void runMeeting({
      spec,
      rules,
      get: () => state.meetings[key],
      paused: () => !!state.pausedAt,
      set: (m) => (state.meetings[key] = m),
      perform: (step, m) => perform(key, step, m),
    });
    if (!(await condition(() => !!state.meetings[key].heldAt, Math.max(msUntil(endAt), 1)))) break;
    previousEnd = DateTime.fromISO(state.meetings[key].end!).setZone(rules.zone);
  }

  // The rest of the two years (focus areas, action plans, evaluation) comes with later issues;
  // referat chases still under way run on beside this wait.
  if (msUntil(endAt) > 0) await condition(() => false, msUntil(endAt));
  state.phase = 'ended';
  await condition(allHandlersFinished);
  return status();
}

/** An update's arguments, parsed; invalid ones are rejected naming each field. */
function parsedArgs<S extends z.ZodType>(schema: S, args: unknown): z.output<S> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw invalid(describeIssues(parsed.error));
  return parsed.data;
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorType.invalidInput, message, nonRetryable: true });
}

function conflict(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorType.conflict, message, nonRetryable: true });
}
