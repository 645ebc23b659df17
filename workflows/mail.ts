import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

/**
 * One mail. Temporary SMTP trouble is retried with backoff for up to a day; permanent failures
 * (a refused address) are non-retryable and come back at once.
 */
export const { sendMail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/**
 * The mails of one moment in one activity, with the same retries; a refused address comes back
 * as that mail's outcome. It reports after each mail, so a send that hangs is given up after a
 * minute, as a single mail is.
 */
export const { sendMails } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/**
 * One last try of one mail, after its batch gave up: the sent-log answers at once for a mail
 * that got out, and what still fails is recorded as failed.
 */
export const { sendMail: settleMail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Mails per batch: small enough for any payload limit, large enough for a whole round. */
export const batchSize = 25;
