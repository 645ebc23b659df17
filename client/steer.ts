import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { parseOrThrow } from '../domain/errors';

/**
 * Sends an update to a collaboration after checking its arguments here first, so bad input
 * fails fast with the field named. The workflow's validator has the last word (meeting held,
 * area chosen, …); a rejected update changes nothing.
 */
export function steer<A, R>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<R, [A]>,
  schema: z.ZodType<A>,
  args: unknown,
  what: string,
): Promise<R> {
  const valid = parseOrThrow(schema, args, what);
  return client.workflow.getHandle(workflowId).executeUpdate(update, { args: [valid] });
}
