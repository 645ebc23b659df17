import { atLocal, type CalendarRules } from '../calendar';
import { nextElection, revisionMilestones, type RevisionMilestone, type RevisionSpec } from './revision';

/**
 * The plan owner's reminders for the four-yearly revision: before each milestone of the
 * council term and on its due date. When the term's last milestone (the new plan's start) has
 * passed, the next election's milestones follow.
 */
export interface RevisionState {
  /** The election day whose council term the revision belongs to. */
  election: string;
  done: string[];
}

export interface RevisionStep {
  id: string;
  kind: 'revisionMilestone';
  at: string;
  milestone: RevisionMilestone;
  /** The reminder's day, or the due date itself. */
  day: string;
}

export function firstRevision(country: 'NO' | 'DK', since: string): RevisionState {
  return { election: nextElection(country, since), done: [] };
}

export function revisionSteps(r: RevisionState, spec: RevisionSpec, country: 'NO' | 'DK', rules: CalendarRules): RevisionStep[] {
  const morning = (day: string) => atLocal(day, rules.workdayStart, rules.zone);
  return revisionMilestones(spec, country, r.election)
    .flatMap((m) => [...m.reminders, m.due].map((day) => ({ id: `revision:${m.key}:${day}`, kind: 'revisionMilestone' as const, at: morning(day), milestone: m, day })))
    .sort((a, b) => a.at.localeCompare(b.at));
}

export function nextRevisionStep(r: RevisionState, spec: RevisionSpec, country: 'NO' | 'DK', rules: CalendarRules): RevisionStep | undefined {
  return revisionSteps(r, spec, country, rules).find((s) => !r.done.includes(s.id));
}

/** Records a performed step; after the term's last one, the next election's term begins. */
export function markRevision(r: RevisionState, step: RevisionStep, spec: RevisionSpec, country: 'NO' | 'DK', rules: CalendarRules): RevisionState {
  const done = { ...r, done: [...r.done, step.id] };
  if (nextRevisionStep(done, spec, country, rules)) return done;
  const after = new Date(Date.parse(`${r.election}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { election: nextElection(country, after), done: [] };
}
