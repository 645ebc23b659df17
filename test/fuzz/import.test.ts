import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { readPlan } from '../../client/plan';
import { ErrorType, PlansyklusError } from '../../domain/errors';
import { directorySchema, resolveOwner, type Directory } from '../../domain/plan/directory';
import { importPlan } from '../../domain/plan/import';
import { parsePeriod } from '../../domain/plan/period';
import { readPlanFile } from '../../domain/plan/planFile';
import { anyText, options } from './fuzz';
import {
  COLUMN,
  contextArb,
  DATE,
  directoryArb,
  expectImported,
  expectSchedulable,
  expectWellFormed,
  invalidPeriod,
  labelsOf,
  ownerOfLabel,
  planArb,
  validPeriod,
  write,
  type Defect,
  type MeasureSpec,
} from './planFiles';

// Property-based tests of the plan import: the reader (domain/plan/planFile.ts), the period
// parser (domain/plan/period.ts), the import against a directory (domain/plan/import.ts) and
// `readPlan`, the CLI's entry point. Every input is either read into a valid plan or refused
// with line, column and reason; nothing else ever comes out, and nothing hangs.

/** Longest a single run may take: far above the real cost, far below a hang. */
const RUN_MS = 3000;
function timed<T>(f: () => T): T {
  const t = performance.now();
  const result = f();
  const ms = performance.now() - t;
  if (ms > RUN_MS) throw new Error(`took ${Math.round(ms)} ms`);
  return result;
}

describe('parsePeriod', () => {
  test('every way of writing a period in the vocabulary gives the period it means', () => {
    fc.assert(
      fc.property(
        contextArb.chain((ctx) => fc.tuple(fc.constant(ctx), validPeriod(ctx))),
        fc.constantFrom('', ' ', '  ', '\t', '\n', '<p>', '\u00a0'),
        ([ctx, { text, expected }], around) => {
          const r = timed(() => parsePeriod(`${around}${text}${around.replace('<p>', '</p>')}`, ctx));
          if (!r.ok) throw new Error(`${JSON.stringify(text)} in ${ctx.planFrom}–${ctx.planTo}: ${r.reason}`);
          if (expected) expect(r.period).toEqual(expected);
          expectSchedulable(r.period);
        },
      ),
      options(600),
    );
  });

  test('what the vocabulary refuses is refused with the text and a reason', () => {
    fc.assert(
      fc.property(contextArb.chain((ctx) => fc.tuple(fc.constant(ctx), invalidPeriod(ctx))), ([ctx, text]) => {
        const r = timed(() => parsePeriod(text, ctx));
        expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^Forstod ikke tidsperioden «.+»: .+ Eksempler som fungerer: /s) });
      }),
      options(400),
    );
  });

  test('any text in any plan period: a schedulable period or a reason; never an exception', () => {
    const vocabulary = contextArb.chain((ctx) => fc.tuple(validPeriod(ctx), invalidPeriod(ctx)).map(([v, i]) => [v.text, i]));
    const text = fc.oneof(
      { weight: 3, arbitrary: anyText },
      { weight: 3, arbitrary: fc.array(fc.oneof(anyText, vocabulary.map(([v]) => v), vocabulary.map(([, i]) => i)), { maxLength: 4 }).map((p) => p.join(' ')) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('<', '(', '1', '2014-', 'år ', 'høsten ', '-'), fc.integer({ min: 100, max: 4000 })).map(([s, n]) => s.repeat(n)) },
    );
    const ctx = fc.oneof(
      { weight: 9, arbitrary: contextArb },
      { weight: 1, arbitrary: fc.record({ planFrom: fc.oneof(fc.integer(), fc.double()), planTo: fc.oneof(fc.integer(), fc.double()) }) },
    );
    fc.assert(
      fc.property(text, ctx, (t, c) => {
        const r = timed(() => parsePeriod(t, c));
        expect(parsePeriod(t, c)).toEqual(r); // deterministic
        if (r.ok) {
          expectSchedulable(r.period);
          for (const d of Object.values(r.period).filter((v) => DATE.test(String(v)))) {
            const y = Number(String(d).slice(0, 4));
            expect(y >= c.planFrom - 11 && y <= c.planTo + 11).toBe(true);
          }
        } else {
          expect(r.reason).toMatch(/^(Forstod ikke tidsperioden «.*»: \S.*|Kan ikke planlegge tiltaket: tidsperioden mangler\. .+|Planperioden .* er ugyldig; .+)$/s);
        }
      }),
      options(1000),
    );
  });
});

describe('plan files as people write them', () => {
  test('a clean plan in any format imports every measure, with its period, owner and co-owners', () => {
    fc.assert(
      fc.property(planArb(false), (spec) => {
        const { text, fileName, lines } = write(spec);
        const result = timed(() => importPlan(text, fileName, spec.directory, spec.years));
        if (!result.ok) throw new Error(`refused:\n${text}\n${JSON.stringify(result.issues, null, 2)}`);
        const measures = spec.rows.filter((r): r is MeasureSpec => r.kind === 'measure');
        expectImported(result, spec.directory, measures.length);
        expect(result.plan.layout).toBe(spec.layout);
        let section: string | undefined;
        let lastSection: string | undefined;
        let goal = '';
        let k = 0;
        for (const row of spec.rows) {
          if (row.kind === 'section') {
            section = row.title;
            continue;
          }
          const m = result.plan.measures[k];
          if (section !== lastSection) goal = '';
          lastSection = section;
          if (row.goal) goal = row.goal.trim();
          expect(m.line).toBe(lines[k]);
          expect(m.measure).toBe(row.measure.trim());
          expect(m.goal).toBe(spec.layout === 'no' ? goal : row.measure.trim());
          expect(m.section).toBe(spec.layout === 'no' ? section : undefined);
          if (row.expected) expect(m.period).toEqual(row.expected);
          expect(m.owner.owner).toBe(ownerOfLabel(spec.directory, row.owners[0]).owner);
          expect(m.coOwners).toEqual(row.owners.slice(1));
          if (spec.layout === 'da') expect(m.id).toMatch(/^\d+\.\d+$/);
          if (spec.layout === 'da' && spec.format.kind !== 'yaml' && row.more.some((x) => x.description)) expect(m.description).toContain(row.more.find((x) => x.description)!.description!.trim());
          k++;
        }
      }),
      options(300),
    );
  });

  test('a plan with bad rows is refused: every bad row named by line and column, nothing imported', () => {
    fc.assert(
      fc.property(
        planArb(true).filter((p) => p.rows.some((r) => r.kind === 'measure' && r.defect)),
        (spec) => {
          const { text, fileName, lines } = write(spec);
          const result = timed(() => importPlan(text, fileName, spec.directory, spec.years));
          expectWellFormed(result, text);
          if (result.ok) throw new Error(`imported a plan with bad rows:\n${text}`);
          const measures = spec.rows.filter((r): r is MeasureSpec => r.kind === 'measure');
          const col = COLUMN[spec.layout];
          const expected = (kinds: Defect[]) =>
            measures.flatMap((m, k) => {
              if (!m.defect || !kinds.includes(m.defect)) return [];
              const field = m.defect === 'noMeasure' ? 'measure' : m.defect === 'noPeriod' || m.defect === 'badPeriod' ? 'period' : 'owners';
              return [`${lines[k]} ${col[field]}`];
            });
          // Missing cells stop the reading; unknown owners and periods are found by the import.
          const missing = expected(['noMeasure', 'noPeriod', 'noOwner']);
          const wanted = missing.length ? missing : expected(['unknownOwner', 'badPeriod']);
          expect(result.issues.map((i) => `${i.line} ${i.column}`).sort()).toEqual(wanted.sort());
          for (const issue of result.issues) expect(issue.reason).toMatch(/mangler|ingen ansvarlig|finnes ikke i katalogen|Forstod ikke tidsperioden/);
        },
      ),
      options(300),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Broken and hostile files

const FILE_NAMES = ['plan.csv', 'PLAN.CSV', 'plan.tsv', 'plan.txt', 'plan.yaml', 'plan.yml', 'plan.xlsx', 'plan', 'a.b.csv', '.csv', 'plan.CSV '];

type Mutation = (text: string) => string;
const at = (text: string, p: number) => Math.min(text.length, Math.floor(p * (text.length + 1)));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(([p, n]) => (t: string) => t.slice(0, at(t, p)) + t.slice(at(t, p) + n)),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), anyText).map(([p, s]) => (t: string) => t.slice(0, at(t, p)) + s + t.slice(at(t, p))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('"', '""', '";', '\r', '\n', '\t', ';;;', ',', ': ', '- ', '[', '{', '&a', '*a', '!!binary ', '%YAML 1.2\n---\n', '\uFEFF', '\u0000')).map(
    ([p, s]) => (t: string) => t.slice(0, at(t, p)) + s + t.slice(at(t, p)),
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map((p) => (t: string) => t.slice(0, at(t, p))),
  fc.constant((t: string) => t.replace(/\r?\n/g, '\r\n')),
  fc.constant((t: string) => t.replace(/\r?\n/g, '\r')),
  fc.constant((t: string) => `\uFEFF${t}`),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (t: string) => {
    const ls = t.split('\n');
    [ls[a % ls.length], ls[b % ls.length]] = [ls[b % ls.length], ls[a % ls.length]];
    return ls.join('\n');
  }),
  fc.nat().map((a) => (t: string) => {
    const ls = t.split('\n');
    ls.splice(a % ls.length, 0, ls[a % ls.length]);
    return ls.join('\n');
  }),
  fc.nat().map((a) => (t: string) => {
    const ls = t.split('\n');
    ls.splice(a % ls.length, 1);
    return ls.join('\n');
  }),
  fc.tuple(fc.constantFrom('Tiltak', 'Tidsperiode', 'Ansvar', 'Nr', 'Mål', 'Hvem', 'Tidsplan', 'Delmål'), fc.constantFrom('', 'Tiltak', 'Hva', 'Ansvar', 'X;Y', '"')).map(
    ([from, to]) => (t: string) => t.replace(from, to),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 500, max: 5000 }), fc.constantFrom('x', 'æ', ' ', '<', '"', '😀', '2014 ')).map(
    ([p, n, s]) => (t: string) => t.slice(0, at(t, p)) + s.repeat(n) + t.slice(at(t, p)),
  ),
);

const hostileFile = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(planArb(true), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([spec, ms]) => {
    const w = write(spec);
    return { text: ms.reduce((t, m) => m(t), w.text), fileName: w.fileName, directory: spec.directory, years: spec.years };
  }) },
  { weight: 1, arbitrary: fc.record({
    text: fc.oneof(
      anyText,
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('utf8')),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.jsonValue().map((v) => stringify(v)),
      fc.array(fc.array(anyText, { maxLength: 8 }).map((cs) => cs.join(';')), { maxLength: 8 }).map((ls) => ls.join('\n')),
    ),
    fileName: fc.constantFrom(...FILE_NAMES),
    directory: directoryArb,
    years: fc.constant({ from: 2011, to: 2015 }),
  }) },
);

describe('broken and hostile plan files', () => {
  test('the reader and the import give rows or issues with line, column and reason; never an exception', () => {
    const seen = { imported: 0, refused: 0 };
    fc.assert(
      fc.property(hostileFile, ({ text, fileName, directory, years }) => {
        const file = timed(() => readPlanFile(text, fileName));
        expectWellFormed(file, text);
        const result = timed(() => importPlan(text, fileName, directory, years));
        expectWellFormed(result, text);
        seen[result.ok ? 'imported' : 'refused']++;
        if (result.ok) expectImported(result, directory, file.ok ? file.rows.length : -1);
        else if (file.ok) expect(result.issues.every((i) => i.column !== undefined)).toBe(true);
      }),
      options(500),
    );
    // Both outcomes were exercised, not only refusals.
    expect(seen.imported).toBeGreaterThan(5);
    expect(seen.refused).toBeGreaterThan(100);
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI's entry point: a plan file and a directory file on disk

const directoryFile = (d: Directory) => ({ municipality: { name: 'Testvik kommune', number: '5047' }, plan: 'Handlingsplan', coordinator: { name: 'Kari', email: 'kari@kommune.example' }, ...d });
/** The directory file beside a plan: the plan's own, the same with one part broken, or garbage. */
const directoryText = (d: Directory) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(stringify(directoryFile(d))) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('leaders', 'owners', 'municipality', 'coordinator', 'plan'), fc.jsonValue({ maxDepth: 2 })).map(([key, v]) => stringify({ ...directoryFile(d), [key]: v })),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: anyText },
  );

describe('readPlan (plan import on the command line)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'plansyklus-fuzz-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a plan and a directory are read, or refused with a PlansyklusError naming line, column or field', () => {
    const seen = { imported: 0, planRefused: 0, directoryRefused: 0 };
    const files = fc
      .oneof(
        planArb(false).map((spec) => ({ ...write(spec), years: spec.years, directory: spec.directory })),
        hostileFile.map((h) => ({ text: h.text, fileName: h.fileName, years: h.years, directory: h.directory })),
      )
      .chain((plan) => fc.tuple(fc.constant(plan), directoryText(plan.directory)));
    fc.assert(
      fc.property(files, ([plan, directory]) => {
        const planPath = join(dir, plan.fileName.trim() || 'plan');
        const directoryPath = join(dir, 'directory.yaml');
        writeFileSync(planPath, plan.text);
        writeFileSync(directoryPath, directory);
        let read: ReturnType<typeof readPlan>;
        try {
          read = timed(() => readPlan(planPath, directoryPath, plan.years));
        } catch (err) {
          if (!(err instanceof PlansyklusError)) throw err;
          expect(err.type).toBe(ErrorType.invalidInput);
          const issues = /^(.*) har (\d+) feil; ingenting er importert:\n([\s\S]*)$/.exec(err.message);
          if (issues) {
            expect(issues[1]).toBe(planPath);
            expect(issues[3].match(/^ {2}linje \d+(, |: )/gm)?.length ?? 0).toBeGreaterThanOrEqual(Number(issues[2]));
          } else {
            // The directory: its fields and why, or why it could not be read at all.
            expect(err.message.startsWith(`${directoryPath} er ikke gyldig`)).toBe(true);
            expect(err.message.slice(directoryPath.length)).toMatch(/^ er ikke gyldig(:\n[^\n]+?: \S| YAML\/JSON: \S)/);
          }
          seen[issues ? 'planRefused' : 'directoryRefused']++;
          return;
        }
        seen.imported++;
        expectImported({ ok: true, plan: read.plan }, read.directory, read.plan.measures.length);
      }),
      options(150),
    );
    expect(Math.min(seen.imported, seen.planRefused, seen.directoryRefused)).toBeGreaterThan(5);
  });

  test('a directory file is a valid directory or refused field by field; never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), directoryArb.chain((d) => fc.tuple(fc.constantFrom('leaders', 'owners'), fc.jsonValue()).map(([k, v]) => ({ ...d, [k]: v })))), (value) => {
        const r = directorySchema().safeParse(value);
        if (r.success) for (const l of labelsOf(r.data)) expect(resolveOwner(r.data, l)).toBeDefined();
        else for (const issue of r.error.issues) expect(issue.message.trim()).not.toBe('');
      }),
      options(300),
    );
  });
});
