import { parseArgs } from 'node:util';
import { defaultWorkflowCache } from '../../domain/config';
import { z } from '../../domain/z';

/** The year the time-skipping server's clock can still reach: it starts at today's date. */
const firstYear = new Date().getUTCFullYear() + 1;

/** A whole-number flag between `min` and `max`, with messages that name the flag. */
const count = (flag: string, min: number, max: number) =>
  z.coerce
    .number({ error: `--${flag} must be a whole number` })
    .int(`--${flag} must be a whole number`)
    .min(min, `--${flag} must be at least ${min}`)
    .max(max, `--${flag} must be at most ${max}`);

/**
 * The workload flags of the benchmarks that run workflows. Municipality numbers are four
 * digits: plans use 1000–7999 and DelTa collaborations 8000–9999, which bounds the counts.
 */
const workload = (defaults: { plans: number; deltas: number }) => ({
  plans: count('plans', 0, 7000).default(defaults.plans),
  measures: count('measures', 1, 200).default(40),
  deltas: count('deltas', 0, 2000).default(defaults.deltas),
  /** Workflows the worker keeps in memory, as PLANSYKLUS_WORKFLOW_CACHE in production. */
  cache: count('cache', 2, 100_000).default(defaultWorkflowCache),
});
const someWork = (a: { plans: number; deltas: number }) => a.plans + a.deltas > 0;
const noWork = { message: '--plans and --deltas cannot both be 0', path: ['plans'] };

/** The flags of `npm run bench:scale`. */
export const benchArgsSchema = z
  .object({
    ...workload({ plans: 1000, deltas: 100 }),
    year: z.coerce
      .number({ error: '--year must be a year, e.g. 2030' })
      .int('--year must be a year, e.g. 2030')
      .min(firstYear, `--year must be ${firstYear} or later: the time-skipping server's clock starts today and only moves forward`)
      .max(2190, '--year must be 2190 or earlier')
      .default(firstYear),
  })
  .refine(someWork, noWork);
export type BenchArgs = z.infer<typeof benchArgsSchema>;

/** The flags of `npm run bench:server`. */
export const serverArgsSchema = z
  .object({
    address: z
      .string()
      .regex(/^[\w.-]+:\d{1,5}$/, '--address must be host:port, e.g. 127.0.0.1:7233')
      .optional(),
    namespace: z.string().min(1, '--namespace cannot be empty').default('default'),
    ...workload({ plans: 100, deltas: 10 }),
  })
  .refine(someWork, noWork);
export type ServerArgs = z.infer<typeof serverArgsSchema>;

export type ArgsResult<T> = { ok: true; args: T } | { ok: false; message: string };

/** Command-line flags (each `--name value`) read against `schema`; the message names each bad flag. */
function parseFlags<T>(argv: string[], schema: z.ZodType<T> & { shape: Record<string, unknown> }, usage: string): ArgsResult<T> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.keys(schema.shape).map((flag) => [flag, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { ok: false, message: `${(err as Error).message}\nusage: ${usage}` };
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('\n') };
  return { ok: true, args: parsed.data };
}

export const parseBenchArgs = (argv: string[]) =>
  parseFlags(argv, benchArgsSchema, 'npm run bench:scale -- [--plans N] [--measures M] [--deltas D] [--cache C] [--year YYYY]');

export const parseServerArgs = (argv: string[]) =>
  parseFlags(argv, serverArgsSchema, 'npm run bench:server -- [--address HOST:PORT] [--namespace NS] [--plans N] [--measures M] [--deltas D] [--cache C]');
