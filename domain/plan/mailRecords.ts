import type { PlanSentRecord, PlanState } from './round';

/** How many years' mail records a plan keeps: the round under way and the one before. */
const yearsOfMailKept = 2;

/**
 * The plan as it goes into round `year`: the mail records of that round and the one before are
 * kept, older ones only counted (`earlier`). The status shows the recent ones and the counts of
 * all; without this a plan's state, and every continue-as-new's input, grew by about 116
 * records a year for as long as the plan runs.
 */
export function keepRecentMail(state: PlanState, year: number): PlanState {
  const recent = (r: PlanSentRecord) => r.year > year - yearsOfMailKept;
  const sent = state.sent.filter(recent);
  const failed = state.failed.filter(recent);
  if (sent.length === state.sent.length && failed.length === state.failed.length) return state;
  return {
    ...state,
    sent,
    failed,
    earlier: {
      sent: (state.earlier?.sent ?? 0) + state.sent.length - sent.length,
      failed: (state.earlier?.failed ?? 0) + state.failed.length - failed.length,
    },
  };
}

/** How many mails a plan has sent and failed to deliver in all its years, kept records and counted ones. */
export function mailCounts(s: Pick<PlanState, 'sent' | 'failed' | 'earlier'>): { sent: number; failed: number } {
  return { sent: s.sent.length + (s.earlier?.sent ?? 0), failed: s.failed.length + (s.earlier?.failed ?? 0) };
}
