import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { loadProgramme } from '../../client/files';
import type { DeltaInput, MeetingTime } from '../../domain/delta/input';
import { encryptingDataConverter, ephemeralKeys } from '../../codec/dataConverter';
import { registerSearchAttributes } from '../../infra/searchAttributes';
import { startSmtpSink, type SinkOptions, type SmtpSink } from '../../infra/smtpSink';
import { createWorker, type WorkerOptions } from '../../worker/createWorker';
import { bundleWorkflows, timeSkippingEnv } from './temporal';

export const people = {
  contact: { name: 'Kari Nordmann', email: 'kari@kommune.test' },
  leader: { name: 'Per Hansen', email: 'per@kommune.test' },
  adviser: { name: 'Ingrid Berg', email: 'ingrid@korus.test' },
};

/** A DelTa collaboration of the test municipality, agreed on 1 March 2040. */
export function deltaInput(number: string, meetings: Record<string, MeetingTime>): DeltaInput {
  return {
    municipality: { name: 'Testvik kommune', number, country: 'NO', language: 'nb', quietPeriod: true },
    centre: 'KoRus Midt-Norge',
    agreementDate: '2040-03-01',
    people,
    meetings,
    programme: loadProgramme('delta'),
    continueAsNewAfterEvents: 10_000,
  };
}

export interface Timeline {
  env: TestWorkflowEnvironment;
  sink: SmtpSink;
  taskQueue: string;
  /** The worker's and the client's converter: payloads encrypted under a key of this run. */
  dataConverter: DataConverter;
  /** Skips the test server's clock forward to an instant (never back). */
  sleepUntil(iso: string): Promise<void>;
}

/**
 * One time-skipping server, SMTP sink and worker for a test file, set up and torn down with
 * jest's hooks; the returned object is filled in by `beforeAll`.
 */
export function useTimeline(taskQueue: string, sinkOptions: SinkOptions = {}, workerOptions: Pick<WorkerOptions, 'maxCachedWorkflows'> = {}): Timeline {
  let worker: Worker;
  let running: Promise<void>;
  const t = { taskQueue } as Timeline;
  t.sleepUntil = async (iso) => {
    const ms = DateTime.fromISO(iso).toMillis() - (await t.env.currentTimeMs());
    if (ms > 0) await t.env.sleep(ms);
  };
  beforeAll(async () => {
    t.dataConverter = encryptingDataConverter(ephemeralKeys());
    [t.env, t.sink] = await Promise.all([timeSkippingEnv(t.dataConverter), startSmtpSink(sinkOptions)]);
    await registerSearchAttributes(t.env.connection, t.env.namespace ?? 'default');
    worker = await createWorker({
      connection: t.env.nativeConnection,
      namespace: t.env.namespace ?? 'default',
      taskQueue,
      smtpUrl: `smtp://127.0.0.1:${t.sink.port}`,
      mailFrom: 'plansyklus <noreply@plansyklus.test>',
      dataConverter: t.dataConverter,
      workflowBundle: await bundleWorkflows(),
      ...workerOptions,
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await Promise.all([t.env?.teardown(), t.sink?.close()]);
  });
  return t;
}

/** 'accepted', or the message of the failure an update was rejected with. */
export const rejection = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'accepted',
    (e: unknown) => (e instanceof WorkflowUpdateFailedError ? (e.cause?.message ?? '') : `unexpected ${String(e)}`),
  );

/**
 * The status once every mail an accepted update or a passing of time set off has gone out (mail
 * goes out in real time): no activity or workflow task pending, and the same status twice in a row.
 */
export async function settled<T>(handle: WorkflowHandle, query: () => Promise<T>): Promise<{ status: T; history: number }> {
  let last = JSON.stringify(await query());
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 40));
    const d = await handle.describe();
    const busy = (d.raw.pendingActivities?.length ?? 0) > 0 || !!d.raw.pendingWorkflowTask;
    const now = JSON.stringify(await query());
    if (!busy && now === last) return { status: JSON.parse(now) as T, history: d.historyLength };
    last = now;
  }
  throw new Error('the workflow never settled');
}
