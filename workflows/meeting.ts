import { condition } from '@temporalio/workflow';
import type { CalendarRules } from '../domain/calendar';
import { isStale, nextStep, type MeetingState, type Step } from '../domain/meetingPlan';
import type { MeetingSpec } from '../domain/programme';
import { msUntil, nowIso } from './clock';

/** What a programme lends the meeting unit: where the state lives and how a step is carried out. */
export interface MeetingHost {
  spec: MeetingSpec;
  rules: CalendarRules;
  get(): MeetingState;
  /** While true, no mail goes out; resuming changes the meeting, which re-plans it. */
  paused(): boolean;
  set(meeting: MeetingState): void;
  /** Sends the step's mail; called once per step, in order. */
  perform(step: Step, meeting: MeetingState): Promise<void>;
}

/**
 * The reusable meeting unit: waits for each step of the meeting (see domain/meetingPlan),
 * re-planning whenever the meeting changes from outside (scheduled, rescheduled, cancelled,
 * referat registered), and returns once the meeting is held and nothing more is due.
 */
export async function runMeeting(host: MeetingHost): Promise<void> {
  for (;;) {
    const meeting = host.get();
    const step = nextStep(meeting, host.spec, host.rules);
    if (!step) {
      if (meeting.heldAt) return;
      await condition(() => host.get().revision !== meeting.revision);
      continue;
    }
    const wait = msUntil(step.at);
    if (wait > 0 && (await condition(() => host.get().revision !== meeting.revision, wait))) continue;

    if (step.to.length && host.paused()) {
      await condition(() => !host.paused());
      continue;
    }
    const current = host.get();
    if (!isStale(step, current, nowIso())) await host.perform(step, current);
    const after = host.get();
    host.set({
      ...after,
      done: [...after.done, step.id],
      heldAt: step.kind === 'held' ? nowIso() : after.heldAt,
    });
  }
}
