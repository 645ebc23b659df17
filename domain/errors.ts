import type { z } from 'zod';

/** The few failure types plansyklus reports; the CLI maps them to exit codes. */
export const ErrorType = {
  invalidInput: 'ERR_INVALID_INPUT',
  notFound: 'ERR_NOT_FOUND',
  conflict: 'ERR_CONFLICT',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

/** An error a person can act on: which field, and why. Thrown outside workflows. */
export class PlansyklusError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'PlansyklusError';
  }
}

/** One line per problem: `field.path: reason`. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return `${path || '(input)'}: ${issue.message}`;
    })
    .join('\n');
}

/** Parses with a schema or throws an ERR_INVALID_INPUT error that names the fields. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new PlansyklusError(ErrorType.invalidInput, `${what} er ikke gyldig:\n${describeIssues(result.error)}`);
  }
  return result.data;
}
