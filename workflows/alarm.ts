import { condition, sleep } from '@temporalio/workflow';
import { msUntil } from './clock';

/**
 * How a workflow waits for its next step while updates may change what that step is.
 *
 * `condition(changed, timeout)` builds a cancellable scope, a timer and about fifteen promises
 * for every wait, and cancels the timer when an update comes first; the next wait starts the
 * same timer again, two more history events and one more billed action each time. (The SDK
 * also captures a stack trace for every promise a workflow creates, and a finished scope stays
 * attached to its parent for the rest of the run.)
 *
 * An alarm clock starts one timer per instant and keeps it: a wait that an update ends early
 * leaves the timer running, and the next wait for the same instant uses it. A timer whose
 * instant is no longer the next step's still rings; the workflow wakes, finds nothing due
 * and waits again.
 */
export function alarmClock(): (at: string, changed: () => boolean) => Promise<void> {
  /** The instants (ms) whose timers are running. */
  const running = new Set<number>();
  let rings = 0;
  return async (at, changed) => {
    const instant = Date.parse(at);
    if (!running.has(instant)) {
      running.add(instant);
      // A cancelled workflow cancels its timers; the wait below ends it, not this one.
      void sleep(msUntil(at)).then(
        () => {
          running.delete(instant);
          rings++;
        },
        () => undefined,
      );
    }
    const seen = rings;
    await condition(() => rings !== seen || changed());
  };
}
