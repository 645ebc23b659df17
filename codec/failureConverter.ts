import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into an encoded attribute, so the payload codec
 * encrypts them too (a rejected update's message can quote what someone typed). Loaded by
 * path: the workflow bundle, the worker and the client each use this one.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
