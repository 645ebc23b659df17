import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Config } from '../domain/config';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { openSentLogFor } from '../activities/sentLog';
import { loadTemplates } from '../activities/render';
import { templatesDir } from '../infra/paths';
import { codecKeysFor, encryptingDataConverter, failureConverterPath } from '../codec/dataConverter';

export const workflowsPath = require.resolve('../workflows');

/**
 * What `bundleWorkflowCode` needs: the workflows and the failure converter the sandbox uses.
 * Libraries without per-workflow state are loaded once and shared by every workflow in the
 * worker, rather than once per cached workflow (luxon alone is several hundred KB of heap).
 */
export const bundleOptions = { workflowsPath, failureConverterPath, preloadModules: ['luxon', 'zod'] };

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  smtpUrl: string;
  mailFrom: string;
  /** Encrypts every payload the worker writes to history (codec/dataConverter.ts). */
  dataConverter: DataConverter;
  /** The sent-log's SQLite file (default: in memory, for this process only). */
  sentLogPath?: string;
  /** PostgreSQL for the sent-log (postgres://…); when set, it is used instead of the SQLite file. */
  sentLogUrl?: string;
  /** Mail texts and layout (default: the project's templates/). */
  templatesDir?: string;
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
    dataConverter: encryptingDataConverter(codecKeysFor(config)),
    sentLogPath: join(config.dataDir, 'sent-log.sqlite'),
    sentLogUrl: config.sentLogUrl,
    templatesDir: config.templatesDir,
  };
}

/** Wires templates, SMTP and the workflows into one worker; it decides nothing itself. */
export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  const templates = await loadTemplates(opts.templatesDir ?? templatesDir);
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    dataConverter: opts.dataConverter,
    // Mails in flight at once. A relay takes a handful of connections per client anyway, and a
    // worker that dies can leave only these few between the SMTP server's yes and the sent-log.
    maxConcurrentActivityTaskExecutions: 16,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath, bundlerOptions: { preloadModules: bundleOptions.preloadModules } }),
    activities: createActivities({ transport, templates, from: opts.mailFrom, sentLog: await openSentLogFor({ url: opts.sentLogUrl, path: opts.sentLogPath ?? ':memory:' }) }),
  });
}
