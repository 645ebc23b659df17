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

describe('modules shared by every workflow in a worker', () => {
  const own = sharedModules.filter((m) => m.startsWith('/'));

  test('load neither Temporal nor zod, directly or through another module (the SDK freezes them)', () => {
    expect(own.length).toBeGreaterThan(5);
    for (const file of own) {
      const refused = [...reachable(file)].filter((m) => m.startsWith('@temporalio/') || m === 'zod');
      expect({ file, refused }).toEqual({ file, refused: [] });
    }
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
    expect(cacheThatFits(640 * MiB)).toBeLessThan(200);
  });

  test('grows with the heap, by one workflow per heapPerCachedWorkflow, and is never below two', () => {
    expect(cacheThatFits(2048 * MiB) - cacheThatFits(1024 * MiB)).toBe(1024 * MiB / heapPerCachedWorkflow);
    expect(cacheThatFits(64 * MiB)).toBe(2);
  });
});
