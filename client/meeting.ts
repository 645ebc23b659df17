import type { Client } from '@temporalio/client';
import {
  cancelMeetingSchema,
  cancelMeetingUpdate,
  scheduleMeetingSchema,
  scheduleMeetingUpdate,
  type MeetingStatus,
} from '../domain/delta/messages';
import { parseOrThrow } from '../domain/errors';

// The workflow's validators have the last word (working day, not yet held, …).

export function scheduleMeeting(
  client: Client,
  workflowId: string,
  args: { meeting: string; start: string; location?: string },
): Promise<MeetingStatus> {
  const valid = parseOrThrow(scheduleMeetingSchema, args, 'Møtetiden');
  return client.workflow.getHandle(workflowId).executeUpdate(scheduleMeetingUpdate, { args: [valid] });
}

export function cancelMeeting(client: Client, workflowId: string, meeting: string): Promise<MeetingStatus> {
  const valid = parseOrThrow(cancelMeetingSchema, { meeting }, 'Avlysningen');
  return client.workflow.getHandle(workflowId).executeUpdate(cancelMeetingUpdate, { args: [valid] });
}
