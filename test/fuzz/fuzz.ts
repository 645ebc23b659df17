import fc from 'fast-check';

/**
 * Shared settings of the property-based (fast-check) tests. Runs are reproducible: the seed is
 * fixed unless FUZZ_SEED is set, and fast-check prints the seed and path of a failing case
 * (re-run with FUZZ_SEED=<seed>; FUZZ_RUNS_SCALE=<factor> scales every property's number of runs).
 */
export const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_400_301;
const scale = process.env.FUZZ_RUNS_SCALE ? Number(process.env.FUZZ_RUNS_SCALE) : 1;

export function options<T>(numRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  // Shrinking a failure of a large generated input can take long: it stops after the time
  // limit and reports the smallest counterexample found by then.
  return { seed, numRuns: Math.max(1, Math.round(numRuns * scale)), interruptAfterTimeLimit: 40_000, endOnFailure: process.env.FUZZ_NO_SHRINK === '1', ...extra };
}

/** Freezes an object graph, so a function that tries to change it throws (modules are strict). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

/** What a rejection must look like: a field path (or the whole input) and a reason. */
export const FIELD_MESSAGE = /^(\(input\)|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9_-]+)*): \S/;

/** JSON-ish values as they arrive through Temporal's JSON payload converter. */
export const jsonish = fc.jsonValue({ maxDepth: 3 });

/** Anything at all, for the pure checks (functions, symbols, getters and all). */
export const anyValue = fc.anything({
  maxDepth: 3,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withDate: true,
});

/** Text of every kind: ASCII, any code unit (lone surrogates too), graphemes, and some long runs. */
export const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '"', ';', ',', '<', '>', '(', ')', '-', '–', '.', '/', '1', '2', '0', 'å', 'Ø', '\uFEFF', '\u00a0', '\u2028'), maxLength: 60 }),
  fc.constantFrom('', ' ', '\u0000', '__proto__', 'constructor', 'toString', 'NaN', '-0', '1e309', '😀', 'ǅ', 'İ', 'ß'),
);
