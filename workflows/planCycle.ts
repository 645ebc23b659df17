import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { localDate } from '../domain/calendar';
import { deliveryFailedNotice, type MailOutcome, type MailRequest } from '../domain/mail';
import { rulesFor } from '../domain/municipality';
import type { PlanInput } from '../domain/plan/input';
import { keepRecentMail } from '../domain/plan/mailRecords';
import { reportInput } from '../domain/plan/mails';
import { firstRevision } from '../domain/plan/revisionSteps';
import * as msg from '../domain/plan/messages';
import type { PlanStatus } from '../domain/plan/messages';
import * as planRules from '../domain/plan/steering';
import { newRound, type PlanState } from '../domain/plan/round';
import { mailsOfStep, markStep, nextPlanStep, roundView } from '../domain/plan/steps';
import { municipalityKey, phaseKey, programmeKey } from '../domain/searchAttributes';
import { shareStrings } from '../domain/shareStrings';
import { alarmClock } from './alarm';
import { msUntil, nowIso } from './clock';
import { batchSize, sendMail, sendMails, settleMail } from './mail';
import { runIsLong } from './runLength';
import { steeringFor } from './steering';

/**
 * Released in v1: one sendMail activity per mail, so a plan's year wrote about 1,100 history
 * events (bench:scale). From v2 the mails of one moment go out in one local sendMails activity.
 * Histories recorded before keep the old path (`patched`); remove it with `deprecatePatch`
 * once no v1 plan run is left (each run ends within a year, at its continue-as-new).
 */
const sendsInBatches = 'plan-sends-in-batches';
/**
 * Released in v2: each wait was a `condition` with a timeout, its timer cancelled and started
 * again whenever an update came first. From v3 a plan waits on an alarm clock (workflows/alarm.ts)
 * that keeps one timer per instant. Histories recorded before keep the old path (`patched`).
 */
const waitsOnAlarm = 'plan-waits-on-alarm';
/**
 * Released in v3: a run lasted the whole round, however long its history grew, and the input's
 * `continueAsNewAfterEvents` was not read. From v4 a run that has passed it (or that Temporal
 * suggests continuing) continues as new before the wait that follows a step, carrying the round as it stands:
 * a cached plan then holds a few months of commands and their mail, not a year's.
 */
const continuesWhenLong = 'plan-continues-when-long';
/**
 * Released in v4: a plan carried the record of every mail it ever sent into each new run.
 * From v5 it carries those of the new round and the one before, and counts the older ones.
 */
const keepsRecentMail = 'plan-keeps-recent-mail';

/** A mail the workflow has decided on, with what its outcome is recorded under. */
interface Outgoing {
  mail: MailRequest;
  kind: string;
  sentAt: string;
  year: number;
}

/**
 * A municipality's action plan, year after year (seeds 001, 003): each year every owner is
 * asked once for the status of their measures, reminded, their leader told when answers are
 * missing, and the round closes with the yearly report to the leaders. Each year's run
 * continues as new into the next, carrying the plan's state, and so does a run whose history
 * has grown past the input's limit, so the history and the cached run stay small.
 */
export async function planCycle(input: PlanInput, carried?: PlanState): Promise<void> {
  shareStrings([input, carried]);
  const { workflowId } = workflowInfo();
  const rules = rulesFor(input.municipality);
  const country = input.municipality.country;
  const today = () => localDate(nowIso(), rules.zone);
  const state: PlanState = carried ?? {
    measures: input.measures.map((m) => ({ ...m, answers: {} })),
    round: newRound(input.firstRound, input.cycle, rules),
    followUp: { since: today(), reminded: [], lastDigest: {}, escalated: [] },
    revision: firstRevision(input.municipality.country, today()),
    sent: [],
    failed: [],
  };
  let revision = 0;
  /** A step has been performed since the last wait. */
  let stepped = false;
  /** Mails handed to the activity whose outcome is not known yet. */
  let inFlight = 0;
  const settled = () => inFlight === 0 && allHandlersFinished();
  /** Mails of the steps performed at this moment, sent together before the loop waits again. */
  const pending: Outgoing[] = [];
  const alarm = alarmClock();
  /**
   * Ends this run once its mails and handlers are done; a fresh run carries on from the state
   * `carried` gives then, with the records of those last mails in it.
   */
  const carryOn = async (carried: () => PlanState): Promise<never> => {
    await condition(settled);
    return continueAsNew<typeof planCycle>(input, carried());
  };

  const record = (o: Outgoing, ok: boolean) => (ok ? state.sent : state.failed).push({ at: o.sentAt, kind: o.kind, to: o.mail.key.recipient, year: o.year });
  // The coordinator hears which address refused a mail, so the directory can be corrected.
  const noticeFor = (o: Outgoing) => deliveryFailedNotice(o.mail, input.coordinator, input.plan.name);

  /** v1: each mail in the background on its own; the outcome is recorded when it is known. */
  function sendOne(o: Outgoing): void {
    inFlight++;
    void sendMail(o.mail)
      .then(() => true, () => false)
      .then(async (ok) => {
        record(o, ok);
        const notice = ok ? undefined : noticeFor(o);
        if (notice) await sendMail(notice).catch(() => undefined);
        inFlight--;
      });
  }

  /** v2: the moment's mails in batches, in the background; a batch that gave up is settled mail by mail. */
  function flush(): void {
    while (pending.length) {
      const batch = pending.splice(0, batchSize);
      inFlight++;
      void sendBatch(batch).finally(() => inFlight--);
    }
  }

  async function sendBatch(batch: Outgoing[]): Promise<void> {
    const failed = (): MailOutcome => ({ refused: 'gave up' });
    const outcomes =
      (await sendMails(batch.map((o) => o.mail)).catch(() => undefined)) ??
      (await Promise.all(batch.map((o) => settleMail(o.mail).catch(failed))));
    const notices: MailRequest[] = [];
    batch.forEach((o, i) => {
      const ok = !('refused' in outcomes[i]);
      record(o, ok);
      const notice = ok ? undefined : noticeFor(o);
      if (notice) notices.push(notice);
    });
    if (notices.length) await sendMails(notices).catch(() => undefined);
  }

  const status = (): PlanStatus => ({
    workflowId,
    municipality: { name: input.municipality.name, number: input.municipality.number },
    plan: input.plan.name,
    years: input.plan.years,
    ...roundView(state, rules.zone, nowIso()),
    sent: state.sent,
    failed: state.failed,
    earlier: state.earlier,
  });
  setHandler(msg.planStatusQuery, status);
  setHandler(msg.planReportQuery, () => reportInput(state, input, rules, nowIso()));
  const steer = steeringFor({ state: () => state, context: undefined, guard: planRules.checkNotEnded, applied: () => revision++ });
  steer(msg.answerStatusUpdate, msg.answerStatusSchema(), planRules.checkAnswer, planRules.applyAnswer, status);
  steer(msg.addMeasureUpdate, msg.addMeasureSchema(), planRules.checkAdd, planRules.applyAdd, status);
  steer(msg.changeMeasureUpdate, msg.changeMeasureSchema(), planRules.checkChange, planRules.applyChange, status);
  steer(msg.retireMeasureUpdate, msg.retireMeasureSchema(), planRules.checkRetire, planRules.applyRetire, status);
  steer(msg.changeOwnerUpdate, msg.changeOwnerSchema(), planRules.checkOwner, planRules.applyOwner, status);
  // Ending needs no check of its own: the guard refuses it once the plan has ended.
  steer(msg.endPlanUpdate, msg.endPlanSchema(), () => undefined, planRules.applyEnd, status);
  // Changed cycle or revision data: from the next step on, and carried into later years.
  steer(msg.reloadPlanTemplatesUpdate, msg.reloadPlanTemplatesSchema(), (s, _c, data) => planRules.checkTemplates(s, country, data), (_s, _c, data) => {
    input = { ...input, ...data };
  }, status);

  upsertSearchAttributes([
    { key: programmeKey, value: 'plan' },
    { key: municipalityKey, value: input.municipality.number },
    { key: phaseKey, value: `round-${state.round.year}` },
  ]);

  // This year's round and, beside it, the follow-up of measures with due dates; the run ends
  // when the round has closed.
  for (;;) {
    if (state.ended) {
      // Replaced by a newer plan: the cycle ends here.
      flush();
      await condition(settled);
      return;
    }
    const next = nextPlanStep(state, input, rules);
    if (!next) {
      flush();
      break;
    }
    const { step } = next;
    const seen = revision;
    const wait = msUntil(step.at);
    if (wait >= 1000) {
      flush();
      // Only after performing a step, not when an update woke the loop: answers come in bursts,
      // and an update sent while the run continues as new finds it closed (client/steer.ts).
      if (stepped && runIsLong(input.continueAsNewAfterEvents) && patched(continuesWhenLong)) await carryOn(() => state);
      if (patched(waitsOnAlarm)) await alarm(step.at, () => revision !== seen);
      else await condition(() => revision !== seen, wait);
      stepped = false;
      continue;
    }
    const sentAt = nowIso();
    const mails = mailsOfStep(next, state, input, workflowId, rules, sentAt);
    // Sent in the background: a mail the SMTP server keeps refusing for a while (retried for
    // up to a day) holds up no other owner's mail.
    const outgoing = mails.map((mail): Outgoing => ({ mail, kind: step.kind, sentAt, year: state.round.year }));
    if (patched(sendsInBatches)) pending.push(...outgoing);
    else outgoing.forEach(sendOne);
    markStep(state, next, input, rules, sentAt);
    stepped = true;
  }

  // The round is closed: on to next year's, in a fresh run that carries the plan over.
  const year = state.round.year + 1;
  const trims = patched(keepsRecentMail);
  await carryOn(() => ({ ...(trims ? keepRecentMail(state, year) : state), round: newRound(year, input.cycle, rules) }));
}
