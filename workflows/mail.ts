import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

/** Temporary SMTP trouble is retried after 10 s, 20 s, 40 s … at most every 30 minutes (seconds). */
const backoff = { initialInterval: 10, backoffCoefficient: 2, maximumInterval: 30 * 60 };
const retry = {
  initialInterval: `${backoff.initialInterval} seconds`,
  backoffCoefficient: backoff.backoffCoefficient,
  maximumInterval: `${backoff.maximumInterval} seconds`,
};

/** How many attempts the backoff above fits in `seconds` (a day: 55). */
function attemptsWithin(seconds: number): number {
  let attempts = 1;
  for (let waited = 0, wait = backoff.initialInterval; waited + wait <= seconds; waited += wait, wait = Math.min(wait * backoff.backoffCoefficient, backoff.maximumInterval)) attempts++;
  return attempts;
}

/**
 * One mail. Temporary SMTP trouble is retried with backoff for up to a day; permanent failures
 * (a refused address) are non-retryable and come back at once.
 */
export const { sendMail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry,
});

/**
 * The mails of one moment, in one local activity: it runs in the worker that woke the plan and
 * leaves one marker in history, where an activity leaves three events and a workflow task of
 * its own (bench:scale: a plan-year from about 900 events to about 590). A refused address
 * comes back as that mail's outcome. Retries as sendMail's, for about a day: counted in
 * attempts, because a local activity's own timeouts run on the worker's clock; waits of more
 * than a few seconds are workflow timers (the worker holds nothing meanwhile).
 */
export const { sendMails } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  scheduleToCloseTimeout: '1 day',
  localRetryThreshold: '5 seconds',
  retry: { ...retry, maximumAttempts: attemptsWithin(24 * 3600) },
});

/**
 * One last try of one mail, after its batch gave up: the sent-log answers at once for a mail
 * that got out, and what still fails is recorded as failed.
 */
export const { sendMail: settleMail } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '10 minutes',
  localRetryThreshold: '5 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Mails per batch: small enough for any payload limit, large enough for a whole round. */
export const batchSize = 25;
