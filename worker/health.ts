// The worker container's health check (Dockerfile HEALTHCHECK): is a worker polling its task
// queue? Exit 0 when a poller was seen lately; otherwise print the reason and exit 1 — also when
// the configuration is invalid or Temporal cannot be asked (Docker reserves exit code 2).
import { Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { loadConfig } from '../domain/config';
import { connectionOptions } from '../infra/temporalConnection';

/** temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW */
const WORKFLOW_TASK_TYPE = 1;
/** temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL */
const NORMAL_KIND = 1;

/**
 * How old the newest poll may be. The server records a poll when it starts, and an idle
 * worker's long poll lasts up to a minute, so a healthy idle worker's newest poll can be just
 * over 60 s old; the margin keeps the check from flapping at the end of each long poll.
 */
const maxPollAgeMs = 90_000;
const timeoutMs = 5_000;

async function check(): Promise<string> {
  const config = loadConfig(process.env);
  const { address, namespace, taskQueue } = config.temporal;
  const where = `oppgavekøen «${taskQueue}» i navnerommet «${namespace}» på ${address}`;

  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions(config.temporal), connectTimeout: timeoutMs });
  } catch (err) {
    throw new Error(`får ikke kontakt med Temporal på ${address}: ${firstLine(err)}`);
  }
  let lastPolls: number[];
  try {
    const { pollers } = await connection.withDeadline(Date.now() + timeoutMs, () =>
      connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue, kind: NORMAL_KIND },
        taskQueueType: WORKFLOW_TASK_TYPE,
      }),
    );
    lastPolls = (pollers ?? []).map((p) => optionalTsToMs(p.lastAccessTime) ?? 0).filter((ms) => ms > 0);
  } catch (err) {
    throw new Error(`Temporal svarte ikke om ${where}: ${firstLine(err)}`);
  } finally {
    await connection.close();
  }

  if (lastPolls.length === 0) throw new Error(`ingen worker poller ${where}`);
  const age = Math.max(0, Date.now() - Math.max(...lastPolls));
  if (age > maxPollAgeMs) {
    throw new Error(`siste poll på ${where} var for ${Math.round(age / 1000)} s siden (grense ${maxPollAgeMs / 1000} s)`);
  }
  return `${lastPolls.length} poller på ${where}, siste for ${Math.round(age / 1000)} s siden`;
}

function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err).split('\n')[0];
}

check().then(
  (status) => {
    process.stdout.write(`frisk: ${status}\n`);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`usunn: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
