import type { Client } from '@temporalio/client';
import { registerReferatSchema, registerReferatUpdate, type MeetingStatus } from '../domain/delta/messages';
import { parseOrThrow } from '../domain/errors';

/** Registers a referat; the workflow's validator has the last word (meeting held, not already registered). */
export async function registerReferat(client: Client, workflowId: string, meeting: string, text: string): Promise<MeetingStatus> {
  const args = parseOrThrow(registerReferatSchema, { meeting, text }, 'Referatet');
  return client.workflow.getHandle(workflowId).executeUpdate(registerReferatUpdate, { args: [args] });
}
