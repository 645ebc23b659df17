/**
 * npm run bench:server [-- --address HOST:PORT --namespace NS --plans N --measures M --deltas D --cache C]:
 * the worker on real Temporal servers, whose clocks cannot be skipped.
 *
 * bench:scale needs the time-skipping test server to pass a year in minutes; a real server
 * takes a real year. This benchmark gives real servers a year anyway: the plans and DelTa
 * collaborations are last year's, started now, all at once, and nobody answers. Every step
 * whose moment has passed is due at once, so each workflow works through last year and this
 * year until today as fast as server and worker allow: the busiest morning a deployment can
 * see (as after a long outage). Nothing depends on when the run starts within the day, so
 * every server must deliver the same mails.
 *
 * It runs on the embedded dev server (a SQLite file, as `npm run up` and the compose file's
 * single-node default) and, with --address, on that server too (e.g. Temporal on PostgreSQL,
 * scripts/temporal-postgres.sh). One worker process as in production (scripts/bench/worker.ts)
 * each time; prints side by side: wall time until the last mail, mails by kind (they must
 * match), the worker's peak RSS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { encryptingDataConverter, ephemeralKeys } from '../codec/dataConverter';
import { startDevServer } from '../infra/devServer';
import { registerSearchAttributes } from '../infra/searchAttributes';
import { bundleOptions, workerCommand } from '../worker/createWorker';
import { deltaCollaboration, planCycle } from '../workflows';
import { freePort } from '../test/helpers/ports';
import { parseServerArgs, type ServerArgs } from './bench/args';
import { generateDelta, generatePlan } from './bench/generate';
import { startCountingSink, type CountingSink } from './bench/mail';
import { formatDuration, Progress } from './bench/progress';
import { pool, startWorker } from './bench/temporal';

const MiB = 2 ** 20;
const taskQueue = 'plansyklus-bench-server';
/** No new mail for this long: the run has caught up. */
const quietMs = 20_000;
/** A run that has not caught up after this long has failed. */
const limitMs = 60 * 60_000;
const startsInFlight = 32;

interface Target {
  name: string;
  address: string;
  namespace: string;
}

interface RunResult {
  wallMs: number;
  mails: number;
  workerPeakRss: number;
}

/** One server: a worker, every workflow started at once, then wait until the mail stops. */
async function runOn(target: Target, args: ServerArgs, bundlePath: string, sink: CountingSink, expected: number, dir: string): Promise<RunResult> {
  const keys = ephemeralKeys();
  const dataConverter = encryptingDataConverter(keys);
  const connection = await Connection.connect({ address: target.address });
  const client = new Client({ connection, namespace: target.namespace, dataConverter });
  await registerSearchAttributes(connection, target.namespace);
  let workerRss = 0;
  const worker = startWorker(
    {
      address: target.address,
      namespace: target.namespace,
      taskQueue,
      smtpUrl: `smtp://127.0.0.1:${sink.port}`,
      mailFrom: 'plansyklus <noreply@plansyklus.example>',
      bundlePath,
      codecKey: `${keys[0].id}=${keys[0].key.toString('base64')}`,
      maxCachedWorkflows: args.cache,
      sentLogPath: join(dir, `sent-log-${target.name}.sqlite`),
    },
    (m) => (workerRss = m.rss),
  );
  try {
    await worker.ready;
    sink.phase = target.name;
    // Last year's work; ids carry the run's tag, so a server that keeps its data can run it again.
    const year = new Date().getUTCFullYear() - 1;
    const tag = Date.now().toString(36);
    const starts = [
      ...Array.from({ length: args.plans }, (_, i) => generatePlan(i, args.measures, year)).map((p) => () =>
        client.workflow.start(planCycle, { taskQueue, workflowId: `${p.workflowId}-${tag}`, args: [p.input] }),
      ),
      ...Array.from({ length: args.deltas }, (_, k) => generateDelta(k, year)).map((d) => () =>
        client.workflow.start(deltaCollaboration, { taskQueue, workflowId: `${d.workflowId}-${tag}`, args: [d.input] }),
      ),
    ];
    const progress = new Progress(target.name.padEnd(10));
    const mails = () => sink.delivered(target.name).total;
    const started = performance.now();
    let lastMail = started;
    let seen = 0;
    let startedCount = 0;
    const poll = setInterval(() => {
      if (mails() !== seen) [seen, lastMail] = [mails(), performance.now()];
      const detail = `mails ${seen.toLocaleString('en')}${expected ? ` of ${expected.toLocaleString('en')}` : ''}  workflows ${startedCount}/${starts.length}  worker ${Math.round(workerRss / MiB)} MiB`;
      progress.update(expected ? seen / expected : 0, detail);
    }, 500);
    try {
      await Promise.race([
        pool(starts, startsInFlight, async (start) => {
          await start();
          startedCount++;
        }),
        worker.died,
      ]);
      for (;;) {
        await Promise.race([new Promise((r) => setTimeout(r, 1000)), worker.died]);
        const now = performance.now();
        if (seen > 0 && now - lastMail >= quietMs) break;
        if (now - started > limitMs) throw new Error(`${target.name}: not caught up after ${formatDuration(limitMs)} (${seen} mails)`);
      }
    } finally {
      clearInterval(poll);
    }
    const wallMs = lastMail - started;
    progress.done(`${seen.toLocaleString('en')} mails, the last after ${formatDuration(wallMs)}`);
    return { wallMs, mails: seen, workerPeakRss: await worker.stop() };
  } finally {
    if (worker.child.connected) worker.child.kill();
    await connection.close();
  }
}

async function main(): Promise<void> {
  const parsed = parseServerArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`bench:server: ${parsed.message}\n`);
    process.exit(2);
  }
  const { args } = parsed;
  const say = (line = '') => process.stdout.write(`${line}\n`);
  say(`bench:server — ${args.plans} plans × ${args.measures} measures and ${args.deltas} DelTa collaborations of last year, started at once, nobody answering`);
  const dir = mkdtempSync(join(tmpdir(), 'plansyklus-bench-server-'));
  const bundlePath = join(dir, 'workflows.js');
  writeFileSync(bundlePath, (await bundleWorkflowCode({ ...bundleOptions, logger: new DefaultLogger('WARN') })).code);
  const sink = await startCountingSink();
  const results = new Map<string, RunResult>();
  try {
    const dev = await startDevServer({ port: await freePort(), dbFile: join(dir, 'temporal.sqlite') });
    try {
      results.set('dev-sqlite', await runOn({ name: 'dev-sqlite', address: dev.address, namespace: 'default' }, args, bundlePath, sink, 0, dir));
    } finally {
      await dev.stop();
    }
    if (args.address) {
      const expected = results.get('dev-sqlite')!.mails;
      results.set('given', await runOn({ name: 'given', address: args.address, namespace: args.namespace }, args, bundlePath, sink, expected, dir));
    }
  } finally {
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const names = [...results.keys()];
  const row = (label: string, cells: string[], note = '') => say(`  ${label.padEnd(30)}${cells.map((c) => c.padStart(16)).join('')}  ${note}`);
  say();
  say(`one worker process each (${workerCommand()}, ${args.cache} workflows cached); 'given' is ${args.address ?? '(none)'}, namespace ${args.namespace}`);
  row('', names);
  row('wall time to the last mail', names.map((k) => `${(results.get(k)!.wallMs / 1000).toFixed(1)} s`), names.length > 1 ? `ratio ${(results.get('given')!.wallMs / results.get('dev-sqlite')!.wallMs).toFixed(2)}×` : '');
  row('mails', names.map((k) => results.get(k)!.mails.toLocaleString('en')));
  row('mails/s', names.map((k) => ((results.get(k)!.mails / results.get(k)!.wallMs) * 1000).toFixed(0)));
  row('worker peak RSS', names.map((k) => `${Math.round(results.get(k)!.workerPeakRss / MiB)} MiB`));
  say('  mails by kind');
  const byKind = names.map((k) => sink.delivered(k).byKind);
  let mismatch = false;
  for (const kind of [...new Set(byKind.flatMap((m) => [...m.keys()]))].sort()) {
    const cells = byKind.map((m) => m.get(kind) ?? 0);
    const same = cells.every((c) => c === cells[0]);
    mismatch ||= !same;
    row(`    ${kind}`, cells.map((c) => c.toLocaleString('en')), same ? '' : 'MISMATCH');
  }
  if (mismatch) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
