import { pick } from '../language';
import type { MailKind, MailRequest } from '../mail';
import { referatDueDate } from '../meetingPlan';
import type { Role } from '../people';
import { effectiveDue } from '../deliverable';
import { deliverableSpec, meetingSpec, milestoneOf, summarised, titleOf, type DeltaPlan, type DeltaState, type Due } from './progress';
import { summaryLists } from './status';

export interface MailMeta {
  workflowId: string;
  municipality: string;
  centre: string;
}

/**
 * The mails one due step sends, one per recipient: plain values only, so no rendered text
 * lands in the workflow's history. Steps that only change state send nothing.
 */
export function mailsFor(due: Due, state: DeltaState, plan: DeltaPlan, meta: MailMeta, now: string): MailRequest[] {
  const { step, key } = due;
  if (step.kind === 'held') return [];
  const { people } = state;
  const lang = plan.language;
  const kind = step.kind as MailKind;
  const escalation = kind === 'referatEscalation' || kind === 'deliverableEscalation' || kind === 'closingSummary';
  const base = (role: Role): MailRequest => ({
    kind,
    lang,
    zone: plan.rules.zone,
    key: { workflowId: meta.workflowId, subject: key, step: step.id, recipient: role },
    at: now,
    to: people[role],
    cc: escalation ? [people.adviser] : undefined,
    replyTo: people.adviser,
    values: {
      municipality: meta.municipality,
      centre: meta.centre,
      recipientName: people[role].name,
      adviserName: people.adviser.name,
      contactName: people.contact.name,
    },
  });

  if (due.unit === 'meeting') {
    const meeting = state.meetings[key];
    const spec = meetingSpec(plan, key)!;
    const title = titleOf(plan, key);
    const agenda = pick(spec.agenda, lang);
    const withCalendar = kind === 'invitation' || kind === 'meetingChanged' || kind === 'meetingCancelled';
    const withAgenda = kind === 'invitation' || kind === 'meetingChanged' || kind === 'meetingReminder';
    const referatDue = referatDueDate(meeting, spec, plan.rules);
    return step.to.map((role) => {
      const mail = base(role);
      return {
        ...mail,
        values: { ...mail.values, meeting: title, ...(meeting.location ? { location: meeting.location } : {}) },
        dates: { start: meeting.start!, end: meeting.end! },
        days: referatDue ? { referatDue } : undefined,
        lists: withAgenda ? [{ heading: 'agenda', items: agenda }] : undefined,
        calendar: withCalendar
          ? {
              method: kind === 'meetingCancelled' ? 'CANCEL' : 'REQUEST',
              uid: `${meta.workflowId}.${key}@plansyklus`,
              sequence: meeting.sequence,
              start: meeting.start!,
              end: meeting.end!,
              zone: plan.rules.zone,
              summary: `${title} – ${meta.municipality}`,
              description: agenda.map((item) => `• ${item}`).join('\n'),
              location: meeting.location,
              organizer: people.adviser,
              attendees: spec.invitees.map((r) => people[r]),
            }
          : undefined,
      };
    });
  }

  if (due.unit === 'deliverable') {
    const d = state.deliverables[key];
    const spec = deliverableSpec(plan, key)!;
    const fa = plan.programme.focusAreas;
    const lists: MailRequest['lists'] = [{ heading: 'fields', items: pick(spec.fields, lang) }];
    if (key === fa.choice) lists!.push({ heading: 'areas', items: fa.areas.map((a) => `${a.n}. ${pick(a.title, lang)}`) });
    return step.to.map((role) => {
      const mail = base(role);
      return {
        ...mail,
        values: { ...mail.values, deliverable: titleOf(plan, key), ask: pick(spec.ask, lang) },
        days: { due: effectiveDue(d, plan.rules)! },
        lists: kind === 'deliverableEscalation' ? undefined : lists,
      };
    });
  }

  const milestone = milestoneOf(state, key)!;
  const reported = summarised(state).map((m) => ({ kind: m.kind, subject: titleOf(plan, m.subject) }));
  const { next, late, open } = summaryLists(state, plan, now);
  return step.to.map((role): MailRequest => {
    const mail = base(role);
    if (milestone.kind === 'ended') {
      return { ...mail, days: { agreementDate: plan.agreementDate }, lists: [{ heading: 'open', items: open }] };
    }
    return {
      ...mail,
      milestones: reported,
      days: { endsOn: plan.endsOn },
      lists: [
        { heading: 'next', items: next },
        { heading: 'late', items: late },
      ],
    };
  });
}
