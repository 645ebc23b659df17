import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { updateLatestRun } from '../../client/steer';
import { encryptingDataConverter, ephemeralKeys } from '../../codec/dataConverter';
import { localDate } from '../../domain/calendar';
import { registerSearchAttributes } from '../../infra/searchAttributes';
import { timeSkippingEnv } from '../../infra/timeSkipping';
import { bundleOptions, workerProcess } from '../../worker/createWorker';
import { deltaCollaboration, planCycle } from '../../workflows';
import type { ScheduledUpdate, UpdateTally } from './floor';
import { newTally } from './floor';
import type { GeneratedDelta, GeneratedPlan } from './generate';
import { chainStats, type ChainStats } from './history';
import type { CountingSink } from './mail';
import { formatDuration, Progress } from './progress';
import type { WorkerChildConfig, WorkerChildMessage, WorkerMemory } from './worker';

export interface TemporalRunInput {
  plans: GeneratedPlan[];
  deltas: GeneratedDelta[];
  /** Scripted updates per workflow id, in time order. */
  updates: Map<string, ScheduledUpdate[]>;
  /** Plans start here; the simulated year ends at `endAt`. */
  startAt: string;
  endAt: string;
  sink: CountingSink;
  zone: string;
  /** Workflows the worker keeps in memory (PLANSYKLUS_WORKFLOW_CACHE). */
  workflowCache: number;
}

export interface TemporalRunResult {
  setupMs: number;
  wallMs: number;
  historyMs: number;
  workerPeakRss: number;
  /** Highest RSS the worker reported while running (sampled every second). */
  workerSampledRss: number;
  /** Highest V8 heap in use among those samples. */
  workerHeapUsed: number;
  /** Highest V8 heap committed (used or not) among those samples. */
  workerHeapTotal: number;
  workflowCache: number;
  tally: UpdateTally;
  rejectedByWorkflow: Map<string, number>;
  /** How far behind its scripted instant the last update of an instant went out (server clock). */
  maxUpdateLagMs: number;
  plans: ChainStats[];
  deltas: ChainStats[];
}

const taskQueue = 'plansyklus-bench-scale';

/** No mail, no update, no new instant for this long: the run is stuck. */
const stallMs = 10 * 60_000;
/** Client calls (starts, updates) in flight at once. */
const clientInFlight = 32;

export async function pool<T>(items: T[], inFlight: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, items.length) }, async () => {
      while (next < items.length) await job(items[next++]);
    }),
  );
}

/** The worker process: forked with the parent's tsx loader, ready when createWorker has returned. */
export function startWorker(config: WorkerChildConfig, onRss: (m: WorkerMemory) => void) {
  const child = fork(join(__dirname, 'worker.ts'), [], {
    execArgv: [...process.execArgv, ...workerProcess.nodeFlags],
    env: { ...process.env, ...workerProcess.env, BENCH_WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let stopping = false;
  let ready: () => void = () => undefined;
  let stopped: (maxRss: number) => void = () => undefined;
  let fail: (err: Error) => void = () => undefined;
  /** Rejects when the worker fails or exits before it is told to stop. */
  const died = new Promise<never>((_, reject) => {
    fail = reject;
  });
  died.catch(() => undefined);
  child.on('message', (m: WorkerChildMessage) => {
    if (m.type === 'ready') ready();
    else if (m.type === 'rss') onRss(m);
    else if (m.type === 'stopped') stopped(m.maxRss);
    else if (m.type === 'error') fail(new Error(`worker process: ${m.message}`));
  });
  child.on('exit', (code) => {
    if (!stopping) fail(new Error(`worker process exited unexpectedly (code ${code})`));
  });
  return {
    child,
    died,
    ready: Promise.race([new Promise<void>((resolve) => (ready = resolve)), died]),
    stop: () => {
      stopping = true;
      const result = Promise.race([new Promise<number>((resolve) => (stopped = resolve)), died]);
      child.send({ type: 'stop' });
      return result;
    },
  };
}

/**
 * The workflow run: one time-skipping server, one worker process, every workflow started at its
 * moment, the clock skipped through the year instant by instant, the scripted updates sent at
 * theirs; then each workflow's histories (every continue-as-new run) are read.
 */
export async function runTemporal(input: TemporalRunInput): Promise<TemporalRunResult> {
  const setupStarted = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'plansyklus-bench-'));
  const bundlePath = join(dir, 'workflows.js');
  const { code } = await bundleWorkflowCode({ ...bundleOptions, logger: new DefaultLogger('WARN') });
  writeFileSync(bundlePath, code);
  const keys = ephemeralKeys();
  const env: TestWorkflowEnvironment = await timeSkippingEnv(encryptingDataConverter(keys));
  const namespace = env.namespace ?? 'default';
  let workerRss = 0;
  let workerSampledRss = 0;
  let workerHeapUsed = 0;
  let workerHeapTotal = 0;
  let ticker: NodeJS.Timeout | undefined;
  const worker = startWorker(
    {
      address: env.address,
      namespace,
      taskQueue,
      smtpUrl: `smtp://127.0.0.1:${input.sink.port}`,
      mailFrom: 'plansyklus <noreply@plansyklus.example>',
      bundlePath,
      codecKey: `${keys[0].id}=${keys[0].key.toString('base64')}`,
      maxCachedWorkflows: input.workflowCache,
      sentLogPath: join(dir, 'sent-log.sqlite'),
    },
    (m) => {
      workerRss = m.rss;
      workerSampledRss = Math.max(workerSampledRss, m.rss);
      workerHeapUsed = Math.max(workerHeapUsed, m.heapUsed);
      workerHeapTotal = Math.max(workerHeapTotal, m.heapTotal);
    },
  );
  try {
    await registerSearchAttributes(env.connection, namespace);
    await worker.ready;
    const client = env.client;
    let stalled: (err: Error) => void = () => undefined;
    const stall = new Promise<never>((_, reject) => (stalled = reject));
    stall.catch(() => undefined);
    const sleepUntil = async (iso: string) => {
      const ms = Date.parse(iso) - (await env.currentTimeMs());
      if (ms > 0) await Promise.race([env.sleep(ms), worker.died, stall]);
    };
    await sleepUntil(input.startAt);
    const setupMs = performance.now() - setupStarted;

    // Everything that happens from outside, by instant: starts, then updates.
    type Job = () => Promise<void>;
    const byInstant = new Map<string, Job[]>();
    const at = (iso: string, job: Job) => (byInstant.get(iso) ?? byInstant.set(iso, []).get(iso)!).push(job);
    const tally = newTally();
    const rejectedByWorkflow = new Map<string, number>();
    let started = 0;
    for (const p of input.plans) {
      at(input.startAt, async () => {
        await client.workflow.start(planCycle, { taskQueue, workflowId: p.workflowId, args: [p.input] });
        started++;
      });
    }
    for (const d of input.deltas) {
      at(d.startAt, async () => {
        await client.workflow.start(deltaCollaboration, { taskQueue, workflowId: d.workflowId, args: [d.input] });
        started++;
      });
    }
    for (const [workflowId, updates] of input.updates) {
      for (const u of updates) {
        at(u.at, async () => {
          try {
            await updateLatestRun(client.workflow.getHandle(workflowId), (handle) =>
              u.args.length ? handle.executeUpdate(u.update, { args: u.args as [unknown, ...unknown[]] }) : handle.executeUpdate(u.update),
            );
            tally.accepted++;
          } catch (err) {
            if (!(err instanceof WorkflowUpdateFailedError)) throw err;
            tally.rejected++;
            const reason = err.cause?.message ?? err.message;
            tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
            rejectedByWorkflow.set(workflowId, (rejectedByWorkflow.get(workflowId) ?? 0) + 1);
          }
        });
      }
    }
    // The progress bar moves at least once a simulated day.
    const ticks = new Set<string>();
    for (let t = Date.parse(input.startAt); t < Date.parse(input.endAt); t += 86_400_000) ticks.add(new Date(t).toISOString());
    const instants = [...new Set([...byInstant.keys(), ...ticks])].sort();

    const total = input.plans.length + input.deltas.length;
    const span = Date.parse(input.endAt) - Date.parse(input.startAt);
    const progress = new Progress('temporal');
    const show = (iso: string, force = false) =>
      progress.update(
        (Date.parse(iso) - Date.parse(input.startAt)) / span,
        `${localDate(iso, input.zone)}  mails ${input.sink.delivered('temporal').total.toLocaleString('en')}  workflows ${started}/${total}  updates ${(tally.accepted + tally.rejected).toLocaleString('en')}  worker ${Math.round(workerRss / 2 ** 20)} MiB`,
        force,
      );
    const started0 = performance.now();
    let maxUpdateLagMs = 0;
    // The server's clock moves while a sleep runs: read it now and then, for the bar; and stop
    // a run that has stalled (no mail, no update, no instant passed) rather than wait forever.
    let seen = '';
    let seenAt = performance.now();
    let instantsDone = 0;
    ticker = setInterval(() => {
      env.currentTimeMs().then((ms) => show(new Date(ms).toISOString()), () => undefined);
      const now = `${input.sink.delivered('temporal').total}/${tally.accepted + tally.rejected}/${instantsDone}`;
      if (now !== seen) [seen, seenAt] = [now, performance.now()];
      else if (performance.now() - seenAt > stallMs) {
        stalled(new Error(`the workflow run has stalled: no mail, no update and no new instant for ${formatDuration(stallMs)} (workflow tasks timing out? read a plan's history)`));
      }
    }, 1000);
    for (const instant of instants) {
      await sleepUntil(instant);
      const jobs = byInstant.get(instant);
      if (jobs) {
        await Promise.race([pool(jobs, clientInFlight, (job) => job()), worker.died, stall]);
        maxUpdateLagMs = Math.max(maxUpdateLagMs, (await env.currentTimeMs()) - Date.parse(instant));
      }
      instantsDone++;
      show(instant);
    }
    await sleepUntil(input.endAt);
    const wallMs = performance.now() - started0;
    clearInterval(ticker);
    progress.done(`${localDate(input.endAt, input.zone)} reached in ${formatDuration(wallMs)}; ${input.sink.delivered('temporal').total.toLocaleString('en')} mails`);

    const workerPeakRss = await worker.stop();

    const historyStarted = performance.now();
    const reading = new Progress('history ');
    const read = async (ids: string[], out: ChainStats[], offset: number) =>
      pool(ids, 8, async (id) => {
        out.push(await chainStats(client, id, rejectedByWorkflow.get(id) ?? 0));
        reading.update((offset + out.length) / total, `${offset + out.length}/${total} workflows`);
      });
    const plans: ChainStats[] = [];
    const deltas: ChainStats[] = [];
    await read(input.plans.map((p) => p.workflowId), plans, 0);
    await read(input.deltas.map((d) => d.workflowId), deltas, plans.length);
    reading.done(`${total} workflows`);
    return {
      setupMs,
      wallMs,
      historyMs: performance.now() - historyStarted,
      workerPeakRss,
      workerSampledRss,
      workerHeapUsed,
      workerHeapTotal,
      workflowCache: input.workflowCache,
      tally,
      rejectedByWorkflow,
      maxUpdateLagMs,
      plans,
      deltas,
    };
  } finally {
    clearInterval(ticker);
    if (worker.child.connected) worker.child.kill();
    await env.teardown();
    rmSync(dir, { recursive: true, force: true });
  }
}
