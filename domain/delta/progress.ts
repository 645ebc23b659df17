import { DateTime } from 'luxon';
import { addWorkingDays, localDate, sendMoment, workingMoment, type CalendarRules, type Country } from '../calendar';
import { rulesFor } from '../municipality';
import { newDeliverable, nextDeliverableStep, type DeliverableState } from '../deliverable';
import { pick, type Language } from '../language';
import { defaultLocalStart, newMeeting, nextStep, scheduleMeeting, type MeetingState } from '../meetingPlan';
import type { Person, Role } from '../people';
import type { DeliverableSpec, MeetingSpec, Programme } from '../programme';
import type { Step, StepKind } from '../step';

/**
 * How a DelTa collaboration moves on, as pure rules over its state: the shared meetings in
 * order, then (once the municipality has chosen its focus areas) each area's meetings side by
 * side, the deliverables each meeting opens, the milestones leaders hear about, and the end.
 */

export interface Measure {
  title: string;
  responsible?: string;
  due?: string;
  registeredAt: string;
}

export type MilestoneKind = 'meetingHeld' | 'deliverableIn' | 'ended';

export interface Milestone {
  id: string;
  kind: MilestoneKind;
  /** The meeting or deliverable key; empty for the end. */
  subject: string;
  reachedAt: string;
  /** The leader's summary has gone out (or was folded into the closing summary). */
  done: boolean;
}

export interface SentRecord {
  at: string;
  kind: StepKind;
  /** The meeting, deliverable or milestone the mail is about. */
  subject: string;
  to: Role[];
}

/** Everything a collaboration remembers; plain data, carried over on continue-as-new. */
export interface DeltaState {
  startedAt: string;
  meetings: Record<string, MeetingState>;
  deliverables: Record<string, DeliverableState>;
  /** The chosen focus areas (their numbers), in the order chosen; empty until chosen. */
  focusAreas: number[];
  /** Measures registered per focus area number. */
  measures: Record<string, Measure[]>;
  milestones: Milestone[];
  sent: SentRecord[];
  failed: SentRecord[];
  pausedAt?: string;
  people: Record<Role, Person>;
}

/** What the rules need besides the state: the programme and the municipality's calendar. */
export interface DeltaPlan {
  programme: Programme;
  rules: CalendarRules;
  language: Language;
  agreementDate: string;
  /** The local date the collaboration ends on at the latest (the programme's years after the agreement)… */
  endsOn: string;
  /** …and that day's start as a UTC instant. */
  endAt: string;
}

export function deltaPlan(input: { programme: Programme; agreementDate: string; municipality: { country: Country; quietPeriod: boolean; language: Language } }): DeltaPlan {
  const { programme, municipality } = input;
  const rules = rulesFor(municipality);
  const endsOn = DateTime.fromISO(input.agreementDate).plus({ years: programme.durationYears }).toISODate()!;
  return {
    programme,
    rules,
    language: municipality.language,
    agreementDate: input.agreementDate,
    endsOn,
    endAt: DateTime.fromISO(endsOn, { zone: rules.zone }).toUTC().toISO()!,
  };
}

// ---------------------------------------------------------------------------------------
// Keys: shared units have plain keys, a focus area's units are `area<n>.<key>`.

export const areaKey = (n: number, key: string): string => `area${n}.${key}`;

export function splitKey(key: string): { area?: number; base: string } {
  const m = /^area(\d+)\.(.+)$/.exec(key);
  return m ? { area: Number(m[1]), base: m[2] } : { base: key };
}

export function meetingSpec(plan: DeltaPlan, key: string): MeetingSpec | undefined {
  const { area, base } = splitKey(key);
  const fa = plan.programme.focusAreas;
  if (area === undefined) return plan.programme.meetings[base];
  const spec = fa.meetings[base];
  const focusArea = fa.areas[area - 1];
  if (!spec || !focusArea || base !== fa.seminar) return spec && focusArea ? spec : undefined;
  return {
    ...spec,
    agenda: focusArea.programme,
    durationMinutes: focusArea.workSeminar.durationMinutes ?? spec.durationMinutes,
    defaultStart: { ...spec.defaultStart, time: focusArea.workSeminar.time ?? spec.defaultStart.time },
  };
}

export function deliverableSpec(plan: DeltaPlan, key: string): DeliverableSpec | undefined {
  return plan.programme.deliverables[splitKey(key).base];
}

/** The title people read: a focus area's units carry the area's short name. */
export function titleOf(plan: DeltaPlan, key: string): string {
  const { area, base } = splitKey(key);
  const spec = area === undefined ? (plan.programme.meetings[base] ?? plan.programme.deliverables[base]) : (plan.programme.focusAreas.meetings[base] ?? plan.programme.deliverables[base]);
  const title = spec ? pick(spec.title, plan.language) : key;
  if (area === undefined) return title;
  return `${title} – ${pick(plan.programme.focusAreas.areas[area - 1].short, plan.language)}`;
}

/** Meeting keys in the order people think of them: shared meetings, then each chosen area's. */
export function meetingKeys(state: DeltaState, plan: DeltaPlan): string[] {
  const fa = plan.programme.focusAreas;
  return [...plan.programme.sequence, ...state.focusAreas.flatMap((n) => fa.sequence.map((k) => areaKey(n, k)))];
}

export function deliverableKeys(state: DeltaState, plan: DeltaPlan): string[] {
  const fa = plan.programme.focusAreas;
  const shared = Object.keys(plan.programme.deliverables).filter((k) => !fa.deliverables.includes(k));
  return [...shared, ...state.focusAreas.flatMap((n) => fa.deliverables.map((k) => areaKey(n, k)))];
}

// ---------------------------------------------------------------------------------------
// State

export function newDeltaState(plan: DeltaPlan, people: Record<Role, Person>, startedAt: string): DeltaState {
  const shared = Object.keys(plan.programme.deliverables).filter((k) => !plan.programme.focusAreas.deliverables.includes(k));
  return {
    startedAt,
    meetings: Object.fromEntries(plan.programme.sequence.map((k) => [k, newMeeting(k)])),
    deliverables: Object.fromEntries(shared.map((k) => [k, newDeliverable(k)])),
    focusAreas: [],
    measures: {},
    milestones: [],
    sent: [],
    failed: [],
    people,
  };
}

const later = (a: string, b: string) => (a > b ? a : b);
export const milestoneOf = (state: DeltaState, id: string) => state.milestones.find((m) => m.id === id);
export const hasEnded = (state: DeltaState): boolean => !!milestoneOf(state, 'end');

/** Schedules, at their default time, the meetings of a chain whose predecessor is held. */
function scheduleChain(state: DeltaState, plan: DeltaPlan, keys: string[], from: string, now: string): boolean {
  let changed = false;
  for (const key of keys) {
    const m = state.meetings[key];
    const spec = meetingSpec(plan, key)!;
    if (!m.start && !m.cancelledAt) {
      state.meetings[key] = scheduleMeeting(m, spec, defaultLocalStart(spec, from, plan.rules), plan.rules.zone, now);
      changed = true;
    }
    const current = state.meetings[key];
    if (!current.heldAt) break;
    from = localDate(current.end!, plan.rules.zone);
  }
  return changed;
}

/**
 * Moves the collaboration on as far as its state allows: default times for meetings whose
 * turn has come, deliverables opened by held meetings and their due dates, milestones
 * reached, and the end. Mutates `state`; returns whether anything changed.
 */
export function advance(state: DeltaState, plan: DeltaPlan, now: string): boolean {
  if (hasEnded(state)) return false;
  const { programme, rules } = plan;
  const fa = programme.focusAreas;
  let changed = scheduleChain(state, plan, programme.sequence, later(plan.agreementDate, localDate(state.startedAt, rules.zone)), now);

  const choice = state.deliverables[fa.choice]?.submitted;
  state.focusAreas.forEach((n, i) => {
    const from = addWorkingDays(localDate(choice?.at ?? now, rules.zone), i * fa.staggerWorkingDays, rules);
    changed = scheduleChain(state, plan, fa.sequence.map((k) => areaKey(n, k)), from, now) || changed;
  });

  for (const key of deliverableKeys(state, plan)) {
    const d = state.deliverables[key];
    const spec = deliverableSpec(plan, key)!;
    const { area } = splitKey(key);
    const meetingAt = (k: string) => state.meetings[area === undefined ? k : areaKey(area, k)];
    const opener = meetingAt(spec.opensWhenHeld);
    if (!d.openedAt && !d.submitted && opener?.heldAt) {
      d.openedAt = opener.heldAt;
      changed = true;
    }
    if (!d.openedAt || d.submitted) continue;
    let due: string | undefined;
    if ('workingDaysAfterOpening' in spec.due) {
      due = addWorkingDays(localDate(d.openedAt, rules.zone), spec.due.workingDaysAfterOpening, rules);
    } else {
      const target = meetingAt(spec.due.meeting);
      if (target?.start && !target.cancelledAt) due = addWorkingDays(localDate(target.start, rules.zone), -spec.due.workingDaysBefore, rules);
    }
    if (due !== d.due) {
      d.due = due;
      changed = true;
    }
  }

  const reach = (id: string, kind: MilestoneKind, subject: string, reachedAt: string) => {
    if (milestoneOf(state, id)) return;
    state.milestones.push({ id, kind, subject, reachedAt, done: false });
    changed = true;
  };
  const lastShared = programme.sequence[programme.sequence.length - 1];
  const lastHeld = state.meetings[lastShared]?.heldAt;
  if (lastHeld) reach(`held.${lastShared}`, 'meetingHeld', lastShared, lastHeld);
  for (const key of deliverableKeys(state, plan)) {
    const submitted = state.deliverables[key].submitted;
    if (submitted) reach(`in.${key}`, 'deliverableIn', key, submitted.at);
  }

  const complete = state.focusAreas.length > 0 && state.focusAreas.every((n) => !!state.deliverables[areaKey(n, programme.completes)]?.submitted);
  if (complete || now >= plan.endAt) {
    // The closing summary tells the leader everything; summaries not yet sent fold into it.
    for (const m of state.milestones) m.done = true;
    reach('end', 'ended', '', now);
  }
  return changed;
}

// ---------------------------------------------------------------------------------------
// What is due

export interface Due {
  unit: 'meeting' | 'deliverable' | 'milestone';
  key: string;
  step: Step;
}

/** Every unit's next step, earliest first; after the end only the closing summary is left. */
export function dueSteps(state: DeltaState, plan: DeltaPlan): Due[] {
  const summary = (m: Milestone): Due => ({
    unit: 'milestone',
    key: m.id,
    step: {
      id: m.id === 'end' ? 'closingSummary' : 'leaderSummary',
      kind: m.id === 'end' ? 'closingSummary' : 'leaderSummary',
      at: workingMoment(m.reachedAt, plan.rules),
      to: ['leader'],
    },
  });
  const end = milestoneOf(state, 'end');
  if (end) return end.done ? [] : [summary(end)];
  const due: Due[] = [];
  for (const key of meetingKeys(state, plan)) {
    const step = nextStep(state.meetings[key], meetingSpec(plan, key)!, plan.rules);
    if (step) due.push({ unit: 'meeting', key, step });
  }
  for (const key of deliverableKeys(state, plan)) {
    const step = nextDeliverableStep(state.deliverables[key], deliverableSpec(plan, key)!, plan.rules);
    if (step) due.push({ unit: 'deliverable', key, step });
  }
  // One summary covers every milestone reached by the time it goes out (see `summarised`).
  const waiting = state.milestones.filter((m) => !m.done);
  if (waiting.length) due.push(summary(waiting[waiting.length - 1]));
  // A stable sort keeps the order above for steps due at the same instant.
  return due.sort((a, b) => a.step.at.localeCompare(b.step.at));
}

/**
 * The step to perform next and the instant to perform it at. While paused no mail goes out
 * (steps that only change state, like a meeting being held, go on); a mail held back by a
 * pause or by a worker that was down goes out now, or on the next working morning when now
 * is a weekend or holiday.
 */
export function nextDue(state: DeltaState, plan: DeltaPlan, now: string): { due: Due; at: string } | undefined {
  const due = dueSteps(state, plan).find((d) => !state.pausedAt || !d.step.to.length);
  if (!due) return undefined;
  const heldBack = due.step.to.length && due.step.at < now ? sendMoment(now, plan.rules) : undefined;
  return { due, at: heldBack && heldBack > now ? heldBack : due.step.at };
}

/** Records a performed step. */
export function markDone(state: DeltaState, due: Due, now: string): void {
  if (due.unit === 'milestone') {
    for (const m of summarised(state)) m.done = true;
  } else if (due.unit === 'deliverable') {
    const d = state.deliverables[due.key];
    d.done = [...d.done, due.step.id];
  } else {
    const m = state.meetings[due.key];
    state.meetings[due.key] = { ...m, done: [...m.done, due.step.id], heldAt: due.step.kind === 'held' ? now : m.heldAt };
  }
}

/** The milestones the next leader's summary reports: all those not yet reported. */
export function summarised(state: DeltaState): Milestone[] {
  return state.milestones.filter((m) => !m.done);
}

/** Where the collaboration stands, in one word (also a search attribute). */
export function phaseOf(state: DeltaState, plan: DeltaPlan): string {
  if (hasEnded(state)) return 'ended';
  if (state.focusAreas.length) return 'focusAreaWork';
  return plan.programme.sequence.find((k) => !state.meetings[k]?.heldAt) ?? 'choosingFocusAreas';
}
