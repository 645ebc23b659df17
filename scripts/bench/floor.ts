import type { z } from 'zod';
import { actionTime, localStart, type ScenarioAction } from '../../client/simulate/scenario';
import { localDate } from '../../domain/calendar';
import * as deltaMsg from '../../domain/delta/messages';
import { mailsFor } from '../../domain/delta/mails';
import { advance, deltaPlan, hasEnded, markDone, newDeltaState, nextDue, titleOf, type DeltaPlan, type DeltaState, type Due } from '../../domain/delta/progress';
import { statusOf } from '../../domain/delta/status';
import * as deltaRules from '../../domain/delta/steering';
import { pick } from '../../domain/language';
import { deliveryFailedNotice, type MailRequest } from '../../domain/mail';
import { isStale, scheduleMeeting } from '../../domain/meetingPlan';
import { rulesFor } from '../../domain/municipality';
import * as planMsg from '../../domain/plan/messages';
import { firstRevision } from '../../domain/plan/revisionSteps';
import { newRound, type PlanState } from '../../domain/plan/round';
import * as planRules from '../../domain/plan/steering';
import { mailsOfStep, markStep, nextPlanStep } from '../../domain/plan/steps';
import type { GeneratedDelta, GeneratedPlan } from './generate';

/**
 * The floor: the same decisions as the workflows, made by a plain loop over the same pure rules
 * in domain/. Each runner below follows its workflow's loop line by line (planCycle,
 * deltaCollaboration) with the clock in a variable instead of Temporal's: it waits for the next
 * step or the next thing a person does, whichever comes first, and performs steps due within a
 * second, as the workflows do. Updates go through the same schema, guard, check and apply.
 */

/** Something a person does to a running workflow, at a fixed instant: an update and its arguments. */
export interface ScheduledUpdate {
  at: string;
  update: string;
  args: unknown[];
}

/** Where mail goes; `notice` is the mail the workflow sends when the first one cannot be delivered. */
export type Emit = (mail: MailRequest, notice: () => MailRequest | undefined) => void;

export interface UpdateTally {
  accepted: number;
  rejected: number;
  reasons: Map<string, number>;
}

export const newTally = (): UpdateTally => ({ accepted: 0, rejected: 0, reasons: new Map() });

const ms = (iso: string) => Date.parse(iso);
const plusMs = (iso: string, n: number) => new Date(ms(iso) + n).toISOString();

interface Rule<S, C> {
  schema?: z.ZodType;
  check: (state: S, context: C, args: never, now: string) => unknown;
  apply: (state: S, context: C, args: never, now: string) => unknown;
}

/** The workflows' update validators and handlers (workflows/steering.ts), without Temporal. */
function steer<S, C>(rule: Rule<S, C> | undefined, guard: (s: S) => void, state: S, context: C, args: unknown[], now: string, tally: UpdateTally): boolean {
  const reject = (reason: string) => {
    tally.rejected++;
    tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
    return false;
  };
  if (!rule) return reject('unknown update');
  let data: unknown;
  if (rule.schema) {
    const parsed = rule.schema.safeParse(args[0]);
    if (!parsed.success) return reject(parsed.error.issues[0]?.message ?? 'invalid');
    data = parsed.data;
  }
  try {
    guard(state);
    rule.check(state, context, data as never, now);
  } catch (err) {
    return reject((err as Error).message);
  }
  rule.apply(state, context, data as never, now);
  tally.accepted++;
  return true;
}

const planUpdates: Record<string, Rule<PlanState, undefined>> = {
  [planMsg.answerStatusUpdate.name]: { schema: planMsg.answerStatusSchema(), check: planRules.checkAnswer, apply: planRules.applyAnswer },
};

const deltaUpdates: Record<string, Rule<DeltaState, DeltaPlan>> = {
  [deltaMsg.scheduleMeetingUpdate.name]: { schema: deltaMsg.scheduleMeetingSchema(), check: deltaRules.checkSchedule, apply: deltaRules.applySchedule },
  [deltaMsg.cancelMeetingUpdate.name]: { schema: deltaMsg.meetingRefSchema(), check: deltaRules.checkCancel, apply: deltaRules.applyCancel },
  [deltaMsg.confirmHeldUpdate.name]: { schema: deltaMsg.meetingRefSchema(), check: deltaRules.checkConfirmHeld, apply: deltaRules.applyConfirmHeld },
  [deltaMsg.registerReferatUpdate.name]: { schema: deltaMsg.registerReferatSchema(), check: deltaRules.checkReferat, apply: deltaRules.applyReferat },
  [deltaMsg.chooseFocusAreasUpdate.name]: { schema: deltaMsg.chooseFocusAreasSchema(), check: deltaRules.checkChooseFocusAreas, apply: deltaRules.applyChooseFocusAreas },
  [deltaMsg.submitActionPlanUpdate.name]: { schema: deltaMsg.submitActionPlanSchema(), check: deltaRules.checkActionPlan, apply: deltaRules.applyActionPlan },
  [deltaMsg.registerEvaluationUpdate.name]: { schema: deltaMsg.registerEvaluationSchema(), check: deltaRules.checkEvaluation, apply: deltaRules.applyEvaluation },
  [deltaMsg.registerMeasuresUpdate.name]: { schema: deltaMsg.registerMeasuresSchema(), check: deltaRules.checkMeasures, apply: deltaRules.applyMeasures },
  [deltaMsg.changeContactsUpdate.name]: { schema: deltaMsg.changeContactsSchema(), check: () => undefined, apply: deltaRules.applyContacts },
  [deltaMsg.pauseUpdate.name]: { check: deltaRules.checkPause, apply: deltaRules.applyPause },
  [deltaMsg.resumeUpdate.name]: { check: deltaRules.checkResume, apply: deltaRules.applyResume },
};

/** A runner walks one workflow's timeline up to (not including) an instant. */
export interface Runner {
  readonly workflowId: string;
  runUntil(limit: string): void;
}

/** workflows/planCycle.ts as a plain loop. */
export class PlanRunner implements Runner {
  readonly workflowId: string;
  /** Continue-as-new points crossed (a new run each year after the yearly report). */
  runs = 1;
  private state?: PlanState;
  private now: string;
  private next = 0;
  /** The instant the runner stopped short of: nothing changes before it, so the rules need not run again. */
  private wakeAt = '';

  constructor(
    private readonly plan: GeneratedPlan,
    startAt: string,
    private readonly updates: ScheduledUpdate[],
    private readonly emit: Emit,
    private readonly tally: UpdateTally,
  ) {
    this.workflowId = plan.workflowId;
    this.now = startAt;
  }

  runUntil(limit: string): void {
    if (this.now >= limit || this.wakeAt >= limit) return;
    const { input } = this.plan;
    const rules = rulesFor(input.municipality);
    const today = localDate(this.now, rules.zone);
    const state: PlanState = (this.state ??= {
      measures: input.measures.map((m) => ({ ...m, answers: {} })),
      round: newRound(input.firstRound, input.cycle, rules),
      followUp: { since: today, reminded: [], lastDigest: {}, escalated: [] },
      revision: firstRevision(input.municipality.country, today),
      sent: [],
      failed: [],
    });
    for (;;) {
      if (state.ended) return;
      const next = nextPlanStep(state, input, rules);
      if (!next) {
        state.round = newRound(state.round.year + 1, input.cycle, rules);
        this.runs++;
        continue;
      }
      const { step } = next;
      if (ms(step.at) - ms(this.now) >= 1000) {
        const update = this.updates[this.next];
        if (update && update.at < step.at) {
          if (update.at >= limit) return void (this.wakeAt = update.at);
          this.now = update.at;
          this.next++;
          steer(planUpdates[update.update], planRules.checkNotEnded, state, undefined, update.args, this.now, this.tally);
          continue;
        }
        if (step.at >= limit) return void (this.wakeAt = step.at);
        this.now = step.at;
        continue;
      }
      const sentAt = this.now;
      for (const m of mailsOfStep(next, state, input, this.workflowId, rules, sentAt)) this.emit(m, () => deliveryFailedNotice(m, input.coordinator, input.plan.name));
      markStep(state, next, input, rules, sentAt);
    }
  }
}

/** What people do to a collaboration: a fixed list, or a scenario resolved against the state. */
export interface ActionSource {
  next(now: string, state: DeltaState, plan: DeltaPlan): ScheduledUpdate | undefined;
  take(update: ScheduledUpdate): void;
}

export class FixedActions implements ActionSource {
  private i = 0;
  constructor(private readonly list: ScheduledUpdate[]) {}
  next(): ScheduledUpdate | undefined {
    return this.list[this.i];
  }
  take(): void {
    this.i++;
  }
}

/**
 * A scenario's actions (client/simulate/scenario.ts) turned into fixed instants as the
 * collaboration runs: an action's moment comes from the status, as `simulate` reads it. An
 * action whose moment has passed goes ten minutes later; a collaboration's actions are at least
 * a minute apart, so the workflow sees them one at a time. `performed` is the resolved list.
 */
interface Pending {
  action: ScenarioAction;
  /** Fixed instants (a resume after a pause of some days); otherwise read from the status. */
  at?: string;
}

export class ScenarioActions implements ActionSource {
  readonly performed: ScheduledUpdate[] = [];
  private readonly pending: Pending[];
  private chosen?: { entry: Pending; update: ScheduledUpdate };

  constructor(
    actions: ScenarioAction[],
    private readonly meta: { workflowId: string; municipality: { name: string; number: string }; centre: string },
  ) {
    this.pending = actions.map((action) => ({ action }));
  }

  get unperformed(): number {
    return this.pending.length;
  }

  next(now: string, state: DeltaState, plan: DeltaPlan): ScheduledUpdate | undefined {
    const status = statusOf(state, plan, this.meta, now);
    const first = this.pending
      .map((entry) => ({ entry, at: entry.at ?? actionTime(entry.action, status, plan.rules) }))
      .filter((x): x is { entry: Pending; at: string } => x.at !== undefined)
      .sort((a, b) => a.at.localeCompare(b.at))[0];
    this.chosen = undefined;
    if (!first) return undefined;
    let at = first.at > now ? first.at : plusMs(now, 10 * 60_000);
    const last = this.performed[this.performed.length - 1]?.at;
    if (last && ms(at) < ms(last) + 60_000) at = plusMs(last, 60_000);
    const { action } = first.entry;
    const agreementDate = plan.agreementDate;
    const zone = plan.rules.zone;
    const [update, args] = ((): [string, unknown[]] => {
      switch (action.do) {
        case 'schedule':
          return [deltaMsg.scheduleMeetingUpdate.name, [{ meeting: action.meeting, start: localStart(action.start, agreementDate, plan.rules, status), location: action.location }]];
        case 'cancel':
          return [deltaMsg.cancelMeetingUpdate.name, [{ meeting: action.meeting }]];
        case 'held':
          return [deltaMsg.confirmHeldUpdate.name, [{ meeting: action.meeting }]];
        case 'referat':
          return [deltaMsg.registerReferatUpdate.name, [{ meeting: action.meeting, text: action.text ?? 'Referat (simulert).' }]];
        case 'chooseFocusAreas':
          return [deltaMsg.chooseFocusAreasUpdate.name, [{ areas: action.areas }]];
        case 'actionPlan':
          return [deltaMsg.submitActionPlanUpdate.name, [{ area: action.area, text: action.text ?? 'Handlingsplan (simulert).' }]];
        case 'measures':
          return [deltaMsg.registerMeasuresUpdate.name, [{ area: action.area, measures: action.measures }]];
        case 'evaluation':
          return [deltaMsg.registerEvaluationUpdate.name, [{ area: action.area, text: action.text ?? 'Evaluering (simulert).', signedBy: action.signedBy, signedOn: localDate(at, zone) }]];
        case 'pause':
          return [deltaMsg.pauseUpdate.name, []];
        case 'resume':
          return [deltaMsg.resumeUpdate.name, []];
        case 'contacts': {
          const { contact, leader, adviser } = action;
          return [deltaMsg.changeContactsUpdate.name, [{ ...(contact && { contact }), ...(leader && { leader }), ...(adviser && { adviser }) }]];
        }
        default:
          throw new Error(`unknown scenario action ${JSON.stringify(action)}`);
      }
    })();
    this.chosen = { entry: first.entry, update: { at, update, args } };
    return this.chosen.update;
  }

  take(update: ScheduledUpdate): void {
    const chosen = this.chosen!;
    this.pending.splice(this.pending.indexOf(chosen.entry), 1);
    this.performed.push(update);
    const { action } = chosen.entry;
    // A pause with a length resumes by itself, as in `simulate`.
    if (action.do === 'pause' && action.days) {
      this.pending.push({ action: { do: 'resume', workingDays: 0, time: action.time }, at: plusMs(update.at, action.days * 86_400_000) });
    }
  }
}

/** workflows/deltaCollaboration.ts as a plain loop. */
export class DeltaRunner implements Runner {
  readonly workflowId: string;
  private readonly plan: DeltaPlan;
  private state?: DeltaState;
  private now: string;
  private finished = false;
  private wakeAt = '';

  constructor(
    private readonly delta: GeneratedDelta,
    private readonly actions: ActionSource,
    private readonly emit: Emit,
    private readonly tally: UpdateTally,
  ) {
    this.workflowId = delta.workflowId;
    this.plan = deltaPlan(delta.input);
    this.now = delta.startAt;
  }

  runUntil(limit: string): void {
    if (this.finished || this.now >= limit || this.wakeAt >= limit) return;
    const { plan } = this;
    const { input } = this.delta;
    if (!this.state) {
      this.state = newDeltaState(plan, { ...input.people }, this.now);
      for (const [key, time] of Object.entries(input.meetings)) {
        this.state.meetings[key] = scheduleMeeting(this.state.meetings[key], plan.programme.meetings[key], time.start, plan.rules.zone, this.now, time.location);
      }
    }
    const state = this.state;
    for (;;) {
      advance(state, plan, this.now);
      const upcoming = nextDue(state, plan, this.now);
      if (!upcoming && hasEnded(state)) {
        this.finished = true;
        return;
      }
      const next = upcoming?.due;
      const at = upcoming?.at;
      const wait = Math.min(at ? ms(at) - ms(this.now) : Infinity, hasEnded(state) ? Infinity : ms(plan.endAt) - ms(this.now));
      if (wait >= 1000) {
        const wake = wait === Infinity ? undefined : plusMs(this.now, wait);
        const update = this.actions.next(this.now, state, plan);
        if (update && (!wake || update.at < wake)) {
          if (update.at >= limit) return void (this.wakeAt = update.at);
          this.now = update.at;
          this.actions.take(update);
          if (steer(deltaUpdates[update.update], deltaRules.checkOpen, state, plan, update.args, this.now, this.tally)) advance(state, plan, this.now);
          continue;
        }
        if (!wake) return void (this.wakeAt = '\uffff');
        if (wake >= limit) return void (this.wakeAt = wake);
        this.now = wake;
        continue;
      }
      if (!next) continue;
      const meeting = next.unit === 'meeting' ? state.meetings[next.key] : undefined;
      if (!meeting || !isStale(next.step, meeting, this.now)) this.perform(next);
      markDone(state, next, this.now);
    }
  }

  private perform(due: Due): void {
    const state = this.state!;
    const { plan } = this;
    const { input } = this.delta;
    const mails = mailsFor(due, state, plan, { workflowId: this.workflowId, municipality: input.municipality.name, centre: input.centre }, this.now);
    const about = due.unit === 'milestone' ? pick(plan.programme.name, plan.language) : titleOf(plan, due.key);
    for (const m of mails) this.emit(m, () => deliveryFailedNotice(m, state.people.adviser, about));
  }
}
