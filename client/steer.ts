import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { ErrorType, parseOrThrow, PlansyklusError } from '../domain/errors';

/** How often an update follows a workflow into the run it continued as new into. */
const runsFollowed = 3;

/**
 * Sends an update to a workflow's latest run. An update that reaches a run as it continues as
 * new is turned away with "not found" although the workflow goes on (the time-skipping server
 * does so; plans continue as new within their round): it is sent again to the run that carries
 * on. The run that turned it away never took it, so nothing is applied twice.
 */
export async function updateLatestRun<R>(handle: WorkflowHandle, send: (handle: WorkflowHandle) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(handle);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || attempt >= runsFollowed) throw err;
      const described = await handle.describe().catch(() => undefined);
      if (described?.status.name !== 'RUNNING') throw err;
    }
  }
}

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
    return await updateLatestRun(handle, (h) => h.executeUpdate(update, { args: [valid] }));
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
