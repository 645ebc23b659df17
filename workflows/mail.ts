import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

/**
 * The one activity the workflows call. Temporary SMTP trouble is retried with backoff for up to
 * a day; permanent failures (a refused address) are non-retryable and come back at once.
 */
export const { sendMail } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});
