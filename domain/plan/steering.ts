import { addDays, type Country } from '../calendar';
import { ErrorType, PlansyklusError } from '../errors';
import type { AddMeasure, AnswerStatus, ChangeMeasure, ChangeOwner, EndPlan, ReloadPlanTemplates, RetireMeasure } from './messages';
import { nextElection, revisionMilestones } from './revision';
import type { MeasureState, PlanState } from './round';

/**
 * How people steer a running plan, as pure rules: each `check…` throws a PlansyklusError
 * naming the field and why (and changes nothing); each `apply…` changes the state.
 */
const invalid = (message: string) => new PlansyklusError(ErrorType.invalidInput, message);
const conflict = (message: string) => new PlansyklusError(ErrorType.conflict, message);
const ms = (iso: string) => Date.parse(iso);

function active(state: PlanState, id: string): MeasureState {
  const m = state.measures.find((x) => x.id === id);
  if (!m) throw invalid(`measure: planen har ikke noe tiltak ${id}`);
  if (m.retiredAt) throw conflict(`measure: tiltak ${id} er tatt ut av planen`);
  return m;
}

const roundOpen = (state: PlanState, now: string) => ms(now) >= ms(state.round.requestAt) && !state.round.closedAt;

/** A status answers this year's round; "done" may also come between rounds, and ends the reminders. */
export function checkAnswer(state: PlanState, _c: unknown, { measure, status }: AnswerStatus, now: string): void {
  const { round } = state;
  const m = active(state, measure);
  if (m.finishedAt && !m.answers[round.year]) throw conflict(`measure: tiltak ${measure} er allerede meldt ferdig`);
  if (status === 'done' || roundOpen(state, now)) return;
  if (round.closedAt) throw conflict(`runden for ${round.year} er avsluttet; rapporten er sendt (bare «ferdig» kan meldes mellom rundene)`);
  throw invalid(`runden for ${round.year} har ikke startet ennå; den åpner ${round.requestAt.slice(0, 10)} (bare «ferdig» kan meldes før det)`);
}

export function applyAnswer(state: PlanState, _c: unknown, { measure, status, comment }: AnswerStatus, now: string): void {
  const m = state.measures.find((x) => x.id === measure)!;
  if (roundOpen(state, now)) m.answers = { ...m.answers, [state.round.year]: { status, comment, at: now } };
  m.finishedAt = status === 'done' ? now : undefined;
}

export function checkAdd(state: PlanState, _c: unknown, { measure }: AddMeasure): void {
  if (state.measures.some((m) => m.id === measure.id)) throw conflict(`measure.id: planen har allerede et tiltak ${measure.id}`);
}

export function applyAdd(state: PlanState, _c: unknown, { measure }: AddMeasure): void {
  state.measures.push({ ...measure, answers: {} });
}

export function checkChange(state: PlanState, _c: unknown, { measure }: ChangeMeasure): void {
  active(state, measure);
}

export function applyChange(state: PlanState, _c: unknown, { measure, text, goal, period }: ChangeMeasure): void {
  const m = state.measures.find((x) => x.id === measure)!;
  Object.assign(m, { ...(text !== undefined && { measure: text }), ...(goal !== undefined && { goal }), ...(period && { period }) });
}

export function checkRetire(state: PlanState, _c: unknown, { measure }: RetireMeasure): void {
  active(state, measure);
}

export function applyRetire(state: PlanState, _c: unknown, { measure }: RetireMeasure, now: string): void {
  state.measures.find((x) => x.id === measure)!.retiredAt = now;
}

export function checkOwner(state: PlanState, _c: unknown, { measure, owner }: ChangeOwner): void {
  const m = active(state, measure);
  if (m.owner.owner === owner.owner && m.owner.person.email === owner.person.email) throw conflict(`owner: ${owner.owner} har allerede ansvaret for tiltak ${measure}`);
}

export function applyOwner(state: PlanState, _c: unknown, { measure, owner }: ChangeOwner): void {
  state.measures.find((x) => x.id === measure)!.owner = owner;
}

/** Every change is refused once a newer plan has replaced this one. */
export function checkNotEnded(state: PlanState): void {
  if (state.ended) throw conflict(`planen er erstattet av ${state.ended.successor} og kan ikke endres`);
}

export function applyEnd(state: PlanState, _c: unknown, { successor }: EndPlan, now: string): void {
  state.ended = { at: now, successor };
}

/**
 * Reloaded revision data must give milestones for this council term and the next: a step that
 * lasts into the next milestone passes the schema, but the workflow could not plan it.
 */
export function checkTemplates(state: PlanState, country: Country, { revision }: ReloadPlanTemplates): void {
  const next = nextElection(country, addDays(state.revision.election, 1));
  for (const election of [state.revision.election, next]) {
    try {
      revisionMilestones(revision, country, election);
    } catch (err) {
      throw invalid(`revision.milestones: ${(err as Error).message.replace(/^revisionMilestones: /, '')}`);
    }
  }
}
