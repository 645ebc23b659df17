import { workflowInfo } from '@temporalio/workflow';

/** The current run's history has passed `limit` events, or Temporal suggests continuing as new. */
export function runIsLong(limit: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > limit;
}
