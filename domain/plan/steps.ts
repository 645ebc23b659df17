import type { CalendarRules } from '../calendar';
import type { MailRequest } from '../mail';
import { markFollowUp, nextFollowUp, type FollowUpStep } from './followUp';
import type { PlanInput } from './input';
import { followUpMail, planMailsFor, revisionMail } from './mails';
import { markRevision, nextRevisionStep, type RevisionStep } from './revisionSteps';
import { activeMeasures, isLateAnswer, nextRoundStep, type PlanState, type RoundStep } from './round';

/**
 * What a plan does next, as one pure rule the workflow (workflows/planCycle.ts), the benchmark's
 * floor and the fuzz tests share: the earliest of this year's round step, the follow-up of
 * measures and the revision milestones.
 */
export type PlanStep =
  | { source: 'round'; step: RoundStep }
  | { source: 'followUp'; step: FollowUpStep }
  | { source: 'revision'; step: RevisionStep };

/** The next step; undefined once this year's round is done (the run continues as new). Ties go to the round, then the follow-up. */
export function nextPlanStep(state: PlanState, input: PlanInput, rules: CalendarRules): PlanStep | undefined {
  const round = nextRoundStep(state, input.cycle, rules);
  if (!round) return undefined;
  let next: PlanStep = { source: 'round', step: round };
  const followUp = nextFollowUp(state.measures, state.followUp, input.cycle.measures, rules);
  if (followUp && followUp.at < next.step.at) next = { source: 'followUp', step: followUp };
  const revision = nextRevisionStep(state.revision, input.revision, input.municipality.country, rules);
  if (revision && revision.at < next.step.at) next = { source: 'revision', step: revision };
  return next;
}

/** The mails a step sends at `now`. */
export function mailsOfStep(next: PlanStep, state: PlanState, input: PlanInput, workflowId: string, rules: CalendarRules, now: string): MailRequest[] {
  switch (next.source) {
    case 'followUp':
      return followUpMail(next.step, state, input, workflowId, rules, now);
    case 'revision':
      return revisionMail(next.step, input, workflowId, rules, now);
    case 'round':
      return planMailsFor(next.step, state, input, workflowId, rules, now);
  }
}

/** Records a performed step in the state; the yearly report closes the round at `now`. */
export function markStep(state: PlanState, next: PlanStep, input: PlanInput, rules: CalendarRules, now: string): void {
  if (next.source === 'followUp') state.followUp = markFollowUp(state.followUp, next.step);
  else if (next.source === 'revision') state.revision = markRevision(state.revision, next.step, input.revision, input.municipality.country, rules);
  else state.round = { ...state.round, done: [...state.round.done, next.step.id], closedAt: next.step.kind === 'yearlyReport' ? now : state.round.closedAt };
}

/** The round as the status query shows it: this year's measures with their answers, the retired ones, whether the plan has ended. */
export function roundView(state: PlanState, zone: string, now: string) {
  const { round } = state;
  return {
    round: { year: round.year, requestAt: round.requestAt, due: round.due, closedAt: round.closedAt },
    measures: activeMeasures(state, round.year).map((m) => ({
      id: m.id,
      owner: m.owner.owner,
      status: m.answers[round.year]?.status,
      lastYear: m.answers[round.year - 1]?.status,
      late: isLateAnswer(m, round, zone, now),
    })),
    retired: state.measures.filter((m) => m.retiredAt).map((m) => m.id),
    ended: state.ended,
  };
}
