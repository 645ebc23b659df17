import type { Client } from '@temporalio/client';
import {
  cancelMeetingSchema,
  cancelMeetingUpdate,
  scheduleMeetingSchema,
  scheduleMeetingUpdate,
  type MeetingStatus,
} from '../domain/delta/messages';
import { parseOrThrow } from '../domain/errors';

/** Schedules, reschedules or cancels a meeting; the workflow's validator has the last word. */
export async function steerMeeting(
  client: Client,
  workflowId: string,
  action: 'schedule' | 'cancel',
  args: { meeting: string; start?: string; location?: string },
): Promise<MeetingStatus> {
  const handle = client.workflow.getHandle(workflowId);
  if (action === 'cancel') {
    return handle.executeUpdate(cancelMeetingUpdate, { args: [parseOrThrow(cancelMeetingSchema, args, 'Avlysningen')] });
  }
  return handle.executeUpdate(scheduleMeetingUpdate, { args: [parseOrThrow(scheduleMeetingSchema, args, 'Møtetiden')] });
}
