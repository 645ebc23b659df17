import type { Role } from './people';

/** Everything a collaboration does at a moment: mostly a mail, sometimes only a change of state. */
export type StepKind =
  | 'invitation'
  | 'meetingChanged'
  | 'meetingCancelled'
  | 'meetingReminder'
  | 'held'
  | 'referatRequest'
  | 'referatReminder'
  | 'referatEscalation'
  | 'deliverableRequest'
  | 'deliverableReminder'
  | 'deliverableEscalation'
  | 'leaderSummary'
  | 'closingSummary';

export interface Step {
  id: string;
  kind: StepKind;
  /** UTC ISO instant the step is due; a past instant means at once. */
  at: string;
  /** Who gets the mail; empty for steps that only change state. */
  to: Role[];
}
