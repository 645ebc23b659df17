import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { describeIssues, ErrorType, PlansyklusError } from '../domain/errors';
import { nowIso } from './clock';

type Rule<S, C, A> = (state: S, context: C, args: A, now: string) => unknown;

/**
 * Wires updates to pure steering rules: the validator parses the arguments and runs the check
 * (a rejection names the field and changes nothing), the handler applies the change, lets the
 * workflow bring its consequences in place, and returns the result.
 */
export function steeringFor<S, C>(opts: {
  state: () => S;
  context: C;
  /** Checked before every update, e.g. that the work has not ended. */
  guard?: (state: S) => void;
  /** Runs after every accepted update, e.g. planning what follows from it. */
  applied: (state: S, now: string) => void;
}) {
  return function steer<A, R>(
    def: UpdateDefinition<R, [A]> | UpdateDefinition<R, []>,
    schema: z.ZodType<A> | undefined,
    check: Rule<S, C, A>,
    apply: Rule<S, C, A>,
    result: (args: A) => R,
  ): void {
    const parse = (args: unknown[]): A => {
      if (!schema) return undefined as A;
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) throw failure(new PlansyklusError(ErrorType.invalidInput, describeIssues(parsed.error)));
      return parsed.data;
    };
    setHandler(
      def as UpdateDefinition<R, [A]>,
      (...args: unknown[]) => {
        const data = parse(args);
        apply(opts.state(), opts.context, data, nowIso());
        opts.applied(opts.state(), nowIso());
        return result(data);
      },
      {
        validator: (...args: unknown[]) => {
          try {
            opts.guard?.(opts.state());
            check(opts.state(), opts.context, parse(args), nowIso());
          } catch (err) {
            throw err instanceof PlansyklusError ? failure(err) : err;
          }
        },
      },
    );
  };
}

function failure(err: PlansyklusError): ApplicationFailure {
  return ApplicationFailure.create({ type: err.type, message: err.message, nonRetryable: true });
}
