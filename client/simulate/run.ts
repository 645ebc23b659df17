import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { addWorkingDays, localDate, type CalendarRules } from '../../domain/calendar';
import { rulesFor } from '../../domain/municipality';
import { deltaInputSchema, deltaWorkflowId } from '../../domain/delta/input';
import * as msg from '../../domain/delta/messages';
import type { DeltaStatus } from '../../domain/delta/status';
import { parseOrThrow } from '../../domain/errors';
import { registerSearchAttributes } from '../../infra/searchAttributes';
import { startSmtpSink } from '../../infra/smtpSink';
import { timeSkippingEnv } from '../../infra/timeSkipping';
import { createWorker } from '../../worker/createWorker';
import { deltaCollaboration } from '../../workflows';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { CodecKey } from '../../codec/aesGcm';
import { encryptingDataConverter, ephemeralKeys } from '../../codec/dataConverter';
import { loadProgramme } from '../files';
import { actionTime, loadScenario, localStart, type ScenarioAction } from './scenario';
import { renderTimelineSvg } from './svg';
import { formatTimeline, timelineEvents, type PerformedAction } from './timeline';

export interface SimulationOptions {
  scenarioFile: string;
  /** Default: out/simulations/<scenario file name>. */
  outDir?: string;
  print?: (line: string) => void;
  workflowBundle?: WorkflowBundleOption;
  /** Keys for the history's payloads (default: a key that lives as long as the run). */
  codecKeys?: CodecKey[];
}

export interface SimulationResult {
  outDir: string;
  status: DeltaStatus;
  actions: PerformedAction[];
  mails: number;
  historyEvents: number;
  wallMs: number;
}

const taskQueue = 'plansyklus-simulation';

/**
 * Runs a whole DelTa collaboration on the time-skipping test server: starts it, carries out
 * the scenario's actions at their moments, lets the two years run out, and writes every mail
 * (.eml), the final status, a timeline and its SVG drawing to the output folder.
 */
export async function simulateDelta(opts: SimulationOptions): Promise<SimulationResult> {
  const started = performance.now();
  const say = opts.print ?? (() => undefined);
  const { scenario, collaboration } = loadScenario(opts.scenarioFile);
  const rules = rulesFor(collaboration.municipality);
  const outDir = resolve(opts.outDir ?? join('out', 'simulations', basename(opts.scenarioFile).replace(/\.ya?ml$/, '')));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  // The simulation's history dies with its test server: a key of this run is enough.
  const dataConverter = encryptingDataConverter(opts.codecKeys ?? ephemeralKeys());
  const [env, sink] = await Promise.all([timeSkippingEnv(dataConverter), startSmtpSink({ dir: join(outDir, 'mail') })]);
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    smtpUrl: `smtp://127.0.0.1:${sink.port}`,
    mailFrom: 'plansyklus <noreply@plansyklus.example>',
    dataConverter,
    workflowBundle: opts.workflowBundle,
  });
  const running = worker.run();
  try {
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
    const now = () => env.currentTimeMs().then((ms) => new Date(ms).toISOString());
    const sleepUntil = async (iso: string) => {
      const ms = Date.parse(iso) - (await env.currentTimeMs());
      if (ms > 0) await env.sleep(ms);
    };

    // The test server's clock starts at today's date, so the agreement lies ahead of it.
    const agreementDate = scenario.agreementDate ?? addWorkingDays(DateTime.fromMillis(await env.currentTimeMs()).plus({ days: 7 }).toISODate()!, 0, rules);
    const input = parseOrThrow(
      deltaInputSchema(),
      {
        ...collaboration,
        agreementDate,
        meetings: Object.fromEntries(
          Object.entries(scenario.meetings).map(([k, m]) => [k, { start: localStart(m.start, agreementDate, rules), location: m.location }]),
        ),
        programme: loadProgramme('delta'),
      },
      opts.scenarioFile,
    );
    const workflowId = deltaWorkflowId(input);
    await sleepUntil(DateTime.fromISO(`${agreementDate}T08:00`, { zone: rules.zone }).toUTC().toISO()!);
    const handle = await env.client.workflow.start(deltaCollaboration, { taskQueue, workflowId, args: [input] });
    say(`Simulerer «${scenario.name}» for ${input.municipality.name}, avtale ${agreementDate} …`);

    // What is still to do; a pause with a length adds its own resume at a fixed moment.
    const pending: { action: ScenarioAction; at?: string }[] = scenario.actions.map((action) => ({ action }));
    const performed: PerformedAction[] = [];
    for (;;) {
      const status = await handle.query(msg.statusQuery);
      const current = await now();
      const first = pending
        .map((p) => ({ p, at: p.at ?? actionTime(p.action, status, rules) }))
        .filter((x): x is { p: (typeof pending)[number]; at: string } => x.at !== undefined)
        .sort((a, b) => a.at.localeCompare(b.at))[0];
      if (first && first.at <= current) {
        pending.splice(pending.indexOf(first.p), 1);
        const outcome = await perform(handle, first.p.action, { agreementDate, rules, now: current, status });
        performed.push({ at: current, action: first.p.action, outcome });
        if (first.p.action.do === 'pause' && first.p.action.days) {
          const resumeAt = DateTime.fromISO(current).plus({ days: first.p.action.days }).toUTC().toISO()!;
          pending.push({ action: { do: 'resume', workingDays: 0, time: first.p.action.time }, at: resumeAt });
        }
        continue;
      }
      if (status.phase === 'ended') break;
      // The workflow's next step (just past it, so it has been done), or the next action.
      // A step already due (and not held back by a pause) is the workflow catching up: look again in a second.
      const step = status.nextStep?.at;
      const later = (iso: string) => new Date(Date.parse(iso) + 1000).toISOString();
      const stepWake = step && (step > current ? later(step) : status.pausedAt ? undefined : later(current));
      const wake = [first?.at, stepWake]
        .filter((x): x is string => !!x)
        .sort()[0];
      if (!wake) break;
      await sleepUntil(wake);
    }
    const status = await handle.result();
    for (const { action } of pending) performed.push({ at: await now(), action, outcome: 'ikke utført: tidspunktet kom aldri' });

    const history = await handle.fetchHistory();
    const events = timelineEvents(status, performed);
    // As Temporal stores it: every payload encrypted (a replay needs the run's keys).
    writeFileSync(join(outDir, 'history.json'), historyToJSON(history));
    writeFileSync(join(outDir, 'status.json'), `${JSON.stringify(status, null, 2)}\n`);
    writeFileSync(join(outDir, 'timeline.txt'), `${formatTimeline(status, performed, rules.zone)}\n`);
    writeFileSync(
      join(outDir, 'timeline.svg'),
      renderTimelineSvg(events, {
        title: `DelTa · ${status.municipality.name} · ${scenario.name}`,
        subtitle: [
          `${status.centre} · avtale ${status.agreementDate}`,
          ...status.focusAreas.map((a) => `innsatsområde ${a.n}: ${a.title}`),
        ].join(' · '),
        zone: rules.zone,
      }),
    );
    const result: SimulationResult = {
      outDir,
      status,
      actions: performed,
      mails: sink.mails.length,
      historyEvents: history.events?.length ?? 0,
      wallMs: Math.round(performance.now() - started),
    };
    say(formatTimeline(status, performed, rules.zone));
    say('');
    say(`${result.mails} e-poster i ${join(outDir, 'mail')}; tidslinje i ${join(outDir, 'timeline.svg')}`);
    const endedAt = status.milestones.find((m) => m.kind === 'ended')?.reachedAt;
    const ended = endedAt ? localDate(endedAt, rules.zone) : status.endsOn;
    say(`Simulert ${status.agreementDate} – ${ended} på ${(result.wallMs / 1000).toFixed(1)} s; historikken har ${result.historyEvents} hendelser.`);
    return result;
  } finally {
    worker.shutdown();
    await running;
    await Promise.all([env.teardown(), sink.close()]);
  }
}

/** Carries out one action through the same update the CLI sends; a rejection is reported, not fatal. */
async function perform(
  handle: WorkflowHandle,
  action: ScenarioAction,
  { agreementDate, rules, now, status }: { agreementDate: string; rules: CalendarRules; now: string; status: DeltaStatus },
): Promise<string> {
  const run = (): Promise<unknown> => {
    switch (action.do) {
      case 'schedule':
        return handle.executeUpdate(msg.scheduleMeetingUpdate, {
          args: [{ meeting: action.meeting, start: localStart(action.start, agreementDate, rules, status), location: action.location }],
        });
      case 'cancel':
        return handle.executeUpdate(msg.cancelMeetingUpdate, { args: [{ meeting: action.meeting }] });
      case 'held':
        return handle.executeUpdate(msg.confirmHeldUpdate, { args: [{ meeting: action.meeting }] });
      case 'referat':
        return handle.executeUpdate(msg.registerReferatUpdate, { args: [{ meeting: action.meeting, text: action.text ?? 'Referat (simulert).' }] });
      case 'chooseFocusAreas':
        return handle.executeUpdate(msg.chooseFocusAreasUpdate, { args: [{ areas: action.areas }] });
      case 'actionPlan':
        return handle.executeUpdate(msg.submitActionPlanUpdate, { args: [{ area: action.area, text: action.text ?? 'Handlingsplan (simulert).' }] });
      case 'measures':
        return handle.executeUpdate(msg.registerMeasuresUpdate, { args: [{ area: action.area, measures: action.measures }] });
      case 'evaluation':
        return handle.executeUpdate(msg.registerEvaluationUpdate, {
          args: [{ area: action.area, text: action.text ?? 'Evaluering (simulert).', signedBy: action.signedBy, signedOn: localDate(now, rules.zone) }],
        });
      case 'pause':
        return handle.executeUpdate(msg.pauseUpdate);
      case 'resume':
        return handle.executeUpdate(msg.resumeUpdate);
      case 'contacts': {
        const { contact, leader, adviser } = action;
        return handle.executeUpdate(msg.changeContactsUpdate, { args: [{ ...(contact && { contact }), ...(leader && { leader }), ...(adviser && { adviser }) }] });
      }
    }
  };
  try {
    await run();
    return 'utført';
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return `avvist: ${err.cause?.message ?? err.message}`;
    throw err;
  }
}
