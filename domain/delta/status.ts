import { localDate } from '../calendar';
import { z } from 'zod';
import { shared } from '../schema';
import { effectiveDue, isLate } from '../deliverable';
import { pick } from '../language';
import { referatDueDate } from '../meetingPlan';
import { roles } from '../people';
import type { ListItem } from '../mail';
import {
  deliverableKeys,
  nextDue,
  meetingKeys,
  meetingSpec,
  phaseOf,
  splitKey,
  titleOf,
  type DeltaPlan,
  type DeltaState,
} from './progress';

/**
 * What `plansyklus delta status --json` prints and the `status` query returns. The schema is
 * the contract: docs/delta-status.schema.json is generated from it (see `plansyklus delta schema`).
 */
const instant = z.string().describe('UTC ISO instant');
const day = z.string().describe('local date yyyy-mm-dd');
const stepKinds = [
  'invitation', 'meetingChanged', 'meetingCancelled', 'meetingReminder', 'held',
  'referatRequest', 'referatReminder', 'referatEscalation',
  'deliverableRequest', 'deliverableReminder', 'deliverableEscalation', 'leaderSummary', 'closingSummary',
] as const;

export const meetingStatusSchema = shared(z.object({
  key: z.string().describe('e.g. startSeminar or area5.workSeminar'),
  title: z.string(),
  area: z.number().int().optional().describe('the focus area the meeting belongs to'),
  state: z.enum(['unscheduled', 'scheduled', 'invited', 'cancelled', 'held', 'referatRegistered']),
  start: instant.optional(),
  end: instant.optional(),
  location: z.string().optional(),
  sequence: z.number().int().describe('iCalendar SEQUENCE of the invitation'),
  referatDue: day.optional(),
  referatRegisteredAt: instant.optional(),
}));
export type MeetingStatus = z.infer<ReturnType<typeof meetingStatusSchema>>;

export const deliverableStatusSchema = shared(z.object({
  key: z.string().describe('e.g. focusAreas or area5.actionPlan'),
  title: z.string(),
  area: z.number().int().optional(),
  state: z.enum(['waiting', 'open', 'late', 'submitted']),
  due: day.optional(),
  submittedAt: instant.optional(),
}));
export type DeliverableStatus = z.infer<ReturnType<typeof deliverableStatusSchema>>;

const sentRecordSchema = z.object({
  at: instant,
  kind: z.enum(stepKinds),
  subject: z.string().describe('the meeting, deliverable or milestone the mail is about'),
  to: z.array(z.enum(roles)),
});

export const deltaStatusSchema = shared(z.object({
  workflowId: z.string(),
  programme: z.string(),
  municipality: z.object({ name: z.string(), number: z.string() }),
  centre: z.string(),
  phase: z.string().describe('a shared meeting key, choosingFocusAreas, focusAreaWork or ended'),
  pausedAt: instant.optional().describe('set while paused: no mail goes out'),
  agreementDate: day,
  endsOn: day,
  focusAreas: z.array(
    z.object({
      n: z.number().int(),
      title: z.string(),
      measures: z.array(z.object({ title: z.string(), responsible: z.string().optional(), due: day.optional(), registeredAt: instant })),
    }),
  ),
  meetings: z.array(meetingStatusSchema()),
  deliverables: z.array(deliverableStatusSchema()),
  openDeadlines: z
    .array(z.object({ what: z.enum(['referat', 'deliverable']), subject: z.string(), title: z.string(), due: day, late: z.boolean() }))
    .describe('referats and deliverables still missing, earliest first'),
  nextStep: z.object({ what: z.enum(stepKinds), subject: z.string(), at: instant }).optional(),
  milestones: z.array(z.object({ id: z.string(), kind: z.enum(['meetingHeld', 'deliverableIn', 'ended']), subject: z.string(), reachedAt: instant, summarySent: z.boolean() })),
  sent: z.array(sentRecordSchema),
  failed: z.array(sentRecordSchema).describe('mails that could not be delivered, by role'),
}).meta({
  title: 'plansyklus DelTa status',
  description: 'One DelTa collaboration as `plansyklus delta status --json` prints it. Personal data never appears: people are named by role.',
}));
export type DeltaStatus = z.infer<ReturnType<typeof deltaStatusSchema>>;

export interface StatusMeta {
  workflowId: string;
  municipality: { name: string; number: string };
  centre: string;
}

export function meetingStatus(state: DeltaState, plan: DeltaPlan, key: string): MeetingStatus {
  const m = state.meetings[key];
  const spec = meetingSpec(plan, key)!;
  const invited = m.done.some((id) => id.startsWith('invitation-') || id.startsWith('meetingChanged-'));
  return {
    key,
    title: titleOf(plan, key),
    area: splitKey(key).area,
    state: m.referat ? 'referatRegistered' : m.heldAt ? 'held' : m.cancelledAt ? 'cancelled' : invited ? 'invited' : m.start ? 'scheduled' : 'unscheduled',
    start: m.start,
    end: m.end,
    location: m.location,
    sequence: m.sequence,
    referatDue: m.referat ? undefined : referatDueDate(m, spec, plan.rules),
    referatRegisteredAt: m.referat?.registeredAt,
  };
}

export function deliverableStatus(state: DeltaState, plan: DeltaPlan, key: string, now: string): DeliverableStatus {
  const d = state.deliverables[key];
  const today = localDate(now, plan.rules.zone);
  return {
    key,
    title: titleOf(plan, key),
    area: splitKey(key).area,
    state: d.submitted ? 'submitted' : isLate(d, plan.rules, today) ? 'late' : d.openedAt ? 'open' : 'waiting',
    due: d.submitted ? undefined : effectiveDue(d, plan.rules),
    submittedAt: d.submitted?.at,
  };
}

function openDeadlines(state: DeltaState, plan: DeltaPlan, today: string): DeltaStatus['openDeadlines'] {
  const referats = meetingKeys(state, plan).flatMap((key) => {
    const m = state.meetings[key];
    const due = m.heldAt && !m.referat ? referatDueDate(m, meetingSpec(plan, key)!, plan.rules) : undefined;
    return due ? [{ what: 'referat' as const, subject: key, title: titleOf(plan, key), due, late: due < today }] : [];
  });
  const deliverables = deliverableKeys(state, plan).flatMap((key) => {
    const d = state.deliverables[key];
    const due = d.openedAt && !d.submitted ? effectiveDue(d, plan.rules) : undefined;
    return due ? [{ what: 'deliverable' as const, subject: key, title: titleOf(plan, key), due, late: due < today }] : [];
  });
  return [...referats, ...deliverables].sort((a, b) => a.due.localeCompare(b.due));
}

export function statusOf(state: DeltaState, plan: DeltaPlan, meta: StatusMeta, now: string): DeltaStatus {
  const today = localDate(now, plan.rules.zone);
  const next = nextDue(state, plan, now);
  return {
    workflowId: meta.workflowId,
    programme: plan.programme.id,
    municipality: meta.municipality,
    centre: meta.centre,
    phase: phaseOf(state, plan),
    pausedAt: state.pausedAt,
    agreementDate: plan.agreementDate,
    endsOn: plan.endsOn,
    focusAreas: state.focusAreas.map((n) => ({
      n,
      title: pick(plan.programme.focusAreas.areas[n - 1].title, plan.language),
      measures: state.measures[n] ?? [],
    })),
    meetings: meetingKeys(state, plan).map((key) => meetingStatus(state, plan, key)),
    deliverables: deliverableKeys(state, plan).map((key) => deliverableStatus(state, plan, key, now)),
    openDeadlines: openDeadlines(state, plan, today),
    nextStep: next && { what: next.due.step.kind, subject: next.due.key, at: next.at },
    milestones: state.milestones.map(({ done, ...m }) => ({ ...m, summarySent: done })),
    sent: state.sent,
    failed: state.failed,
  };
}

/**
 * What a leader's summary lists: what comes next, what is late, and (at the end) what is
 * still open. Items are data; the renderer writes them in the reader's language.
 */
export function summaryLists(state: DeltaState, plan: DeltaPlan, now: string): { next: ListItem[]; late: ListItem[]; open: ListItem[] } {
  const status = statusOf(state, plan, { workflowId: '', municipality: { name: '', number: '' }, centre: '' }, now);
  const upcoming: ListItem[] = [
    ...status.meetings.filter((m) => m.start && m.state !== 'cancelled' && m.start > now).map((m): ListItem => ({ what: 'meeting', subject: m.title, at: m.start })),
    ...status.openDeadlines.filter((d) => !d.late).map((d): ListItem => ({ what: d.what, subject: d.title, day: d.due })),
  ];
  // Meetings by their start, deadlines by the start of their day.
  upcoming.sort((a, b) => (a.at ?? a.day!).localeCompare(b.at ?? b.day!));
  const late = status.openDeadlines.filter((d) => d.late).map((d) => ({ what: d.what, subject: d.title, day: d.due }));
  const open: ListItem[] = [
    ...status.meetings.filter((m) => m.state !== 'held' && m.state !== 'referatRegistered').map((m) => ({ what: 'meeting' as const, subject: m.title, at: m.start })),
    ...status.openDeadlines.map((d) => ({ what: d.what, subject: d.title, day: d.due })),
    ...status.deliverables.filter((d) => d.state === 'waiting').map((d) => ({ what: 'deliverable' as const, subject: d.title })),
  ];
  return { next: upcoming.slice(0, 5), late, open };
}
