import { Client, Connection } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { connectionOptions } from '../infra/temporalConnection';
import { codecKeysFor, encryptingDataConverter } from '../codec/dataConverter';
import type { Config } from '../domain/config';

/** One client per CLI call; closed by `withClient` whatever happens. */
export async function withClient<T>(config: Config, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ ...connectionOptions(config.temporal), connectTimeout: '5 seconds' });
  try {
    return await fn(new Client({ connection, namespace: config.temporal.namespace, dataConverter: encryptingDataConverter(codecKeysFor(config)) }));
  } finally {
    await connection.close();
  }
}

/** Start options for an id that is never used twice: a second start is "already exists". */
export const onlyOnce = (config: Config, workflowId: string) => ({
  taskQueue: config.temporal.taskQueue,
  workflowId,
  workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
});
