import { join } from 'node:path';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Config } from '../domain/config';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { openSentLog } from '../activities/sentLog';
import { loadTemplates } from '../activities/render';
import { templatesDir } from '../infra/paths';

export const workflowsPath = require.resolve('../workflows');

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  smtpUrl: string;
  mailFrom: string;
  /** The sent-log's SQLite file (default: in memory, for this process only). */
  sentLogPath?: string;
  /** A pre-built bundle (tests build one per file); otherwise the workflows are bundled here. */
  workflowBundle?: WorkflowBundleOption;
}

/** The worker's settings from the validated environment; the sent-log lives in the data folder. */
export function workerOptions(connection: NativeConnection, config: Config): WorkerOptions {
  return {
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    sentLogPath: join(config.dataDir, 'sent-log.sqlite'),
  };
}

/** Wires templates, SMTP and the workflows into one worker; it decides nothing itself. */
export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  const templates = await loadTemplates(templatesDir);
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    activities: createActivities({ transport, templates, from: opts.mailFrom, sentLog: openSentLog(opts.sentLogPath ?? ':memory:') }),
  });
}
