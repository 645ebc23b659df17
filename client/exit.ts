import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorType, PlansyklusError } from '../domain/errors';

/** Exit codes: 2 invalid input, 3 conflict (already exists / already done), 4 not found, 1 anything else. */
export const exitCodes: Record<ErrorType, number> = {
  [ErrorType.invalidInput]: 2,
  [ErrorType.conflict]: 3,
  [ErrorType.notFound]: 4,
};

/** Turns any error into one clear line set and an exit code; never prints config or personal data. */
export function explain(err: unknown): { message: string; code: number } {
  if (err instanceof PlansyklusError) return { message: err.message, code: exitCodes[err.type] };
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return { message: `Finnes allerede: ${err.workflowId} er startet før. Bruk «delta status ${err.workflowId}».`, code: 3 };
  }
  if (err instanceof WorkflowNotFoundError) return { message: `Fant ikke ${err.workflowId}.`, code: 4 };
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const type = err.cause.type as ErrorType;
    return { message: `Avvist: ${err.cause.message}`, code: exitCodes[type] ?? 1 };
  }
  const e = err as { code?: number | string; message?: string };
  if (typeof e?.message === 'string' && /ECONNREFUSED|UNAVAILABLE|Connection refused|connect/i.test(e.message)) {
    return { message: 'Får ikke kontakt med Temporal. Kjører «npm run up» (eller workeren) og stemmer PLANSYKLUS_TEMPORAL_ADDRESS?', code: 1 };
  }
  return { message: `Uventet feil: ${e?.message ?? String(err)}`, code: 1 };
}

export function exitWithError(err: unknown): never {
  const { message, code } = explain(err);
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
