/**
 * npm run bench:scale [-- --plans N --measures M --deltas D --year YYYY]: a year of work on one
 * worker. N action plans of M measures (default 1,000 × 40) and D DelTa collaborations
 * (default 100), generated (scripts/bench/generate.ts), run through one simulated year twice in
 * one run, against one SMTP sink:
 *   floor    — a plain loop over the same pure rules in domain/ (scripts/bench/floor.ts) that
 *              walks the year day by day and sends the same MailRequests through the same
 *              sendMail activity function (fresh sent-log);
 *   Temporal — every workflow on one time-skipping test server with one worker (in a child
 *              process, so its peak RSS is its own), the clock skipped through the year and
 *              people's answers sent as updates at their moments (scripts/bench/temporal.ts).
 * What people do is fixed before either runs: plan answers by the generator, DelTa actions by a
 * dry run of the floor's rules (decisions only, no mail) that resolves each scenario action
 * to an instant. Prints wall times and their ratio (target ≤ 3×), mails per kind in both (they
 * must match), history events per workflow-year (target ≤ 1,000), the worker's peak RSS
 * (target ≤ 1 GiB) and the Temporal Cloud actions per plan-year and per DelTa-year.
 */
import { cpus, loadavg } from 'node:os';
import nodemailer from 'nodemailer';
import { createMailActivities } from '../activities/mail';
import { loadTemplates } from '../activities/render';
import { openSentLog } from '../activities/sentLog';
import { atLocal } from '../domain/calendar';
import { answerStatusUpdate } from '../domain/plan/messages';
import { templatesDir } from '../infra/paths';
import { workerCommand } from '../worker/createWorker';
import { parseBenchArgs } from './bench/args';
import { DeltaRunner, FixedActions, newTally, PlanRunner, ScenarioActions, type Emit, type Runner, type ScheduledUpdate, type UpdateTally } from './bench/floor';
import { generateDelta, generatePlan, type GeneratedDelta, type GeneratedPlan } from './bench/generate';
import { actionCategories, eventGroups, type ChainStats, type EventGroup } from './bench/history';
import { DryOutbox, Outbox, startCountingSink, type CountingSink, type Delivered, type MailTally } from './bench/mail';
import { peakRss } from './bench/memory';
import { formatDuration, Progress } from './bench/progress';
import { runTemporal, type TemporalRunResult } from './bench/temporal';

const zone = 'Europe/Oslo';
const mailFrom = 'plansyklus <noreply@plansyklus.example>';
/** The floor's sends in flight at once (the worker runs up to 100 activities at once). */
const floorInFlight = 32;
const MiB = 2 ** 20;

const n = (x: number) => Math.round(x).toLocaleString('en');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Walks every runner through the year one local day at a time; `after` runs at the end of each day. */
async function walkYear(year: number, runners: Runner[], after: (day: string, fraction: number) => Promise<void>): Promise<void> {
  const days: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  for (const [i, day] of days.entries()) {
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const limit = atLocal(next, '00:00', zone);
    for (const r of runners) r.runUntil(limit);
    await after(day, (i + 1) / days.length);
  }
}

function runnersFor(
  plans: GeneratedPlan[],
  deltas: GeneratedDelta[],
  startAt: string,
  planUpdates: Map<string, ScheduledUpdate[]>,
  deltaActions: (d: GeneratedDelta) => FixedActions | ScenarioActions,
  emit: Emit,
  tally: UpdateTally,
): Runner[] {
  return [
    ...plans.map((p) => new PlanRunner(p, startAt, planUpdates.get(p.workflowId) ?? [], emit, tally)),
    ...deltas.map((d) => new DeltaRunner(d, deltaActions(d), emit, tally)),
  ];
}

async function main(): Promise<void> {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`bench:scale: ${parsed.message}\n`);
    process.exit(2);
  }
  const { plans: planCount, measures, deltas: deltaCount, year, cache } = parsed.args;
  const startAt = atLocal(`${year}-01-01`, '00:00', zone);
  const endAt = atLocal(`${year + 1}-01-01`, '00:00', zone);
  const out: string[] = [];
  const say = (line = '') => {
    out.push(line);
    process.stdout.write(`${line}\n`);
  };
  say(`bench:scale — ${n(planCount)} plans × ${measures} measures and ${n(deltaCount)} DelTa collaborations, simulated year ${year} (Node ${process.version}, ${cpus().length} CPUs)`);

  // Inputs, and what people do.
  const generated = performance.now();
  const plans = Array.from({ length: planCount }, (_, i) => generatePlan(i, measures, year));
  const deltas = Array.from({ length: deltaCount }, (_, k) => generateDelta(k, year));
  const planUpdates = new Map<string, ScheduledUpdate[]>(
    plans.map((p) => [p.workflowId, p.answers.map((a) => ({ at: a.at, update: answerStatusUpdate.name, args: [{ measure: a.measure, status: a.status, comment: a.comment }] }))]),
  );
  const generateMs = performance.now() - generated;

  // DelTa actions depend on the collaboration's progress (a meeting held, a due date): a dry run
  // of the rules, without mail, fixes each at an instant. Plan answers are fixed already.
  const dryStarted = performance.now();
  const dry = new DryOutbox();
  const scenarios = new Map<string, ScenarioActions>();
  const scenarioOf = (d: GeneratedDelta) => {
    const s = new ScenarioActions(d.actions, { workflowId: d.workflowId, municipality: { name: d.input.municipality.name, number: d.input.municipality.number }, centre: d.input.centre });
    scenarios.set(d.workflowId, s);
    return s;
  };
  await walkYear(year, runnersFor([], deltas, startAt, planUpdates, scenarioOf, dry.emit, newTally()), async () => undefined);
  const deltaUpdates = new Map([...scenarios].map(([id, s]) => [id, s.performed]));
  const neverCame = [...scenarios.values()].reduce((sum, s) => sum + s.unperformed, 0);
  const dryMs = performance.now() - dryStarted;
  const count = (m: Map<string, ScheduledUpdate[]>) => [...m.values()].reduce((sum, u) => sum + u.length, 0);
  say(
    `inputs: generated in ${seconds(generateMs)}; ${n(count(planUpdates))} plan answers; DelTa dry run ${seconds(dryMs)}: ` +
      `${n(count(deltaUpdates))} DelTa actions at fixed instants (${neverCame} more whose moment does not come this year)`,
  );

  const sink = await startCountingSink();
  try {
    // The floor.
    sink.phase = 'floor';
    const transport = nodemailer.createTransport(`smtp://127.0.0.1:${sink.port}`);
    const templates = await loadTemplates(templatesDir);
    const { sendMail } = createMailActivities({ transport, templates, from: mailFrom, sentLog: openSentLog(':memory:') });
    const outbox = new Outbox(sendMail, floorInFlight);
    const floorTally = newTally();
    const floorRunners = runnersFor(plans, deltas, startAt, planUpdates, (d) => new FixedActions(deltaUpdates.get(d.workflowId) ?? []), outbox.emit, floorTally);
    const floorProgress = new Progress('floor   ');
    const floorStarted = performance.now();
    await walkYear(year, floorRunners, async (day, fraction) => {
      await outbox.flush();
      floorProgress.update(fraction, `${day}  mails ${n(sink.delivered('floor').total)}  workflows ${n(floorRunners.length)}  updates ${n(floorTally.accepted + floorTally.rejected)}`);
    });
    const floorMs = performance.now() - floorStarted;
    floorProgress.done(`${year}-12-31 done in ${formatDuration(floorMs)}; ${n(sink.delivered('floor').total)} mails`);
    transport.close();

    // The workflows.
    sink.phase = 'temporal';
    const updates = new Map([...planUpdates, ...deltaUpdates]);
    const temporal = await runTemporal({ plans, deltas, updates, startAt, endAt, sink, zone, workflowCache: cache });

    if (outbox.duplicates.size) {
      const repeats = [...outbox.duplicates.values()].reduce((s, c) => s + c - 1, 0);
      const examples = [...outbox.duplicates.keys()].slice(0, 3).join(', ');
      say(`NOTE: ${n(repeats)} mails repeat the business key of another mail (${n(outbox.duplicates.size)} keys, e.g. ${examples}); the sent-log lets one of each through`);
    }
    report(say, { planCount, deltaCount, floorMs, floorTally, floorMails: outbox.tally, sink, temporal, deltaProfiles: deltas });
    const mismatch = out.some((l) => l.includes('MISMATCH'));
    if (mismatch) process.exitCode = 1;
  } finally {
    await sink.close();
  }
}

interface ReportInput {
  planCount: number;
  deltaCount: number;
  floorMs: number;
  floorTally: UpdateTally;
  floorMails: MailTally;
  sink: CountingSink;
  temporal: TemporalRunResult;
  deltaProfiles: GeneratedDelta[];
}

function report(say: (line?: string) => void, r: ReportInput): void {
  const t = r.temporal;
  const floor = r.sink.delivered('floor');
  const temporal = r.sink.delivered('temporal');
  const ratio = t.wallMs / r.floorMs;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const col = (s: string, w: number) => s.padStart(w);
  const row = (label: string, a: string, b: string, note = '') => say(`  ${label.padEnd(34)}${col(a, 14)}${col(b, 14)}  ${note}`);

  say();
  say(`Temporal: one time-skipping test server, one worker process (createWorker, ${workerCommand()}, ${n(t.workflowCache)} workflows cached; see scripts/bench/temporal.ts)`);
  say(`  setup (bundle, test server, worker) ${seconds(t.setupMs)}; histories read in ${seconds(t.historyMs)}; updates went out at most ${n(t.maxUpdateLagMs)} ms after their instant (server clock)`);
  say(`  floor: sendMail ${floorInFlight} at a time over nodemailer without a pool (as createWorker's transport); load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  say();
  row('', 'floor', 'Temporal');
  row('wall time', seconds(r.floorMs), seconds(t.wallMs), `ratio ${ratio.toFixed(2)}× (target ≤ 3×) ${verdict(ratio <= 3)}`);
  row('mails delivered to the sink', n(floor.total), n(temporal.total), floor.total === temporal.total ? 'same' : 'MISMATCH');
  const scheduled = [...t.plans, ...t.deltas].reduce((s, c) => s + c.activitiesScheduled, 0);
  row('mails decided', n(r.floorMails.attempted), '', '(the floor sends each on its own)');
  row('mail activities scheduled', '', n(scheduled), `DelTa's; a plan sends a moment's mails in one local activity (under markers below)`);
  row('  not sent again (sent-log)', n(r.floorMails.alreadySent), '', '');
  row('  failed', n(r.floorMails.failed), '', '');
  row('updates accepted', n(r.floorTally.accepted), n(t.tally.accepted), r.floorTally.accepted === t.tally.accepted ? 'same' : 'MISMATCH');
  row('updates rejected', n(r.floorTally.rejected), n(t.tally.rejected), r.floorTally.rejected === t.tally.rejected ? 'same' : 'MISMATCH');
  say();
  say('  mails by kind');
  const kinds = [...new Set([...floor.byKind.keys(), ...temporal.byKind.keys()])].sort();
  for (const kind of kinds) {
    const a = floor.byKind.get(kind) ?? 0;
    const b = temporal.byKind.get(kind) ?? 0;
    row(`    ${kind}`, n(a), n(b), a === b ? '' : 'MISMATCH');
  }
  mismatchExamples(say, floor, temporal);
  for (const [label, tally] of [['floor', r.floorTally], ['Temporal', t.tally]] as const) {
    if (tally.reasons.size) say(`  rejected updates (${label}): ${[...tally.reasons].map(([why, c]) => `${c} × «${why}»`).join('; ')}`);
  }

  say();
  say(`  history events per workflow-year     mean       max   runs/year  (target ≤ 1,000)`);
  const events = (label: string, list: ChainStats[]) => {
    if (!list.length) return;
    const mean = list.reduce((s, c) => s + c.events, 0) / list.length;
    const max = Math.max(...list.map((c) => c.events));
    const runs = list.reduce((s, c) => s + c.runs, 0) / list.length;
    say(`    ${label.padEnd(32)}${col(n(mean), 8)}${col(n(max), 10)}${col(runs.toFixed(2), 12)}  ${verdict(max <= 1000)}${max > 1000 ? ` (${list.filter((c) => c.events > 1000).length} of ${list.length} over)` : ''}`);
  };
  events(`plans (${n(t.plans.length)})`, t.plans);
  events(`DelTa (${n(t.deltas.length)})`, t.deltas);
  const breakdown = (label: string, list: ChainStats[]) => {
    if (!list.length) return;
    const mean = (g: EventGroup) => list.reduce((s, c) => s + c.eventsBy[g], 0) / list.length;
    say(`    ${label}: ${eventGroups.map((g) => `${g} ${n(mean(g))}`).join(', ')}`);
  };
  breakdown('plan events (mean) by kind', t.plans);
  breakdown('DelTa events (mean) by kind', t.deltas);
  const retries = [...t.plans, ...t.deltas].reduce((s, c) => s + c.retries, 0);
  if (retries) say(`    activity retries: ${n(retries)}`);
  say();
  say(`  worker peak RSS (child process, VmHWM)  ${n(t.workerPeakRss / MiB)} MiB (target ≤ 1,024 MiB) ${verdict(t.workerPeakRss <= 1024 * MiB)}; highest 1-s sample ${n(t.workerSampledRss / MiB)} MiB, V8 heap in use at most ${n(t.workerHeapUsed / MiB)} MiB (${n(t.workerHeapTotal / MiB)} MiB committed); this process (driver, sink, floor) ${n(peakRss() / MiB)} MiB`);
  say();
  say(`  Temporal actions per year              mean       max   ${actionCategories.map((c) => c.padStart(11)).join('')}`);
  const actions = (label: string, list: ChainStats[]) => {
    if (!list.length) return;
    const mean = (f: (c: ChainStats) => number) => list.reduce((s, c) => s + f(c), 0) / list.length;
    say(`    ${label.padEnd(32)}${col(n(mean((c) => c.actions)), 8)}${col(n(Math.max(...list.map((c) => c.actions))), 10)}   ${actionCategories.map((cat) => col(mean((c) => c.byCategory[cat]).toFixed(1), 11)).join('')}`);
  };
  actions('per plan-year', t.plans);
  actions('per DelTa-year', t.deltas);
  const all = [...t.plans, ...t.deltas];
  say(`    all workflows, the year: ${n(all.reduce((s, c) => s + c.actions, 0))} actions (Temporal Cloud's rule, see scripts/bench/history.ts)`);
  const profiles = ['onTime', 'late', 'silent'] as const;
  if (t.deltas.length) {
    const byProfile = profiles.map((p) => {
      const ids = new Set(r.deltaProfiles.filter((d) => d.profile === p).map((d) => d.workflowId));
      const list = t.deltas.filter((c) => ids.has(c.workflowId));
      return `${p} ${list.length}: ${list.length ? n(list.reduce((s, c) => s + c.events, 0) / list.length) : '-'} events, ${list.length ? n(list.reduce((s, c) => s + c.actions, 0) / list.length) : '-'} actions`;
    });
    say(`    DelTa by profile (mean): ${byProfile.join('; ')}`);
  }
}

/** Names up to five mails one phase delivered and the other did not. */
function mismatchExamples(say: (line?: string) => void, floor: Delivered, temporal: Delivered): void {
  const only = (a: Delivered, b: Delivered) => [...a.keys].filter(([id]) => !b.keys.has(id));
  const floorOnly = only(floor, temporal);
  const temporalOnly = only(temporal, floor);
  if (!floorOnly.length && !temporalOnly.length) return;
  say(`  MISMATCH: ${floorOnly.length} mails only in the floor, ${temporalOnly.length} only in the Temporal run (by Message-ID), e.g.`);
  for (const [, key] of floorOnly.slice(0, 5)) say(`    floor only:    ${key}`);
  for (const [, key] of temporalOnly.slice(0, 5)) say(`    Temporal only: ${key}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:scale failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
