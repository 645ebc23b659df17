import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

/** The histories of a workflow's runs from `firstRunId` on, following each continue-as-new. */
export async function historiesOfRuns(client: Client, workflowId: string, firstRunId: string): Promise<temporal.api.history.v1.IHistory[]> {
  const histories = [];
  for (let runId: string | null | undefined = firstRunId; runId; ) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.push(history);
    runId = history.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return histories;
}
