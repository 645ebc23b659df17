import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { createActivities } from '../activities';
import { defaultRules, type CalendarRules } from '../domain/calendar';
import type { DeltaInput } from '../domain/delta/input';
import {
  registerReferatSchema,
  registerReferatUpdate,
  statusQuery,
  type DeltaStatus,
  type MeetingStatus,
  type Phase,
  type SentRecord,
} from '../domain/delta/messages';
import { describeIssues, ErrorType } from '../domain/errors';
import { pick } from '../domain/language';
import type { MailKind, MailRequest } from '../domain/mail';
import {
  defaultLocalStart,
  newMeeting,
  nextStep,
  referatDueDate,
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

const mailKind: Record<Exclude<Step['kind'], 'held'>, MailKind> = {
  invitation: 'invitation',
  meetingReminder: 'meetingReminder',
  referatRequest: 'referatRequest',
  referatReminder: 'referatReminder',
  referatEscalation: 'referatEscalation',
};

/**
 * The two-year DelTa collaboration between a KoRus centre and a municipality (seed 000).
 * Runs the programme's meetings in order, each through the reusable meeting unit.
 */
export async function deltaCollaboration(input: DeltaInput): Promise<DeltaStatus> {
  const { workflowId } = workflowInfo();
  const { programme, municipality, people } = input;
  const rules: CalendarRules = { ...defaultRules(municipality.country), quietPeriod: municipality.quietPeriod };
  const endsOn = DateTime.fromISO(input.agreementDate).plus({ years: programme.durationYears }).toISODate()!;
  const state = {
    phase: programme.sequence[0] as Phase,
    meetings: Object.fromEntries(Object.keys(programme.meetings).map((key) => [key, newMeeting(key)])) as Record<
      string,
      MeetingState
    >,
    sent: [] as SentRecord[],
  };

  const title = (key: string) => pick(programme.meetings[key].title, municipality.language);

  function meetingStatus(key: string): MeetingStatus {
    const m = state.meetings[key];
    const spec = programme.meetings[key];
    const invited = m.done.some((id) => id.startsWith('invitation-'));
    return {
      key,
      title: title(key),
      state: m.referat ? 'referatRegistered' : m.heldAt ? 'held' : invited ? 'invited' : m.start ? 'scheduled' : 'unscheduled',
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
      agreementDate: input.agreementDate,
      endsOn,
      nextDeadline: pending[0] && { what: pending[0].step.kind, meeting: pending[0].key, at: pending[0].step.at },
      meetings: programme.sequence.map(meetingStatus),
      sent: state.sent,
    };
  }

  setHandler(statusQuery, status);
  setHandler(
    registerReferatUpdate,
    ({ meeting, text }) => {
      const m = state.meetings[meeting];
      state.meetings[meeting] = { ...m, referat: { registeredAt: nowIso(), text }, revision: m.revision + 1 };
      return meetingStatus(meeting);
    },
    {
      validator: (args) => {
        const parsed = registerReferatSchema.safeParse(args);
        if (!parsed.success) throw invalid(describeIssues(parsed.error));
        const { meeting } = parsed.data;
        const m = state.meetings[meeting];
        if (!m) throw invalid(`meeting: ukjent møte «${meeting}»; samarbeidet har ${programme.sequence.join(', ')}`);
        if (!programme.meetings[meeting].referat) throw invalid(`meeting: det skrives ikke referat fra ${meeting}`);
        if (!m.start || msUntil(m.start) > 0) throw invalid(`meeting: ${meeting} er ikke holdt ennå`);
        if (m.referat) {
          throw ApplicationFailure.create({ type: ErrorType.conflict, message: `meeting: referatet fra ${meeting} er allerede registrert`, nonRetryable: true });
        }
      },
    },
  );

  const recipients: Record<Role, Person> = people;

  async function perform(key: string, step: Step, meeting: MeetingState): Promise<void> {
    if (step.kind === 'held') return;
    const spec = programme.meetings[key];
    const kind = mailKind[step.kind];
    const attendees = spec.invitees.map((role) => recipients[role]);
    const referatDue = referatDueDate(meeting, spec, rules);
    await Promise.all(
      step.to.map((role) => {
        const request: MailRequest = {
          kind,
          lang: municipality.language,
          zone: rules.zone,
          key: { workflowId, subject: key, step: step.id, recipient: role },
          at: nowIso(),
          to: recipients[role],
          cc: kind === 'referatEscalation' ? [people.adviser] : undefined,
          replyTo: people.adviser,
          values: {
            meeting: title(key),
            municipality: municipality.name,
            centre: input.centre,
            recipientName: recipients[role].name,
            adviserName: people.adviser.name,
            contactName: people.contact.name,
            ...(meeting.location ? { location: meeting.location } : {}),
          },
          dates: { start: meeting.start!, end: meeting.end! },
          days: referatDue ? { referatDue } : undefined,
          list:
            kind === 'invitation' || kind === 'meetingReminder'
              ? { heading: 'agenda', items: pick(spec.agenda, municipality.language) }
              : undefined,
          calendar:
            kind === 'invitation'
              ? {
                  method: 'REQUEST',
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
        return sendMail(request);
      }),
    );
    state.sent.push({ at: nowIso(), kind: step.kind, meeting: key, to: step.to });
  }

  // Meetings agreed before the start; then each meeting in turn through the meeting unit.
  // The next meeting is planned once the previous one is held; its referat chasing runs on beside it.
  for (const [key, time] of Object.entries(input.meetings)) {
    state.meetings[key] = scheduleMeeting(state.meetings[key], programme.meetings[key], time.start, rules.zone, nowIso(), time.location);
  }
  const units: Promise<void>[] = [];
  let previousEnd = DateTime.max(DateTime.fromISO(input.agreementDate, { zone: rules.zone }), DateTime.fromISO(nowIso()).setZone(rules.zone));
  for (const key of programme.sequence) {
    state.phase = key as Phase;
    const spec = programme.meetings[key];
    if (!state.meetings[key].start) {
      const start = defaultLocalStart(spec, previousEnd.toISODate()!, rules);
      state.meetings[key] = scheduleMeeting(state.meetings[key], spec, start, rules.zone, nowIso());
    }
    units.push(
      runMeeting({
        spec,
        rules,
        get: () => state.meetings[key],
        set: (m) => (state.meetings[key] = m),
        perform: (step, m) => perform(key, step, m),
      }),
    );
    await condition(() => !!state.meetings[key].heldAt);
    previousEnd = DateTime.fromISO(state.meetings[key].end!).setZone(rules.zone);
  }
  await Promise.all(units);

  // The rest of the two years (focus areas, action plans, evaluation) comes with later issues.
  const untilEnd = msUntil(DateTime.fromISO(endsOn, { zone: rules.zone }).toUTC().toISO()!);
  if (untilEnd > 0) await condition(() => false, untilEnd);
  state.phase = 'ended';
  await condition(allHandlersFinished);
  return status();
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorType.invalidInput, message, nonRetryable: true });
}
