import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { loadProgramme } from '../../client/files';
import type { DeltaInput } from '../../domain/delta/input';
import { pauseUpdate, resumeUpdate, statusQuery } from '../../domain/delta/messages';
import { startSmtpSink, type SmtpSink } from '../../infra/smtpSink';
import { createWorker } from '../../worker/createWorker';
import { deltaCollaboration } from '../../workflows';
import { readMails } from '../helpers/mail';
import { bundleWorkflows, timeSkippingEnv } from '../helpers/temporal';

// Paused for exactly 30 days right after the planning meeting of 27 March 2040.
const id = 'delta-0004-2040';
const input: DeltaInput = {
  municipality: { name: 'Testvik kommune', number: '0004', country: 'NO', language: 'nb', quietPeriod: true },
  centre: 'KoRus Midt-Norge',
  agreementDate: '2040-03-01',
  people: {
    contact: { name: 'Kari Nordmann', email: 'kari@kommune.test' },
    leader: { name: 'Per Hansen', email: 'per@kommune.test' },
    adviser: { name: 'Ingrid Berg', email: 'ingrid@korus.test' },
  },
  meetings: { planningStartSeminar: { start: '2040-03-27T10:00' } },
  programme: loadProgramme('delta'),
};

let env: TestWorkflowEnvironment;
let sink: SmtpSink;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  [env, sink] = await Promise.all([timeSkippingEnv(), startSmtpSink()]);
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: 'pause',
    smtpUrl: `smtp://127.0.0.1:${sink.port}`,
    mailFrom: 'plansyklus <noreply@plansyklus.test>',
    workflowBundle: await bundleWorkflows(),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await Promise.all([env?.teardown(), sink?.close()]);
});

const sleepUntil = async (iso: string) => {
  const ms = DateTime.fromISO(iso).toMillis() - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
};
const handle = () => env.client.workflow.getHandle(id);
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: unknown) => (e instanceof WorkflowUpdateFailedError ? (e.cause?.message ?? '') : `unexpected ${String(e)}`),
  );

test('no mail while paused; the referat chase moves on by the paused time; missed reminders are dropped', async () => {
  await sleepUntil('2040-03-01T07:00:00Z');
  await env.client.workflow.start(deltaCollaboration, { taskQueue: 'pause', workflowId: id, args: [input] });

  await sleepUntil('2040-03-28T12:00:00Z');
  expect(await rejection(handle().executeUpdate(resumeUpdate))).toMatch(/ikke satt på pause/);
  const paused = await handle().executeUpdate(pauseUpdate);
  expect(paused.pausedAt?.slice(0, 16)).toBe('2040-03-28T12:00');
  expect(paused.meetings[0].referatDue).toBe('2040-04-06');
  expect(await rejection(handle().executeUpdate(pauseUpdate))).toMatch(/allerede satt på pause/);

  await sleepUntil('2040-04-27T12:00:00Z');
  const resumed = await handle().executeUpdate(resumeUpdate);
  expect(resumed.pausedAt).toBeUndefined();
  expect(resumed.meetings[0].referatDue).toBe('2040-05-04'); // 30 days on: 26 April + 5 working days over 1 May

  await sleepUntil('2040-05-10T12:00:00Z');
  const mails = (await readMails(sink.mails)).map((m) => `${m.date.toISOString()} ${m.kind} ${m.key.split('/')[1]} → ${m.to.join(',')}`);
  expect(mails.sort()).toEqual([
    '2040-03-13T08:00:00.000Z invitation planningStartSeminar → kari@kommune.test',
    '2040-03-13T08:00:00.000Z invitation planningStartSeminar → per@kommune.test',
    '2040-03-23T08:00:00.000Z meetingReminder planningStartSeminar → kari@kommune.test',
    '2040-03-23T08:00:00.000Z meetingReminder planningStartSeminar → per@kommune.test',
    '2040-03-27T10:00:00.000Z referatRequest planningStartSeminar → kari@kommune.test',
    // paused 28 March – 27 April: the start seminar's invitation (due 6 April) waits for the resume,
    // its reminder of 27 April 09:00 is dropped, and the chase of the referat moves 30 days on
    '2040-04-27T12:00:00.000Z invitation startSeminar → kari@kommune.test',
    '2040-04-27T12:00:00.000Z invitation startSeminar → per@kommune.test',
    '2040-05-02T07:00:00.000Z referatReminder planningStartSeminar → kari@kommune.test',
    '2040-05-04T07:00:00.000Z meetingReminder startSeminar → kari@kommune.test',
    '2040-05-04T07:00:00.000Z meetingReminder startSeminar → per@kommune.test',
    '2040-05-09T07:00:00.000Z referatEscalation planningStartSeminar → per@kommune.test',
  ]);
  const status = await handle().query(statusQuery);
  expect(status.sent).toHaveLength(7);
});
