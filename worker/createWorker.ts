import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
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
 * Modules loaded once per worker and shared by every workflow in it: the domain modules the
 * workflows import and everything they import (luxon and zod among them; a package named here
 * on its own is not loaded, the bundler leaves `0` in its place). Without this
 * each workflow the worker keeps in memory gets its own instance of each (the SDK isolates
 * module state per workflow), about 1.6 MiB of zod schemas and rule tables a workflow. The
 * workflows' own modules stay per workflow.
 *
 * The SDK deep-freezes what a shared module exports, so these keep no state of a workflow's own
 * (the calendar's caches hold answers of pure functions, the same for every workflow) and hand
 * out their zod schemas through functions (`shared` in domain/schema.ts), since a frozen schema fails
 * on first use. test/workflows/workerMemory.test.ts checks both.
 */
export const sharedModules = [
  'calendar', 'errors', 'language', 'mail', 'meetingPlan', 'municipality', 'searchAttributes', 'shareStrings',
  'delta/input', 'delta/mails', 'delta/messages', 'delta/progress', 'delta/status', 'delta/steering',
  'plan/input', 'plan/mailRecords', 'plan/mails', 'plan/messages', 'plan/revisionSteps', 'plan/round', 'plan/steering', 'plan/steps',
].map((m) => require.resolve(`../domain/${m}`));

/** What `bundleWorkflowCode` needs: the workflows, the failure converter the sandbox uses, the shared modules. */
export const bundleOptions = { workflowsPath, failureConverterPath, preloadModules: sharedModules };

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
  /** Workflows kept in memory between their steps; others are replayed from history (default: the SDK's, from the heap size). */
  maxCachedWorkflows?: number;
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
    maxCachedWorkflows: config.workflowCache,
  };
}

/**
 * The workflow cache and the workflow tasks run at once. A plan's workflow task stays open while
 * its mails go out (local activities); evicting such a run loses its results and the task has to
 * time out and run again. Keeping the tasks in flight at a quarter of the cache lets the cache
 * evict only runs that are idle.
 */
export const cacheLimits = (maxCachedWorkflows: number) => ({
  maxCachedWorkflows,
  maxConcurrentWorkflowTaskExecutions: Math.max(2, Math.min(40, Math.floor(maxCachedWorkflows / 4))),
});

/**
 * What one workflow kept in memory takes of the workflow thread's V8 heap, its year's state
 * included: about 0.5 MiB in bench:scale with 1,100 workflows kept (0.12 MiB just after start).
 * The thread has the process's heap limit (--max-old-space-size), and a cache the heap cannot
 * hold ends the worker when it fills (out of memory).
 */
export const heapPerCachedWorkflow = 512 * 1024;
/** The heap the workflow code itself and one activation's work need beside the cache. */
const heapReserve = 128 * 1024 * 1024;

/**
 * How the worker process is started: the Dockerfile (ENV), `npm run worker` and the benchmarks'
 * worker use these, and test/deploy/compose.test.ts checks that they agree.
 * - `--max-old-space-size=640`: the heap limit, for the workflow thread too (`cacheThatFits`).
 * - `--max-semi-space-size=2`: V8's young generation, per thread, at 2 MiB semi-spaces. Its
 *   default lets each of the two threads commit far more heap than it uses: in
 *   `npm run bench:scale -- --plans 300 --deltas 30 --cache 1000` the worker peaked at 907 MiB
 *   RSS by default and at 636 MiB with it, in the same wall time (335 s and 341 s).
 * - `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates (core's Tokio threads, libuv's
 *   pool) an arena of its own and keeps what it frees; two arenas keep the RSS near what is used.
 * - `MALLOC_MMAP_THRESHOLD_=32768`, `MALLOC_TRIM_THRESHOLD_=131072`, `MALLOC_TOP_PAD_=65536`:
 *   fixed thresholds. By default glibc raises its mmap threshold each time a large block is
 *   freed (up to 32 MiB), so later large blocks come from the arenas and what is freed around
 *   them stays resident. With these, blocks from 32 KiB are mapped and unmapped on their own and
 *   an arena's free top goes back to the system. At 300 plans and 30 collaborations the worker
 *   peaked at 505 MiB with them and 558 MiB without, in 339 s and 319 s.
 */
export const workerProcess = {
  nodeFlags: ['--max-old-space-size=640', '--max-semi-space-size=2'],
  env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '32768', MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_TOP_PAD_: '65536' },
} as const;

/** The worker's start as a command line, for reports: `MALLOC_ARENA_MAX=2 … node --max-old-space-size=640 …`. */
export const workerCommand = (): string =>
  [...Object.entries(workerProcess.env).map(([key, value]) => `${key}=${value}`), 'node', ...workerProcess.nodeFlags].join(' ');

/** How many workflows a heap of `heapLimit` bytes holds. */
export const cacheThatFits = (heapLimit = getHeapStatistics().heap_size_limit): number =>
  Math.max(2, Math.floor((heapLimit - heapReserve) / heapPerCachedWorkflow));

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
    ...(opts.maxCachedWorkflows === undefined ? {} : cacheLimits(opts.maxCachedWorkflows)),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath, bundlerOptions: { preloadModules: sharedModules } }),
    activities: createActivities({ transport, templates, from: opts.mailFrom, sentLog: await openSentLogFor({ url: opts.sentLogUrl, path: opts.sentLogPath ?? ':memory:' }) }),
  });
}
