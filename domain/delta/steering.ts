import { DateTime } from 'luxon';
import { isWorkingDay, localDate } from '../calendar';
import { ErrorType, PlansyklusError } from '../errors';
import { pick } from '../language';
import { newDeliverable } from '../deliverable';
import { cancelMeeting, newMeeting, resumeMeeting, scheduleMeeting, type MeetingState } from '../meetingPlan';
import type { Submission } from '../deliverable';
import type {
  ChangeContacts,
  ChooseFocusAreas,
  MeetingRef,
  RegisterEvaluation,
  RegisterMeasures,
  RegisterReferat,
  ReloadProgramme,
  ScheduleMeeting,
  SubmitActionPlan,
} from './messages';
import { areaKey, hasEnded, meetingKeys, meetingSpec, titleOf, type DeltaPlan, type DeltaState } from './progress';

/**
 * How people steer a collaboration, as pure rules: each `check…` throws a PlansyklusError
 * naming the field and the reason (and changes nothing); each `apply…` changes the state.
 * The workflow runs the checks as update validators, so a rejected update leaves no trace.
 */

const invalid = (message: string) => new PlansyklusError(ErrorType.invalidInput, message);
const conflict = (message: string) => new PlansyklusError(ErrorType.conflict, message);
const ms = (iso: string) => DateTime.fromISO(iso).toMillis();
const today = (plan: DeltaPlan, now: string) => localDate(now, plan.rules.zone);

export function checkOpen(state: DeltaState): void {
  if (hasEnded(state)) throw conflict('samarbeidet er avsluttet og kan ikke endres');
}

function meetingOf(state: DeltaState, plan: DeltaPlan, key: string): MeetingState {
  const m = meetingKeys(state, plan).includes(key) ? state.meetings[key] : undefined;
  if (!m) throw invalid(`meeting: ukjent møte «${key}»; samarbeidet har nå ${meetingKeys(state, plan).join(', ')}`);
  return m;
}

const begun = (m: MeetingState, now: string) => !!m.start && !m.cancelledAt && ms(m.start) <= ms(now);

function checkArea(state: DeltaState, area: number): void {
  if (!state.focusAreas.includes(area)) {
    const chosen = state.focusAreas.length ? `valgt er ${state.focusAreas.join(' og ')}` : 'ingen områder er valgt ennå';
    throw invalid(`area: innsatsområde ${area} er ikke valgt; ${chosen}`);
  }
}

// --- meetings ---------------------------------------------------------------------------

export function checkSchedule(state: DeltaState, plan: DeltaPlan, { meeting, start }: ScheduleMeeting, now: string): void {
  const m = meetingOf(state, plan, meeting);
  if (m.heldAt || begun(m, now)) throw conflict(`meeting: ${meeting} er allerede holdt eller i gang og kan ikke flyttes`);
  const at = DateTime.fromISO(start, { zone: plan.rules.zone });
  if (at.toMillis() <= ms(now)) throw invalid(`start: ${start} er allerede passert`);
  // A meeting after the end would never be held (and one in year 9999 broke the calendar).
  if (at.toMillis() >= ms(plan.endAt)) throw invalid(`start: ${start} er etter at samarbeidet slutter ${plan.endsOn}`);
  if (!isWorkingDay(at.toISODate()!, plan.rules)) throw invalid(`start: ${at.toISODate()} er ikke en arbeidsdag i kommunen`);
}

export function applySchedule(state: DeltaState, plan: DeltaPlan, { meeting, start, location }: ScheduleMeeting, now: string): void {
  state.meetings[meeting] = scheduleMeeting(state.meetings[meeting], meetingSpec(plan, meeting)!, start, plan.rules.zone, now, location);
}

export function checkCancel(state: DeltaState, plan: DeltaPlan, { meeting }: MeetingRef, now: string): void {
  const m = meetingOf(state, plan, meeting);
  if (!m.start) throw conflict(`meeting: ${meeting} er ikke satt opp`);
  if (m.cancelledAt) throw conflict(`meeting: ${meeting} er allerede avlyst`);
  if (m.heldAt || begun(m, now)) throw conflict(`meeting: ${meeting} er allerede holdt eller i gang`);
}

export function applyCancel(state: DeltaState, _plan: DeltaPlan, { meeting }: MeetingRef, now: string): void {
  state.meetings[meeting] = cancelMeeting(state.meetings[meeting], now);
}

/** A meeting counts as held at its end time, or earlier when someone confirms it. */
export function checkConfirmHeld(state: DeltaState, plan: DeltaPlan, { meeting }: MeetingRef, now: string): void {
  const m = meetingOf(state, plan, meeting);
  if (m.heldAt) throw conflict(`meeting: ${meeting} er allerede registrert som holdt`);
  if (!begun(m, now)) throw invalid(`meeting: ${meeting} har ikke begynt ennå`);
}

export function applyConfirmHeld(state: DeltaState, _plan: DeltaPlan, { meeting }: MeetingRef, now: string): void {
  const m = state.meetings[meeting];
  state.meetings[meeting] = { ...m, heldAt: now, done: [...m.done, 'held'], revision: m.revision + 1 };
}

export function checkReferat(state: DeltaState, plan: DeltaPlan, { meeting }: RegisterReferat, now: string): void {
  const m = meetingOf(state, plan, meeting);
  if (!meetingSpec(plan, meeting)!.referat) throw invalid(`meeting: det skrives ikke referat fra ${meeting}`);
  if (!begun(m, now) && !m.heldAt) throw invalid(`meeting: ${meeting} er ikke holdt ennå`);
  if (m.referat) throw conflict(`meeting: referatet fra ${meeting} er allerede registrert`);
}

export function applyReferat(state: DeltaState, _plan: DeltaPlan, { meeting, text }: RegisterReferat, now: string): void {
  const m = state.meetings[meeting];
  state.meetings[meeting] = { ...m, referat: { registeredAt: now, text }, revision: m.revision + 1 };
}

// --- focus areas and deliverables ---------------------------------------------------------

export function checkChooseFocusAreas(state: DeltaState, plan: DeltaPlan, { areas }: ChooseFocusAreas, now: string): void {
  const fa = plan.programme.focusAreas;
  if (state.focusAreas.length) throw conflict(`areas: innsatsområdene er allerede valgt (${state.focusAreas.join(' og ')})`);
  if (areas.length !== fa.choose) throw invalid(`areas: velg nøyaktig ${fa.choose} innsatsområder, ikke ${areas.length}`);
  const unknown = areas.find((n) => n > fa.areas.length);
  if (unknown !== undefined) throw invalid(`areas: ${unknown} finnes ikke; områdene er nummerert 1–${fa.areas.length}`);
  const last = plan.programme.sequence[plan.programme.sequence.length - 1];
  const seminar = state.meetings[last];
  if (!seminar.heldAt && !begun(seminar, now)) {
    throw invalid(`areas: områdene velges på eller etter ${pick(plan.programme.meetings[last].title, plan.language).toLowerCase()}, som ikke er holdt ennå`);
  }
}

export function applyChooseFocusAreas(state: DeltaState, plan: DeltaPlan, { areas }: ChooseFocusAreas, now: string): void {
  const fa = plan.programme.focusAreas;
  state.focusAreas = [...areas];
  for (const n of areas) {
    for (const k of fa.sequence) state.meetings[areaKey(n, k)] = newMeeting(areaKey(n, k));
    for (const k of fa.deliverables) state.deliverables[areaKey(n, k)] = newDeliverable(areaKey(n, k));
  }
  submit(state, plan.programme.focusAreas.choice, { at: now, areas: [...areas] });
}

function deliverableOf(state: DeltaState, plan: DeltaPlan, area: number, base: string) {
  checkArea(state, area);
  const key = areaKey(area, base);
  const d = state.deliverables[key];
  if (d?.submitted) throw conflict(`area: ${titleOf(plan, key)} er allerede levert`);
  return key;
}

export const actionPlanKey = (plan: DeltaPlan): string => plan.programme.focusAreas.deliverables.find((k) => k !== plan.programme.completes)!;

export function checkActionPlan(state: DeltaState, plan: DeltaPlan, { area }: SubmitActionPlan): void {
  deliverableOf(state, plan, area, actionPlanKey(plan));
}

export function applyActionPlan(state: DeltaState, plan: DeltaPlan, { area, text }: SubmitActionPlan, now: string): string {
  return submit(state, areaKey(area, actionPlanKey(plan)), { at: now, text });
}

export function checkEvaluation(state: DeltaState, plan: DeltaPlan, { area, signedOn }: RegisterEvaluation, now: string): void {
  deliverableOf(state, plan, area, plan.programme.completes);
  if (signedOn > today(plan, now)) throw invalid(`signedOn: ${signedOn} er fram i tid`);
}

export function applyEvaluation(state: DeltaState, plan: DeltaPlan, { area, text, signedBy, signedOn }: RegisterEvaluation, now: string): string {
  return submit(state, areaKey(area, plan.programme.completes), { at: now, text, signedBy, signedOn });
}

function submit(state: DeltaState, key: string, submission: Submission): string {
  state.deliverables[key] = { ...(state.deliverables[key] ?? { key, pausedDays: 0, done: [] }), submitted: submission };
  return key;
}

export function checkMeasures(state: DeltaState, _plan: DeltaPlan, { area }: RegisterMeasures): void {
  checkArea(state, area);
}

export function applyMeasures(state: DeltaState, _plan: DeltaPlan, { area, measures }: RegisterMeasures, now: string): void {
  state.measures[area] = [...(state.measures[area] ?? []), ...measures.map((m) => ({ ...m, registeredAt: now }))];
}

// --- the collaboration as a whole ---------------------------------------------------------

export function checkPause(state: DeltaState): void {
  if (state.pausedAt) throw conflict('samarbeidet er allerede satt på pause');
}

export function applyPause(state: DeltaState, _plan: DeltaPlan, _args: unknown, now: string): void {
  state.pausedAt = now;
}

export function checkResume(state: DeltaState): void {
  if (!state.pausedAt) throw conflict('samarbeidet er ikke satt på pause');
}

/** Resuming moves every open deadline on by the paused days; the meetings keep their times. */
export function applyResume(state: DeltaState, plan: DeltaPlan, _args: unknown, now: string): void {
  const days = Math.round((ms(now) - ms(state.pausedAt!)) / 86_400_000);
  state.pausedAt = undefined;
  for (const key of meetingKeys(state, plan)) {
    state.meetings[key] = resumeMeeting(state.meetings[key], meetingSpec(plan, key)!, plan.rules, days, now);
  }
  for (const d of Object.values(state.deliverables)) {
    if (d.openedAt && !d.submitted) d.pausedDays += days;
  }
}

export function applyContacts(state: DeltaState, _plan: DeltaPlan, change: ChangeContacts): void {
  state.people = { ...state.people, ...change };
}

// ---------------------------------------------------------------------------------------
// Reloading the programme: what a KoRus centre changed in templates/programmes/ (times, lead
// times, reminder cadences, agendas, texts) applies from the next step on. Its structure —
// which meetings, deliverables and focus areas there are, and how long it runs — is what the
// running collaboration is built on and must stay as it is.

/** The programme's shape: the parts a running collaboration's state refers to. */
function shape(p: DeltaPlan['programme']) {
  const keys = (o: object) => Object.keys(o).sort().join(',');
  return {
    id: p.id,
    durationYears: String(p.durationYears),
    sequence: p.sequence.join(','),
    meetings: keys(p.meetings),
    deliverables: keys(p.deliverables),
    'focusAreas.areas': String(p.focusAreas.areas.length),
    'focusAreas.sequence': p.focusAreas.sequence.join(','),
    'focusAreas.meetings': keys(p.focusAreas.meetings),
    completes: p.completes,
  };
}

export function checkReload(_state: DeltaState, plan: DeltaPlan, { programme }: ReloadProgramme): void {
  const now = shape(plan.programme);
  const next = shape(programme);
  const changed = (Object.keys(now) as (keyof typeof now)[]).filter((k) => now[k] !== next[k]);
  if (changed.length) {
    throw invalid(
      changed.map((k) => `programme.${k}: kan ikke endres i et samarbeid som er i gang (var ${now[k] || 'tom'}, nå ${next[k] || 'tom'})`).join('\n'),
    );
  }
}

/** The plan is the workflow's context: it is changed in place, and carried on by continue-as-new. */
export function applyReload(_state: DeltaState, plan: DeltaPlan, { programme }: ReloadProgramme): void {
  plan.programme = programme;
}
