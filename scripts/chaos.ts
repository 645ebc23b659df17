/**
 * `npm run chaos [-- --plans N --kills K]`: faults on the real Temporal dev server, with the
 * worker in a child process. Every plan is started with last year's round, so its whole round
 * (requests, reminders, escalations, report) and, after November, this year's are due at once:
 * a burst of real mail through the real worker. Meanwhile the worker is killed with SIGKILL K
 * times at random moments and restarted, the SMTP server is taken down for a while, and the
 * Temporal dev server is restarted (its state kept in a file). At the end: every workflow still
 * running or completed, each mail's Message-ID seen at the SMTP server how many times, and the
 * worker's sent-log against what arrived.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { onlyOnce } from '../client/connection';
import { exitWithError } from '../client/exit';
import { planInput, readPlan } from '../client/plan';
import { parseCodecKeys } from '../codec/aesGcm';
import { encryptingDataConverter } from '../codec/dataConverter';
import { loadConfig } from '../domain/config';
import { parseOrThrow } from '../domain/errors';
import { mailCounts } from '../domain/plan/mailRecords';
import { planStatusQuery } from '../domain/plan/messages';
import { planWorkflowId, type PlanInput } from '../domain/plan/input';
import { z } from '../domain/z';
import { startDevServer, type DevServer } from '../infra/devServer';
import { projectRoot } from '../infra/paths';
import { startSmtpSink, type SmtpSink } from '../infra/smtpSink';
import { freePort } from '../test/helpers/ports';
import { planCycle } from '../workflows';

export interface ChaosOptions {
  plans: number;
  kills: number;
  /** How long the SMTP server stays down, in seconds. */
  smtpDownSeconds: number;
  print?: (line: string) => void;
}

export interface ChaosResult {
  kills: number;
  serverRestarts: number;
  smtpOutages: number;
  workflows: { running: number; completed: number; other: number };
  /** Mails the SMTP server accepted, and how many distinct Message-IDs they had. */
  delivered: number;
  distinct: number;
  /** Message-IDs that arrived more than once (the window between SMTP's 250 and the sent-log). */
  duplicates: number;
  /** Mails each plan says it sent, summed, against the distinct mails that arrived. */
  recordedByWorkflows: number;
  sentLogRows: number;
  sentLogAgrees: boolean;
  failed: number;
  seconds: number;
}

const argsSchema = z.object({
  plans: z.coerce.number().int().min(1).max(500).default(20),
  kills: z.coerce.number().int().min(0).max(500).default(20),
  'smtp-down': z.coerce.number().int().min(0).max(600).default(15),
});

/** A worker's start: tsx compiles, webpack bundles the workflows; slow on a loaded CI machine. */
const startLimitMs = 240_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const messageIdOf = (raw: Buffer) => /^Message-ID:\s*(<[^>]+>)/im.exec(raw.subarray(0, 4096).toString('utf8'))?.[1] ?? '';

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const say = opts.print ?? (() => undefined);
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'plansyklus-chaos-'));
  const keys = `chaos=${randomBytes(32).toString('base64')}`;
  const [temporalPort, smtpPort] = [await freePort(), await freePort()];
  const taskQueue = 'chaos';
  const config = loadConfig({ PLANSYKLUS_TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`, PLANSYKLUS_TASK_QUEUE: taskQueue, PLANSYKLUS_CODEC_KEYS: keys });
  const dbFile = join(dir, 'temporal.db');
  let server: DevServer = await startDevServer({ port: temporalPort, dbFile });
  let sink: SmtpSink = await startSmtpSink({ port: smtpPort });
  const arrived: Buffer[] = [];
  const collect = () => {
    for (const m of sink.mails.splice(0)) arrived.push(m.raw);
  };

  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PLANSYKLUS_'))),
    PLANSYKLUS_TEMPORAL_ADDRESS: config.temporal.address,
    PLANSYKLUS_TASK_QUEUE: taskQueue,
    PLANSYKLUS_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    PLANSYKLUS_DATA_DIR: join(dir, 'data'),
    PLANSYKLUS_CODEC_KEYS: keys,
    PLANSYKLUS_LOG_LEVEL: 'INFO',
  };
  let worker: ChildProcess | undefined;
  const startWorker = async (): Promise<ChildProcess> => {
    // One process, so SIGKILL ends the worker itself: tsx as a loader in this process's Node
    // (the pinned 24). tsx's own CLI would run the worker in a grandchild that outlives the kill.
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'worker', 'main.ts')], { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
    // It is up once it has logged its start (workflows bundled, connected) and polls.
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const tail = () => (seen ? `; it last wrote: ${seen.slice(-600)}` : '');
      const timer = setTimeout(() => reject(new Error(`the worker did not start within ${startLimitMs / 1000} s${tail()}`)), startLimitMs);
      const exited = (code: number | null) => reject(new Error(`the worker stopped at start-up (exit ${code})${tail()}`));
      child.once('exit', exited);
      const watch = (chunk: Buffer) => {
        seen = (seen + chunk.toString('utf8')).slice(-4096);
        if (!seen.includes('plansyklus worker started')) return;
        child.stderr!.off('data', watch);
        child.stderr!.resume();
        void waitForPoller(spawnedAt).then(() => {
          clearTimeout(timer);
          child.off('exit', exited);
          resolve();
        });
      };
      child.stderr!.on('data', watch);
    });
    return child;
  };
  const kill = async (child: ChildProcess) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };

  // One connection throughout: gRPC reconnects by itself when the server comes back.
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, dataConverter: encryptingDataConverter(parseCodecKeys([keys])) });
  /**
   * Waits until a worker started after `since` polls the task queue. A poller's access time is
   * when its long poll began, so it is compared with the spawn, not with the moment of asking.
   */
  async function waitForPoller(since: number): Promise<void> {
    while (Date.now() < since + startLimitMs) {
      try {
        const q = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 1 });
        const fresh = q.pollers.some((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 >= since - 1000);
        // (An old worker's entry lingers for a while, but the new one has logged its start by now.)
        if (fresh) return;
      } catch {
        /* the server may be restarting */
      }
      await sleep(250);
    }
  }

  const ids: string[] = [];
  const result: ChaosResult = {
    kills: 0, serverRestarts: 0, smtpOutages: 0, workflows: { running: 0, completed: 0, other: 0 },
    delivered: 0, distinct: 0, duplicates: 0, recordedByWorkflows: 0, sentLogRows: 0, sentLogAgrees: false, failed: 0, seconds: 0,
  };
  try {
    worker = await startWorker();
    const { plan, directory } = readPlan(
      join(projectRoot, 'examples/plans/overhalla-2011.csv'),
      join(projectRoot, 'examples/plans/overhalla-directory.yaml'),
      { from: 2011, to: 2015 },
    );
    const today = new Date().toISOString().slice(0, 10);
    const base = planInput(plan, directory, today);
    for (let i = 0; i < opts.plans; i++) {
      const input: PlanInput = { ...base, municipality: { ...base.municipality, number: String(7000 + i) }, firstRound: Number(today.slice(0, 4)) - 1 };
      const id = planWorkflowId(input);
      await client.workflow.start(planCycle, { ...onlyOnce(config, id), args: [input] });
      ids.push(id);
    }
    say(`${opts.plans} planer startet med fjorårets runde; ${opts.kills} kill -9 av workeren underveis …`);

    /** Waits until mail flows again since the worker came back (at most 30 s), so a kill lands mid-round. */
    const whileSending = async () => {
      const seen = arrived.length + sink.mails.length;
      for (let waited = 0; waited < 30_000 && arrived.length + sink.mails.length === seen; waited += 100) await sleep(100);
    };
    for (let k = 1; k <= opts.kills; k++) {
      await whileSending();
      await sleep(Math.random() * 2000);
      await kill(worker);
      result.kills++;
      if (k === Math.ceil(opts.kills / 3) && opts.smtpDownSeconds > 0) {
        collect();
        await sink.close();
        collect(); // what arrived while it closed
        say(`  SMTP-serveren er nede i ${opts.smtpDownSeconds} s`);
        worker = await startWorker();
        await sleep(opts.smtpDownSeconds * 1000);
        sink = await startSmtpSink({ port: smtpPort });
        result.smtpOutages++;
        continue;
      }
      if (k === Math.ceil((2 * opts.kills) / 3)) {
        await server.stop();
        server = await startDevServer({ port: temporalPort, dbFile });
        result.serverRestarts++;
        say('  Temporal-serveren er startet på nytt');
      }
      worker = await startWorker();
      say(`  kill ${k}/${opts.kills} (${Math.round((Date.now() - started) / 1000)} s, ${arrived.length + sink.mails.length} e-poster så langt)`);
    }
    if (opts.smtpDownSeconds > 0 && result.smtpOutages === 0) {
      collect();
      await sink.close();
      collect();
      await sleep(opts.smtpDownSeconds * 1000);
      sink = await startSmtpSink({ port: smtpPort });
      result.smtpOutages++;
    }

    // Done when every plan's current run waits for a round still ahead, and the mail has stopped.
    say('Venter til alle planene har tatt igjen rundene sine …');
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      collect();
      // A query can time out while the worker catches up on a backlog: then look again.
      const answers = await Promise.allSettled(ids.map((id) => client.workflow.getHandle(id).query(planStatusQuery)));
      const statuses = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
      const caughtUp = statuses.length === ids.length && statuses.every((s) => s.round.requestAt > new Date().toISOString());
      const before = arrived.length;
      await sleep(3000);
      collect();
      if (caughtUp && arrived.length === before) {
        result.recordedByWorkflows = statuses.reduce((n, s) => n + mailCounts(s).sent, 0);
        result.failed = statuses.reduce((n, s) => n + mailCounts(s).failed, 0);
        break;
      }
      if (Date.now() > deadline) throw new Error('the plans did not catch up within 15 minutes');
    }

    for (const id of ids) {
      const { status } = await client.workflow.getHandle(id).describe();
      if (status.name === 'RUNNING') result.workflows.running++;
      else if (status.name === 'COMPLETED') result.workflows.completed++;
      else result.workflows.other++;
    }
    const counts = new Map<string, number>();
    for (const raw of arrived) counts.set(messageIdOf(raw), (counts.get(messageIdOf(raw)) ?? 0) + 1);
    result.delivered = arrived.length;
    result.distinct = counts.size;
    result.duplicates = [...counts.values()].filter((n) => n > 1).length;
    const log = new DatabaseSync(join(dir, 'data', 'sent-log.sqlite'), { readOnly: true });
    const logged = new Set((log.prepare('SELECT message_id FROM sent').all() as { message_id: string }[]).map((r) => r.message_id));
    log.close();
    result.sentLogRows = logged.size;
    result.sentLogAgrees = logged.size === counts.size && [...counts.keys()].every((id) => logged.has(id));
  } finally {
    if (worker) await kill(worker);
    await connection.close().catch(() => undefined);
    await Promise.all([sink.close(), server.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
  result.seconds = Math.round((Date.now() - started) / 1000);
  return result;
}

export function formatChaos(r: ChaosResult): string {
  return [
    `kill -9 av workeren:           ${r.kills}`,
    `omstart av Temporal:           ${r.serverRestarts}`,
    `SMTP nede:                     ${r.smtpOutages} gang(er)`,
    `arbeidsflyter:                 ${r.workflows.running} kjører, ${r.workflows.completed} fullført, ${r.workflows.other} annet`,
    `e-poster mottatt:              ${r.delivered} (${r.distinct} ulike Message-ID)`,
    `Message-ID mottatt mer enn én gang: ${r.duplicates}`,
    `sendt ifølge arbeidsflytene:   ${r.recordedByWorkflows}`,
    `sent-loggen:                   ${r.sentLogRows} rader, ${r.sentLogAgrees ? 'samme Message-ID-er som mottatt' : 'AVVIKER fra det som ble mottatt'}`,
    `kunne ikke leveres:            ${r.failed}`,
    `tid:                           ${r.seconds} s`,
  ].join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { plans: { type: 'string' }, kills: { type: 'string' }, 'smtp-down': { type: 'string' } } });
  const args = parseOrThrow(argsSchema, values, 'Argumentene');
  const r = await runChaos({ plans: args.plans, kills: args.kills, smtpDownSeconds: args['smtp-down'], print: (l) => process.stdout.write(`${l}\n`) });
  process.stdout.write(`\n${formatChaos(r)}\n`);
  const ok = r.workflows.other === 0 && r.sentLogAgrees && r.recordedByWorkflows === r.distinct && r.failed === 0;
  if (!ok) process.exitCode = 1;
}

if (require.main === module) main().catch(exitWithError);
