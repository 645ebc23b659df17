import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defaultWorkflowCache } from '../../domain/config';
import { cacheThatFits, heapPerCachedWorkflow, sharedModules } from '../../worker/createWorker';

/** The modules a source file loads at run time (type-only imports load nothing). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of source.matchAll(/^(import|export)(\s+type)?\s[^;]*?\sfrom\s+'([^']+)'/gm)) {
    if (!m[2]) specs.push(m[3]);
  }
  for (const m of source.matchAll(/^import\s+'([^']+)'/gm)) specs.push(m[1]);
  return specs.map((spec) => (spec.startsWith('.') ? require.resolve(resolve(dirname(file), spec)) : spec));
}

/** Every module `file` loads, directly or through others. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  for (const next of runtimeImports(file)) {
    if (seen.has(next)) continue;
    seen.add(next);
    if (next.startsWith('/')) reachable(next, seen);
  }
  return seen;
}

/**
 * What the SDK freezes of a shared module: its exports, object by object (functions are frozen
 * but not entered). Returns what would fail once frozen: a zod schema (it writes onto itself on
 * first use) or a RegExp (zod resets `lastIndex` of every pattern it checks with, its own
 * included, so re-exporting `z` is refused too).
 */
function frozenTrouble(value: unknown, path: string, seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if ('_zod' in value) return [`${path}: a zod schema`];
  if (value instanceof RegExp) return [`${path}: /${value.source}/${value.flags}`];
  return Reflect.ownKeys(value).flatMap((key) => frozenTrouble((value as Record<PropertyKey, unknown>)[key], `${path}.${String(key)}`, seen));
}

/** The patterns a schema's checks test with (zod resets their `lastIndex` each time). */
function checkPatternsIn(value: unknown, found = new Set<RegExp>(), seen = new Set<unknown>()): Set<RegExp> {
  if (value === null || typeof value !== 'object' || seen.has(value)) return found;
  seen.add(value);
  const { check, pattern } = value as { check?: unknown; pattern?: unknown };
  if (check === 'string_format' && pattern instanceof RegExp) found.add(pattern);
  for (const key of Reflect.ownKeys(value)) checkPatternsIn((value as Record<PropertyKey, unknown>)[key], found, seen);
  return found;
}

/** Every RegExp reachable from `value` through objects (not functions). */
function regexpsIn(value: unknown, found = new Set<RegExp>(), seen = new Set<unknown>()): Set<RegExp> {
  if (value === null || typeof value !== 'object' || seen.has(value)) return found;
  seen.add(value);
  if (value instanceof RegExp) return found.add(value);
  for (const key of Reflect.ownKeys(value)) regexpsIn((value as Record<PropertyKey, unknown>)[key], found, seen);
  return found;
}

describe('modules shared by every workflow in a worker', () => {
  const own = sharedModules;
  const sharedClosure = new Set(own.flatMap((file) => [file, ...reachable(file)]));

  test('every domain module the workflows load is shared; only the workflows\' own modules are not', () => {
    const perWorkflow = [...reachable(require.resolve('../../workflows'))].filter((m) => m.startsWith('/') && !sharedClosure.has(m));
    expect(perWorkflow.map((m) => m.replace(/^.*\/(workflows|codec|domain)\//, '$1/')).filter((m) => !m.startsWith('workflows/'))).toEqual([]);
  });

  test('export nothing that breaks when the SDK freezes it: schemas come out of functions', () => {
    const troubles = [...sharedClosure].filter((m) => m.startsWith('/')).flatMap((file) => frozenTrouble(require(file), file.replace(/^.*\/domain\//, 'domain/')));
    expect(troubles).toEqual([]);
    // The check itself: a schema or a global RegExp among the exports is found.
    expect(frozenTrouble({ a: [{ b: require('../../domain/people').personSchema() }], c: /x/ }, 'm')).toEqual(['m.a.0.b: a zod schema', 'm.c: /x/']);
    expect(frozenTrouble(require('../../domain/z'), 'domain/z.ts').length).toBeGreaterThan(0);
  });

  test('their schemas check with patterns of their own, not zod\'s (frozen with zod)', () => {
    const zods = regexpsIn(require('zod'));
    expect(zods.size).toBeGreaterThan(20);
    const schemas = [...sharedClosure].filter((m) => m.startsWith('/')).flatMap((file) =>
      Object.entries(require(file) as Record<string, unknown>)
        .filter(([name, value]) => name.endsWith('Schema') && typeof value === 'function')
        .map(([name, value]) => [name, (value as () => unknown)()] as const),
    );
    expect(schemas.length).toBeGreaterThan(30);
    const borrowing = schemas.filter(([, schema]) => [...checkPatternsIn(schema)].some((re) => zods.has(re))).map(([name]) => name);
    expect(borrowing).toEqual([]);
    // The check itself: zod's own e-mail pattern is found.
    expect([...checkPatternsIn(require('zod').z.email())].some((re) => zods.has(re))).toBe(true);
  });

  test('are used by the workflows, so sharing them saves memory and adds nothing to the bundle', () => {
    const used = reachable(require.resolve('../../workflows'));
    expect(own.filter((file) => !used.has(file))).toEqual([]);
  });
});

describe('the workflow cache', () => {
  const MiB = 1024 * 1024;

  test('the default fits the heap the worker is started with (640 MiB: Dockerfile, npm run worker)', () => {
    expect(cacheThatFits(640 * MiB)).toBeGreaterThanOrEqual(defaultWorkflowCache);
    expect(cacheThatFits(640 * MiB)).toBeLessThan(1100);
  });

  test('grows with the heap, by one workflow per heapPerCachedWorkflow, and is never below two', () => {
    expect(cacheThatFits(2048 * MiB) - cacheThatFits(1024 * MiB)).toBe(1024 * MiB / heapPerCachedWorkflow);
    expect(cacheThatFits(64 * MiB)).toBe(2);
  });
});
