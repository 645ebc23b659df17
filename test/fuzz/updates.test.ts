import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { ErrorType, PlansyklusError } from '../../domain/errors';
import * as deltaMsg from '../../domain/delta/messages';
import { advance } from '../../domain/delta/progress';
import type { DeltaStatus } from '../../domain/delta/status';
import * as deltaRules from '../../domain/delta/steering';
import { planMeasureSchema } from '../../domain/plan/input';
import * as planMsg from '../../domain/plan/messages';
import type { PlanStatus } from '../../domain/plan/messages';
import { newRound } from '../../domain/plan/round';
import * as planRules from '../../domain/plan/steering';
import { deltaCollaboration, planCycle } from '../../workflows';
import { deltaInput, settled, useTimeline } from '../helpers/timeline';
import { anyValue, deepFreeze, jsonish, options, seed } from './fuzz';
import {
  argumentArb,
  declaredUpdates,
  deltaSituations as deltaScripts,
  deltaStatus,
  deltaUpdates,
  deltaViewOf,
  driveDelta,
  drivePlan,
  mutate,
  mutation,
  namesField,
  planInputOf,
  planQueries,
  planRulesFor,
  planSituations as planScripts,
  planUpdates,
  planViewOf,
  pool,
  validate,
  type DeltaView,
  type Mutation,
  type PlanView,
  type UpdateSpec,
} from './steerings';

// Property-based tests of every update of both workflows. Each update is either accepted and
// applied cleanly, or refused with a failure that names the field (ERR_INVALID_INPUT, or
// ERR_CONFLICT for the state it meets) and changes nothing. First the pure rules the workflow
// runs as validator and handler (domain/*/steering.ts), then the real workflows on Temporal's
// time-skipping server, fed with long sequences of valid and invalid updates.

const plus = (iso: string, days: number) => DateTime.fromISO(iso).plus({ days }).toUTC().toISO()!;

/** A refusal as the workflow turns it into a failure: the project's error, a known type, a field and a reason. */
function expectRefusal(error: unknown, fields: string[], story: () => string): void {
  if (!(error instanceof PlansyklusError)) {
    throw new Error(`refused with ${String(error)} instead of a PlansyklusError\n${story()}`, { cause: error });
  }
  expect([ErrorType.invalidInput, ErrorType.conflict]).toContain(error.type);
  if (!namesField(error.message, fields)) throw new Error(`the refusal names no field of ${fields.join(', ')}: ${JSON.stringify(error.message)}`);
}

/** Both outcomes must occur for every update, or the property says little. */
function expectBothOutcomes(name: string, seen: { accepted: number; refused: number }): void {
  if (seen.accepted === 0 || seen.refused === 0) throw new Error(`${name}: ${seen.accepted} accepted, ${seen.refused} refused; the generators miss one outcome`);
}

describe('the pure rules of every update', () => {
  const deltaSituations = pool(deltaScripts, 6, seed);
  const planSituations = pool(planScripts, 3, seed);

  test('every update the workflows declare is fuzzed', () => {
    expect(deltaUpdates.map((u) => u.name).sort()).toEqual(declaredUpdates(deltaMsg).sort());
    expect(planUpdates.map((u) => u.name).sort()).toEqual(declaredUpdates(planMsg).sort());
  });

  test.each(deltaUpdates.map((u) => [u.name, u] as const))('DelTa %s: applied cleanly, or refused naming the field; a check changes nothing', (name, spec) => {
    const seen = { accepted: 0, refused: 0 };
    const cases = deltaSituations.chain((s) =>
      fc.tuple(fc.constant(s), argumentArb(spec, deltaViewOf(s.state, s.plan, s.now), anyValue)),
    );
    fc.assert(
      fc.property(cases, ([s, arg]) => {
        const story = () => `after: ${s.story.join(' · ')}\nnow: ${s.now}`;
        // The checks run on a frozen copy: changing it throws.
        const v = validate(spec, deltaRules.checkOpen, deepFreeze(structuredClone(s.state)), deepFreeze(structuredClone(s.plan)), arg, s.now);
        if (!v.ok) {
          seen.refused++;
          expectRefusal(v.error, spec.fields, story);
          return;
        }
        seen.accepted++;
        const state = structuredClone(s.state);
        const plan = structuredClone(s.plan);
        try {
          spec.apply(state, plan, v.data, s.now);
          advance(state, plan, s.now);
          expect(JSON.parse(JSON.stringify(state))).toEqual(state);
          deltaStatus(state, plan, s.now);
          // The workflow goes on from there, for months.
          const later = driveDelta(state, plan, s.now, plus(s.now, 150), 4);
          deltaStatus(state, plan, later);
        } catch (err) {
          throw new Error(`${String(err)}\nafter ${name} accepted ${JSON.stringify(arg)}\n${story()}`, { cause: err });
        }
      }),
      options(80),
    );
    expectBothOutcomes(name, seen);
  });

  test.each(planUpdates.map((u) => [u.name, u] as const))('plan %s: applied cleanly, or refused naming the field; a check changes nothing', (name, spec) => {
    const seen = { accepted: 0, refused: 0 };
    const cases = planSituations.chain((s) => fc.tuple(fc.constant(s), argumentArb(spec, planViewOf(s.state), anyValue)));
    fc.assert(
      fc.property(cases, ([s, arg]) => {
        const story = () => `after: ${s.story.join(' · ')}\nnow: ${s.now}`;
        const v = validate(spec, planRules.checkNotEnded, deepFreeze(structuredClone(s.state)), undefined, arg, s.now);
        if (!v.ok) {
          seen.refused++;
          expectRefusal(v.error, spec.fields, story);
          return;
        }
        seen.accepted++;
        const state = structuredClone(s.state);
        // The reload replaces the workflow's cycle and revision data (workflows/planCycle.ts).
        const input = name === 'reloadTemplates' ? { ...s.input, ...(v.data as object) } : s.input;
        try {
          spec.apply(state, undefined, v.data, s.now);
          expect(JSON.parse(JSON.stringify(state))).toEqual(state);
          for (const m of state.measures) {
            const parsed = planMeasureSchema().safeParse(m);
            if (!parsed.success) throw new Error(`measure ${m.id} is not a valid measure any more: ${parsed.error.message}`);
          }
          expect(new Set(state.measures.map((m) => m.id)).size).toBe(state.measures.length);
          planQueries(state, input, s.now);
          // The workflow goes on from there, into next year's round.
          const later = drivePlan(state, input, s.now, plus(s.now, 400), 2);
          planQueries(state, input, later);
          // Each year continues as new with the next year's round.
          for (let year = state.round.year + 1; year <= state.round.year + 4; year++) newRound(year, input.cycle, planRulesFor(input));
        } catch (err) {
          throw new Error(`${String(err)}\nafter ${name} accepted ${JSON.stringify(arg)}\n${story()}`, { cause: err });
        }
      }),
      options(80),
    );
    expectBothOutcomes(name, seen);
  });
});

// ---------------------------------------------------------------------------------------------
// The real workflows: one collaboration and one plan per run, fed a long sequence of updates
// through the client, with time moving on between them.

interface UpdateOp {
  update: number;
  p: number[];
  how: 'built' | 'mutated' | 'anything';
  mutate: Mutation;
  anything: unknown;
}
type Op = { sleepHours: number } | { skip: true } | UpdateOp;

const opArb = (sleep: fc.Arbitrary<number>): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 1, arbitrary: sleep.map((sleepHours) => ({ sleepHours })) },
    { weight: 2, arbitrary: fc.constant({ skip: true as const }) },
    {
      weight: 12,
      arbitrary: fc.record({
        update: fc.nat(),
        p: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        how: fc.constantFrom<UpdateOp['how']>('built', 'built', 'built', 'mutated', 'mutated', 'anything'),
        mutate: mutation,
        anything: fc.option(jsonish, { nil: undefined }),
      }),
    },
  );

const definition = (module: object, name: string) =>
  Object.values(module).find((v) => v && typeof v === 'object' && v.type === 'update' && v.name === name) as UpdateDefinition<unknown, [unknown]>;

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UPDATE_TIMEOUT_MS = 20_000;

/** An update's outcome; a hung update means a workflow task keeps failing. */
async function send(handle: WorkflowHandle, def: UpdateDefinition<unknown, [unknown]>, args: unknown[]): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`update ${def.name} got no answer in ${UPDATE_TIMEOUT_MS} ms: is a workflow task failing?`)), UPDATE_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([handle.executeUpdate(def, { args } as never), timeout]);
    return { ok: true, result };
  } catch (error) {
    if (error instanceof Error && error.message.includes('got no answer')) throw error;
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

/** A refused update as the client sees it: the validator's ApplicationFailure, with a known type and a field. */
function expectRefused(error: unknown, fields: string[]): string {
  if (!(error instanceof WorkflowUpdateFailedError)) throw new Error(`not a WorkflowUpdateFailedError: ${String(error)}`, { cause: error });
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure)) throw new Error(`the cause is not an ApplicationFailure: ${String(cause)}`, { cause: error });
  expect([ErrorType.invalidInput, ErrorType.conflict]).toContain(cause.type);
  if (!namesField(cause.message, fields)) throw new Error(`the refusal names no field of ${fields.join(', ')}: ${JSON.stringify(cause.message)}`);
  return `${cause.type}: ${cause.message.split('\n')[0].slice(0, 120)}`;
}

describe('the workflows on the time-skipping server', () => {
  const t = useTimeline('fuzz-updates');
  let runs = 0;

  /** No workflow task failed in any run of the workflow (the worker never choked on an update). */
  async function expectNoTaskFailures(workflowId: string, runIds: Set<string>): Promise<void> {
    for (const runId of runIds) {
      const history = await t.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      const failed = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes);
      if (failed.length) throw new Error(`workflow task failed in run ${runId}: ${JSON.stringify(failed[0].workflowTaskFailedEventAttributes?.failure?.message)}`);
    }
  }

  /**
   * Plays the operations against a running workflow: after each update, a refused one left the
   * status as it was (and no trace in the history), an accepted one answered; the workflow runs on.
   */
  async function play<V>(opts: {
    workflowId: string;
    ops: Op[];
    updates: UpdateSpec<unknown, unknown, V>[];
    module: object;
    query: () => Promise<unknown>;
    view: (status: never, now: string) => V;
    /** The update that ends the workflow: sent valid only as the last one. */
    ends: string;
    /** Whether a workflow that completed had reached its end (the status says so). */
    finished: (status: never) => boolean;
    /** Where the next thing happens, for `skip`. */
    next: (status: never, now: string) => string | undefined;
    /** Updates more often sent than others (those that move the workflow on). */
    often: string[];
    maxSleepDays: number;
    log: string[];
  }): Promise<{ ended: boolean; runIds: Set<string>; accepted: number; refused: number; compared: number }> {
    const handle = t.env.client.workflow.getHandle(opts.workflowId);
    const runIds = new Set<string>();
    let slept = 0;
    let accepted = 0;
    let refused = 0;
    let compared = 0;
    for (const [i, op] of opts.ops.entries()) {
      const before = await settled(handle, opts.query);
      if ('sleepHours' in op || 'skip' in op) {
        const now = await t.env.currentTimeMs();
        const next = 'skip' in op ? opts.next(before.status as never, new Date(now).toISOString()) : undefined;
        const hours = 'sleepHours' in op ? op.sleepHours : next ? Math.max(1 / 60, (DateTime.fromISO(next).toMillis() - now) / 3_600_000 + 0.5) : 24;
        if (slept + hours / 24 > opts.maxSleepDays) continue;
        slept += hours / 24;
        await t.env.sleep(Math.round(hours * 3_600_000));
        // The status is worked out at the workflow's time of its last task, which stood still
        // while the server slept without a timer firing: a refusal (null fits no schema) makes
        // a task, so the status before the next update is of now.
        const sync = await send(handle, definition(opts.module, opts.updates[0].name), [null]);
        expect(sync.ok).toBe(false);
        opts.log.push(`${i}: +${hours.toFixed(1)}h`);
        continue;
      }
      const weighted = [...opts.updates, ...opts.often.flatMap((name) => opts.updates.filter((u) => u.name === name))];
      const spec = weighted[op.update % weighted.length];
      const now = new Date(await t.env.currentTimeMs()).toISOString();
      const built = () => spec.build(opts.view(before.status as never, now), op.p);
      let how = op.how;
      // Ending the workflow is for the end of the sequence.
      if (opts.ends === spec.name && i < opts.ops.length - 1) how = 'anything';
      const arg = how === 'built' ? built() : how === 'mutated' ? mutate(built(), op.mutate) : op.anything;
      const args = spec.fields.length || arg !== undefined ? [arg] : [];
      const clock = { env: await t.env.currentTimeMs(), real: Date.now() };
      const outcome = await send(handle, definition(opts.module, spec.name), args);
      const shown = JSON.stringify(arg)?.slice(0, 200);
      if (outcome.ok) {
        accepted++;
        opts.log.push(`${i}: ${spec.name} ${shown} → accepted`);
        expect(outcome.result).toBeDefined();
      } else {
        refused++;
        opts.log.push(`${i}: ${spec.name} ${shown} → ${expectRefused(outcome.error, spec.fields)}`);
        const after = await handle.describe();
        const status = await opts.query();
        // The refused update left no trace in the history (the test server may record the
        // validating workflow task itself)…
        const events = after.historyLength === before.history ? [] : ((await handle.fetchHistory()).events ?? []).slice(before.history);
        expect(events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes)).toEqual([]);
        // …and, unless a timer or a mail finished meanwhile or the server skipped time (the
        // status says what is late by today's date), the status is exactly as it was.
        const skipped = (await t.env.currentTimeMs()) - clock.env > Date.now() - clock.real + 2000;
        const meanwhile = skipped || events.some((e) => e.timerFiredEventAttributes || e.activityTaskCompletedEventAttributes || e.activityTaskFailedEventAttributes);
        if (!meanwhile) {
          expect(status).toEqual(before.status);
          compared++;
        }
      }
      const d = await handle.describe();
      runIds.add(d.runId);
      if (d.status.name === 'COMPLETED' && opts.finished((await opts.query()) as never)) return { ended: true, runIds, accepted, refused, compared };
      if (d.status.name !== 'RUNNING') throw new Error(`the workflow is ${d.status.name} after op ${i}`);
    }
    return { ended: false, runIds, accepted, refused, compared };
  }

  /**
   * One generated run against a started workflow: `body` plays it, then no workflow task may have
   * failed in any of its runs and the status must have been compared after nearly every refusal
   * (not only when no timer fired). The log goes with a failure (and out with FUZZ_VERBOSE); the
   * workflow is terminated either way.
   */
  async function fuzzRun(workflowId: string, totals: { accepted: number; refused: number }, body: (log: string[]) => Promise<Awaited<ReturnType<typeof play>>>): Promise<void> {
    const handle = t.env.client.workflow.getHandle(workflowId);
    const log: string[] = [];
    try {
      const played = await body(log);
      played.runIds.add((await handle.describe()).runId);
      await expectNoTaskFailures(workflowId, played.runIds);
      totals.accepted += played.accepted;
      totals.refused += played.refused;
      expect(played.compared).toBeGreaterThanOrEqual(played.refused * 0.8);
      if (process.env.FUZZ_VERBOSE) process.stdout.write(`${workflowId}:\n${log.join('\n')}\n`);
    } catch (err) {
      throw new Error(`${String(err)}\n${workflowId}:\n${log.join('\n')}`, { cause: err });
    } finally {
      await handle.terminate('fuzz run over').catch(() => undefined);
    }
  }

  test('DelTa: every update, valid or not, is accepted or refused naming the field; the workflow runs on', async () => {
    await t.sleepUntil('2040-03-01T07:00:00Z');
    const totals = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb(fc.integer({ min: 1, max: 24 * 25 })), { minLength: 50, maxLength: 80, size: 'max' }), async (ops) => {
        const n = String(9000 + ++runs);
        const today = DateTime.fromMillis(await t.env.currentTimeMs(), { zone: 'Europe/Oslo' }).toISODate()!;
        const workflowId = `delta-${n}-${today.slice(0, 4)}`;
        await t.env.client.workflow.start(deltaCollaboration, { taskQueue: t.taskQueue, workflowId, args: [{ ...deltaInput(n, {}), agreementDate: today }] });
        const handle = t.env.client.workflow.getHandle(workflowId);
        await fuzzRun(workflowId, totals, (log) =>
          play<DeltaView>({
            workflowId,
            ops,
            updates: deltaUpdates as UpdateSpec<unknown, unknown, DeltaView>[],
            module: deltaMsg,
            query: () => handle.query(deltaMsg.statusQuery),
            view: (s: DeltaStatus, now) => ({
              meetings: s.meetings.map((m) => m.key),
              open: s.meetings.filter((m) => m.state !== 'held' && m.state !== 'referatRegistered' && !(m.start && m.start <= now && m.state !== 'cancelled')).map((m) => m.key),
              focusAreas: s.focusAreas.map((a) => a.n),
              today: DateTime.fromISO(now, { zone: 'Europe/Oslo' }).toISODate()!,
            }),
            ends: '',
            finished: (s: DeltaStatus) => s.phase === 'ended',
            // Into the next meeting (it has begun), or to the next step.
            next: (s: DeltaStatus, now) =>
              s.meetings
                .filter((m) => m.start && m.start > now && m.state !== 'cancelled')
                .map((m) => DateTime.fromISO(m.start!).plus({ minutes: 30 }).toUTC().toISO()!)
                .sort()[0] ?? s.nextStep?.at,
            often: ['confirmHeld', 'confirmHeld', 'chooseFocusAreas', 'chooseFocusAreas', 'scheduleMeeting', 'registerReferat', 'submitActionPlan', 'registerMeasures', 'registerEvaluation'],
            maxSleepDays: 300,
            log,
          }),
        );
      }),
      options(2, { endOnFailure: true }),
    );
    expect(Math.min(totals.accepted, totals.refused)).toBeGreaterThan(5);
  }, 120_000);

  test('plan: every update, valid or not, is accepted or refused naming the field; the workflow runs on', async () => {
    const totals = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb(fc.integer({ min: 1, max: 24 * 60 })), { minLength: 50, maxLength: 80, size: 'max' }), async (ops) => {
        const today = DateTime.fromMillis(await t.env.currentTimeMs(), { zone: 'Europe/Oslo' }).toISODate()!;
        const workflowId = `plan-${String(9000 + ++runs)}-2011`;
        await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId, args: [planInputOf(today)] });
        const handle = t.env.client.workflow.getHandle(workflowId);
        await fuzzRun(workflowId, totals, async (log) => {
          const played = await play<PlanView>({
            workflowId,
            ops,
            updates: planUpdates as UpdateSpec<unknown, unknown, PlanView>[],
            module: planMsg,
            query: () => handle.query(planMsg.planStatusQuery),
            view: (s: PlanStatus) => ({ measures: s.measures.map((m) => m.id), retired: s.retired, year: s.round.year }),
            ends: planMsg.endPlanUpdate.name,
            finished: (s: PlanStatus) => !!s.ended,
            // Into the round, or past its due date.
            next: (s: PlanStatus, now) => (s.round.requestAt > now ? DateTime.fromISO(s.round.requestAt).plus({ hours: 1 }).toUTC().toISO()! : undefined),
            often: ['answerStatus', 'answerStatus', 'answerStatus', 'answerStatus', 'retireMeasure'],
            maxSleepDays: 450,
            log,
          });
          if (!played.ended) {
            // A plan replaced by its successor ends, and refuses every change after that.
            const end = await send(handle, planMsg.endPlanUpdate as UpdateDefinition<unknown, [unknown]>, [{ successor: 'plan-5047-2016' }]);
            expect(end.ok).toBe(true);
          }
          // It completes (polled: awaiting the result would let the server skip time).
          for (let i = 0; i < 100 && (await handle.describe()).status.name === 'RUNNING'; i++) await sleepMs(50);
          expect((await handle.describe()).status.name).toBe('COMPLETED');
          const late = await send(handle, planMsg.retireMeasureUpdate as UpdateDefinition<unknown, [unknown]>, [{ measure: '1.1' }]);
          expect(late.ok).toBe(false);
          return played;
        });
      }),
      options(2, { endOnFailure: true }),
    );
    expect(Math.min(totals.accepted, totals.refused)).toBeGreaterThan(5);
  }, 120_000);
});
