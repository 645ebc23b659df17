import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { ErrorType, parseOrThrow, PlansyklusError } from '../domain/errors';

/**
 * Sends an update to a collaboration after checking its arguments here first, so bad input
 * fails fast with the field named. The workflow's validator has the last word (meeting held,
 * area chosen, …); a rejected update changes nothing.
 */
export async function steer<A, R>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<R, [A]>,
  schema: z.ZodType<A>,
  args: unknown,
  what: string,
): Promise<R> {
  const valid = parseOrThrow(schema, args, what);
  const handle = client.workflow.getHandle(workflowId);
  try {
    return await handle.executeUpdate(update, { args: [valid] });
  } catch (err) {
    // A finished collaboration no longer takes updates; say so rather than "not found".
    if (err instanceof WorkflowNotFoundError) {
      const described = await handle.describe().catch(() => undefined);
      if (described && described.status.name !== 'RUNNING') {
        throw new PlansyklusError(ErrorType.conflict, `${workflowId} er avsluttet (${described.status.name}) og kan ikke endres.`);
      }
    }
    throw err;
  }
}
