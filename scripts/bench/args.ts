import { parseArgs } from 'node:util';
import { defaultWorkflowCache } from '../../domain/config';
import { z } from '../../domain/z';

/** The year the time-skipping server's clock can still reach: it starts at today's date. */
const firstYear = new Date().getUTCFullYear() + 1;

/** A whole-number flag between `min` and `max`, with messages that name the flag. */
export const count = (flag: string, min: number, max: number) =>
  z.coerce
    .number({ error: `--${flag} must be a whole number` })
    .int(`--${flag} must be a whole number`)
    .min(min, `--${flag} must be at least ${min}`)
    .max(max, `--${flag} must be at most ${max}`);

/**
 * The flags of `npm run bench:scale`. Municipality numbers are four digits: plans use
 * 1000–7999 and DelTa collaborations 8000–9999, which bounds the counts.
 */
export const benchArgsSchema = z
  .object({
    plans: count('plans', 0, 7000).default(1000),
    measures: count('measures', 1, 200).default(40),
    deltas: count('deltas', 0, 2000).default(100),
    /** Workflows the worker keeps in memory, as PLANSYKLUS_WORKFLOW_CACHE in production. */
    cache: count('cache', 2, 100_000).default(defaultWorkflowCache),
    year: z.coerce
      .number({ error: '--year must be a year, e.g. 2030' })
      .int('--year must be a year, e.g. 2030')
      .min(firstYear, `--year must be ${firstYear} or later: the time-skipping server's clock starts today and only moves forward`)
      .max(2190, '--year must be 2190 or earlier')
      .default(firstYear),
  })
  .refine((a) => a.plans + a.deltas > 0, { message: '--plans and --deltas cannot both be 0', path: ['plans'] });
export type BenchArgs = z.infer<typeof benchArgsSchema>;

export type ArgsResult = { ok: true; args: BenchArgs } | { ok: false; message: string };

export function parseBenchArgs(argv: string[]): ArgsResult {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { plans: { type: 'string' }, measures: { type: 'string' }, deltas: { type: 'string' }, cache: { type: 'string' }, year: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { ok: false, message: `${(err as Error).message}\nusage: npm run bench:scale -- [--plans N] [--measures M] [--deltas D] [--cache C] [--year YYYY]` };
  }
  const parsed = benchArgsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('\n') };
  return { ok: true, args: parsed.data };
}
