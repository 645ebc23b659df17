/**
 * The benchmark's one worker, in a process of its own so its memory can be measured alone:
 * createWorker (worker/createWorker.ts) with the pre-built workflow bundle, connected to the
 * parent's time-skipping server, sending to the parent's SMTP sink. Started by bench-scale.ts
 * with fork(); reports its RSS every second and, when told to stop, its peak RSS.
 */
import { NativeConnection } from '@temporalio/worker';
import { parseCodecKeys } from '../../codec/aesGcm';
import { encryptingDataConverter } from '../../codec/dataConverter';
import { quietRuntime } from '../../infra/timeSkipping';
import { createWorker } from '../../worker/createWorker';
import { peakRss } from './memory';

export interface WorkerChildConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  smtpUrl: string;
  mailFrom: string;
  bundlePath: string;
  /** `id=base64`: the parent client's codec key, so both read each other's payloads. */
  codecKey: string;
  /** Workflows kept in memory between their steps. */
  maxCachedWorkflows: number;
  /** The sent-log's SQLite file, as in production (in memory it would grow the worker by every mail). */
  sentLogPath: string;
}

/** One sample of the worker's memory (process.memoryUsage()). */
export interface WorkerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
}

export type WorkerChildMessage =
  | { type: 'ready' }
  | ({ type: 'rss' } & WorkerMemory)
  | { type: 'stopped'; maxRss: number; rss: number }
  | { type: 'error'; message: string };

const send = (m: WorkerChildMessage) => process.send?.(m);

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_WORKER_CONFIG ?? '{}') as WorkerChildConfig;
  quietRuntime();
  const connection = await NativeConnection.connect({ address: config.address });
  const worker = await createWorker({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    dataConverter: encryptingDataConverter(parseCodecKeys([config.codecKey])),
    workflowBundle: { codePath: config.bundlePath },
    maxCachedWorkflows: config.maxCachedWorkflows,
    sentLogPath: config.sentLogPath,
  });
  const running = worker.run();
  const sampler = setInterval(() => {
    const { rss, heapUsed, heapTotal } = process.memoryUsage();
    send({ type: 'rss', rss, heapUsed, heapTotal });
  }, 1000);
  process.on('message', (m: { type?: string }) => {
    if (m?.type !== 'stop') return;
    clearInterval(sampler);
    worker.shutdown();
  });
  send({ type: 'ready' });
  await running;
  await connection.close();
  send({ type: 'stopped', maxRss: peakRss(), rss: process.memoryUsage().rss });
  process.disconnect?.();
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
  process.disconnect?.();
});
