import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { DeltaInput } from '../domain/delta/input';
import { mailsFor } from '../domain/delta/mails';
import { pick } from '../domain/language';
import { deliveryFailedNotice } from '../domain/mail';
import * as msg from '../domain/delta/messages';
import { advance, deltaPlan, hasEnded, markDone, newDeltaState, nextDue, titleOf, phaseOf, type DeltaState, type Due } from '../domain/delta/progress';
import { deliverableStatus, meetingStatus, statusOf, type DeltaStatus } from '../domain/delta/status';
import * as steer from '../domain/delta/steering';
import { isStale, scheduleMeeting } from '../domain/meetingPlan';
import { municipalityKey, phaseKey, programmeKey } from '../domain/searchAttributes';
import { shareStrings } from '../domain/shareStrings';
import { alarmClock } from './alarm';
import { msUntil, nowIso } from './clock';
import { sendMail } from './mail';
import { runIsLong } from './runLength';
import { steeringFor } from './steering';

/**
 * Released in v1: a step's mail was sent before the loop went on, so a mail being retried
 * (an SMTP server down for hours) held back every later step. From v2 the sends run in the
 * background and the loop goes on; histories recorded before keep the old path (`patched`).
 * Remove the old branch (with `deprecatePatch`) once no v1 collaboration is running.
 */
const sendsInBackground = 'delta-sends-in-background';
/**
 * Released in v2: each wait was a `condition` with a timeout, its timer cancelled and started
 * again whenever an update came first. From v3 a collaboration waits on an alarm clock
 * (workflows/alarm.ts) that keeps one timer per instant; histories recorded before keep the old path.
 */
const waitsOnAlarm = 'delta-waits-on-alarm';

/**
 * The two-year DelTa collaboration between a KoRus centre and a municipality (seed 000).
 * The rules live in domain/delta (progress, steering, mails); this function holds the state,
 * answers updates, waits for the next due step and performs it. `carried` is the state handed
 * on by continue-as-new.
 */
export async function deltaCollaboration(input: DeltaInput, carried?: DeltaState): Promise<DeltaStatus> {
  shareStrings([input, carried]);
  const { workflowId } = workflowInfo();
  const plan = deltaPlan(input);
  const meta = { workflowId, municipality: { name: input.municipality.name, number: input.municipality.number }, centre: input.centre };
  const state: DeltaState = carried ?? newDeltaState(plan, { ...input.people }, nowIso());
  /** Raised by every accepted update, so the loop re-plans. */
  let revision = 0;
  /** Steps whose mail is still being sent (in the background: see `sendsInBackground`). */
  let inFlight = 0;
  const settled = () => inFlight === 0 && allHandlersFinished();

  const status = () => statusOf(state, plan, meta, nowIso());
  setHandler(msg.statusQuery, status);

  const steering = steeringFor({
    state: () => state,
    context: plan,
    guard: steer.checkOpen,
    applied: (s, now) => {
      // The consequences are in place before anyone reads the result (meetings planned, …).
      advance(s, plan, now);
      revision++;
    },
  });
  const meetingResult = (a: { meeting: string }) => meetingStatus(state, plan, a.meeting);
  const deliverableResult = (key: string) => deliverableStatus(state, plan, key, nowIso());
  const none = () => undefined;
  steering(msg.scheduleMeetingUpdate, msg.scheduleMeetingSchema(), steer.checkSchedule, steer.applySchedule, meetingResult);
  steering(msg.cancelMeetingUpdate, msg.meetingRefSchema(), steer.checkCancel, steer.applyCancel, meetingResult);
  steering(msg.confirmHeldUpdate, msg.meetingRefSchema(), steer.checkConfirmHeld, steer.applyConfirmHeld, meetingResult);
  steering(msg.registerReferatUpdate, msg.registerReferatSchema(), steer.checkReferat, steer.applyReferat, meetingResult);
  steering(msg.chooseFocusAreasUpdate, msg.chooseFocusAreasSchema(), steer.checkChooseFocusAreas, steer.applyChooseFocusAreas, status);
  steering(msg.submitActionPlanUpdate, msg.submitActionPlanSchema(), steer.checkActionPlan, steer.applyActionPlan, (a) =>
    deliverableResult(`area${a.area}.${steer.actionPlanKey(plan)}`),
  );
  steering(msg.registerEvaluationUpdate, msg.registerEvaluationSchema(), steer.checkEvaluation, steer.applyEvaluation, (a) =>
    deliverableResult(`area${a.area}.${plan.programme.completes}`),
  );
  steering(msg.registerMeasuresUpdate, msg.registerMeasuresSchema(), steer.checkMeasures, steer.applyMeasures, status);
  steering(msg.changeContactsUpdate, msg.changeContactsSchema(), none, steer.applyContacts, status);
  steering(msg.pauseUpdate, undefined, steer.checkPause, steer.applyPause, status);
  steering(msg.resumeUpdate, undefined, steer.checkResume, steer.applyResume, status);
  steering(msg.reloadProgrammeUpdate, msg.reloadProgrammeSchema(), steer.checkReload, steer.applyReload, status);

  if (!carried) {
    // Meetings agreed before the start.
    for (const [key, time] of Object.entries(input.meetings)) {
      state.meetings[key] = scheduleMeeting(state.meetings[key], plan.programme.meetings[key], time.start, plan.rules.zone, nowIso(), time.location);
    }
  }

  const alarm = alarmClock();
  let phase = '';
  for (;;) {
    advance(state, plan, nowIso());
    if (phaseOf(state, plan) !== phase) {
      phase = phaseOf(state, plan);
      upsertSearchAttributes([
        { key: programmeKey, value: plan.programme.id },
        { key: municipalityKey, value: input.municipality.number },
        { key: phaseKey, value: phase },
      ]);
    }
    const upcoming = nextDue(state, plan, nowIso());
    if (!upcoming && hasEnded(state)) break;
    const next = upcoming?.due;
    const at = upcoming?.at;
    const seen = revision;
    // The loop wakes for the next step or for the collaboration's end, whichever comes first.
    const end = hasEnded(state) ? undefined : plan.endAt;
    const until = !at ? end : !end || msUntil(at) <= msUntil(end) ? at : end;
    const wait = until ? msUntil(until) : Infinity;
    // A step due within the second is due now: no sub-second timers.
    if (wait >= 1000) {
      const changed = () => revision !== seen;
      if (!until) await condition(changed);
      else if (patched(waitsOnAlarm)) await alarm(until, changed);
      else await condition(changed, wait);
      continue;
    }
    if (!next) continue; // the end has come: `advance` records it
    const meeting = next.unit === 'meeting' ? state.meetings[next.key] : undefined;
    if (!meeting || !isStale(next.step, meeting, nowIso())) {
      if (patched(sendsInBackground)) {
        inFlight++;
        void perform(next).finally(() => inFlight--);
      } else {
        await perform(next);
      }
    }
    markDone(state, next, nowIso());

    if (runIsLong(input.continueAsNewAfterEvents)) {
      await condition(settled);
      // A reloaded programme goes on with the next run.
      await continueAsNew<typeof deltaCollaboration>({ ...input, programme: plan.programme }, state);
    }
  }
  await condition(settled);
  return status();

  async function perform(due: Due): Promise<void> {
    const sentAt = nowIso();
    const mails = mailsFor(due, state, plan, { workflowId, municipality: input.municipality.name, centre: input.centre }, sentAt);
    if (!mails.length) return;
    // A mail that cannot be delivered (after a day of retries, or refused for good) is
    // recorded and shown in the status; the collaboration goes on.
    const delivered = await Promise.all(mails.map((m) => sendMail(m).then(() => true, () => false)));
    const record = (ok: boolean) => ({ at: sentAt, kind: due.step.kind, subject: due.key, to: due.step.to.filter((_, i) => delivered[i] === ok) });
    // The adviser hears which address refused a mail, so the contacts can be corrected.
    const about = due.unit === 'milestone' ? pick(plan.programme.name, plan.language) : titleOf(plan, due.key);
    for (const [i, mail] of mails.entries()) {
      const notice = delivered[i] ? undefined : deliveryFailedNotice(mail, state.people.adviser, about);
      if (notice) await sendMail(notice).catch(() => undefined);
    }
    if (delivered.some(Boolean)) state.sent.push(record(true));
    if (!delivered.every(Boolean)) state.failed.push(record(false));
  }
}
