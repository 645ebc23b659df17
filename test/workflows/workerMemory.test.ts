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
 * Every object reachable from `value` through objects, as the SDK freezes a shared module's
 * exports (functions are frozen but not entered); `visit` returning true goes no deeper.
 */
function walk(value: unknown, path: string, visit: (object: object, path: string) => boolean | void, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (visit(value, path)) return;
  for (const key of Reflect.ownKeys(value)) walk((value as Record<PropertyKey, unknown>)[key], `${path}.${String(key)}`, visit, seen);
}

/**
 * What would fail once the SDK has frozen it: a zod schema (it writes onto itself on first use)
 * or a RegExp (zod resets `lastIndex` of every pattern it checks with, its own included, so
 * re-exporting `z` is refused too).
 */
function frozenTrouble(value: unknown, path: string): string[] {
  const troubles: string[] = [];
  walk(value, path, (object, at) => {
    if ('_zod' in object) troubles.push(`${at}: a zod schema`);
    else if (object instanceof RegExp) troubles.push(`${at}: /${object.source}/${object.flags}`);
    else return false;
    return true;
  });
  return troubles;
}

/** The patterns a schema's checks test with (zod resets their `lastIndex` each time). */
function checkPatternsIn(schema: unknown): Set<RegExp> {
  const found = new Set<RegExp>();
  walk(schema, '', (object) => {
    const { check, pattern } = object as { check?: unknown; pattern?: unknown };
    if (check === 'string_format' && pattern instanceof RegExp) found.add(pattern);
  });
  return found;
}

/** Every RegExp reachable from `value`. */
function regexpsIn(value: unknown): Set<RegExp> {
  const found = new Set<RegExp>();
  walk(value, '', (object) => object instanceof RegExp && !!found.add(object));
  return found;
}

describe('modules shared by every workflow in a worker', () => {
  const sharedClosure = new Set(sharedModules.flatMap((file) => [file, ...reachable(file)]));
  const sharedFiles = [...sharedClosure].filter((m) => m.startsWith('/'));

  test('every domain module the workflows load is shared; only the workflows\' own modules are not', () => {
    const perWorkflow = [...reachable(require.resolve('../../workflows'))].filter((m) => m.startsWith('/') && !sharedClosure.has(m));
    expect(perWorkflow.map((m) => m.replace(/^.*\/(workflows|codec|domain)\//, '$1/')).filter((m) => !m.startsWith('workflows/'))).toEqual([]);
  });

  test('export nothing that breaks when the SDK freezes it: schemas come out of functions', () => {
    const troubles = sharedFiles.flatMap((file) => frozenTrouble(require(file), file.replace(/^.*\/domain\//, 'domain/')));
    expect(troubles).toEqual([]);
    // The check itself: a schema or a global RegExp among the exports is found.
    expect(frozenTrouble({ a: [{ b: require('../../domain/people').personSchema() }], c: /x/ }, 'm')).toEqual(['m.a.0.b: a zod schema', 'm.c: /x/']);
    expect(frozenTrouble(require('../../domain/z'), 'domain/z.ts').length).toBeGreaterThan(0);
  });

  test('their schemas check with patterns of their own, not zod\'s (frozen with zod)', () => {
    const zods = regexpsIn(require('zod'));
    expect(zods.size).toBeGreaterThan(20);
    const schemas = sharedFiles.flatMap((file) =>
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
    expect(sharedModules.filter((file) => !used.has(file))).toEqual([]);
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
