import fc from 'fast-check';
import { DateTime } from 'luxon';
import { directorySchema, normaliseOwner, resolveOwner, type Directory } from '../../domain/plan/directory';
import type { ImportResult } from '../../domain/plan/import';
import { planMeasureSchema } from '../../domain/plan/input';
import type { Period, PeriodContext } from '../../domain/plan/period';
import type { PlanFileIssue, PlanFileResult, PlanLayout } from '../../domain/plan/planFile';

// Generators of the plan import's inputs for the property-based tests (import.test.ts): periods
// as people write them, owner directories, and action plans as a model of rows written out as
// CSV, TSV or YAML, with the line each measure lands on; and the invariants every result keeps.
// ---------------------------------------------------------------------------------------------
// Periods

export const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];
export const MONTHS_DA = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
export const iso = (y: number, m: number, d: number) => DateTime.fromObject({ year: y, month: m, day: d }, { zone: 'utc' }).toISODate()!;
export const monthEnd = (y: number, m: number) => DateTime.fromObject({ year: y, month: m }, { zone: 'utc' }).endOf('month').toISODate()!;
export const pad = (n: number) => String(n).padStart(2, '0');
export const due = (d: string): Period => ({ kind: 'due', due: d });
export const range = (from: string, to: string): Period => ({ kind: 'range', from, to });

export interface PeriodCase {
  text: string;
  /** What it must become; undefined: it must be understood, whatever it becomes. */
  expected?: Period;
}

/** Periods as people write them, inside the plan's years: always understood. */
export function validPeriod(ctx: { planFrom: number; planTo: number }): fc.Arbitrary<PeriodCase> {
  const year = fc.integer({ min: ctx.planFrom, max: ctx.planTo });
  const month = fc.integer({ min: 1, max: 12 });
  const dayOf = fc.integer({ min: 1, max: 28 });
  const twoYears = fc.tuple(year, year).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
  const dash = fc.constantFrom('-', '–', ' - ', ' – ', '—');
  return fc.oneof(
    year.map((y) => ({ text: String(y), expected: due(`${y}-12-31`) })),
    year.map((y) => ({ text: `ca. ${y}`, expected: due(`${y}-12-31`) })),
    fc.tuple(twoYears, dash).map(([[a, b], d]) => ({ text: `${a}${d}${b}`, expected: range(`${a}-01-01`, `${b}-12-31`) })),
    twoYears.map(([a, b]) => ({ text: `(${a} – ${b})`, expected: range(`${a}-01-01`, `${b}-12-31`) })),
    twoYears.map(([a, b]) => ({ text: `Fra ${a} til ${b + 1}`, expected: range(`${a}-01-01`, `${b + 1}-12-31`) })),
    fc.constantFrom('Årlig', 'årlig', 'ÅRLIG', 'Hvert år', 'Evalueres årlig', 'Årligt', 'en gang i året').map((text) => ({ text, expected: { kind: 'recurring', every: 'year' } as Period })),
    fc.constantFrom('Løpende', 'Løbende', 'Kontinuerlig', 'Fortløpende', 'Hele perioden', 'Hele planperioden', 'Vedvarende').map((text) => ({ text, expected: { kind: 'continuous' } as Period })),
    fc.tuple(fc.constantFrom('høsten', 'Høst', 'efterår', 'Efteråret', 'haust'), year).map(([w, y]) => ({ text: `${w} ${y}`, expected: due(`${y}-11-30`) })),
    fc.tuple(fc.constantFrom('våren', 'Vår', 'forår', 'Foråret'), year).map(([w, y]) => ({ text: `${w} ${y}`, expected: due(`${y}-06-30`) })),
    fc.tuple(fc.constantFrom('sommer', 'Sommeren'), year).map(([w, y]) => ({ text: `${w} ${y}`, expected: due(`${y}-08-31`) })),
    year.map((y) => ({ text: `vinteren ${y}`, expected: due(monthEnd(y + 1, 2)) })),
    year.map((y) => ({ text: `vinteren ${y}/${pad((y + 1) % 100)}`, expected: due(monthEnd(y + 1, 2)) })),
    fc.tuple(dayOf, month, year, fc.boolean()).map(([d, m, y, da]) => ({ text: `${d}. ${(da ? MONTHS_DA : MONTHS)[m - 1]} ${y}`, expected: due(iso(y, m, d)) })),
    fc.tuple(dayOf, month, year).map(([d, m, y]) => ({ text: `innen ${d}. ${MONTHS[m - 1]} ${y}`, expected: due(iso(y, m, d)) })),
    fc.tuple(dayOf, month, year, fc.constantFrom('.', '/')).map(([d, m, y, s]) => ({ text: `${pad(d)}${s}${pad(m)}${s}${y}`, expected: due(iso(y, m, d)) })),
    fc.tuple(dayOf, month, year).map(([d, m, y]) => ({ text: `${y}-${pad(m)}-${pad(d)}`, expected: due(iso(y, m, d)) })),
    fc.tuple(month, year).map(([m, y]) => ({ text: `${MONTHS[m - 1]} ${y}`, expected: due(monthEnd(y, m)) })),
    fc.tuple(month, year).map(([m, y]) => ({ text: `${pad(m)}.${y}`, expected: due(monthEnd(y, m)) })),
    fc.tuple(fc.constantFrom(1, 2), year).map(([h, y]) => ({ text: `${h}. halvår ${y}`, expected: due(h === 1 ? `${y}-06-30` : `${y}-12-31`) })),
    fc.tuple(fc.integer({ min: 1, max: 4 }), year).map(([q, y]) => ({ text: `${q}. kvartal ${y}`, expected: due(monthEnd(y, q * 3)) })),
    fc.tuple(fc.integer({ min: 1, max: 4 }), year).map(([q, y]) => ({ text: `Q${q} ${y}`, expected: due(monthEnd(y, q * 3)) })),
    fc.tuple(year, fc.boolean()).map(([y, long]) => ({ text: `skoleåret ${y}-${long ? y + 1 : pad((y + 1) % 100)}`, expected: due(`${y + 1}-06-30`) })),
    year.map((y) => ({ text: `ultimo ${y}`, expected: due(`${y}-12-31`) })),
    year.map((y) => ({ text: `primo ${y}`, expected: due(`${y}-03-31`) })),
    year.map((y) => ({ text: `Innen utgangen av ${y}`, expected: due(`${y}-12-31`) })),
    year.map((y) => ({ text: `før ${y}`, expected: due(`${y - 1}-12-31`) })),
    year.map((y) => ({ text: `fra og med ${y}`, expected: range(`${y}-01-01`, `${ctx.planTo}-12-31`) })),
    year.map((y) => ({ text: `Evalueres høsten ${y}` })),
    twoYears.map(([a, b]) => ({ text: `${a}–${b}, evalueres årlig`, expected: range(`${a}-01-01`, `${b}-12-31`) })),
  );
}

/** Periods that are never understood, each for a reason the parser names. */
export function invalidPeriod(ctx: { planFrom: number; planTo: number }): fc.Arbitrary<string> {
  const year = fc.integer({ min: ctx.planFrom, max: ctx.planTo });
  return fc.oneof(
    fc.integer({ min: 1900, max: ctx.planFrom - 11 }).map(String),
    fc.constantFrom('hvert 4. år', 'annethvert år', 'Månedlig', 'halvårlig', 'kvartalsvis', '2 ganger i året'),
    fc.constantFrom('september', 'høsten', 'Når det passer', 'Evalueres', 'ingen', '??', 'Jf. 10.2'),
    year.map((y) => `31.02.${y}`),
    year.map((y) => `skoleåret ${y}-${y + 2}`),
    year.map((y) => `skoleåret ${y}`),
    fc.tuple(year, fc.integer({ min: 1, max: 9 })).map(([a, n]) => `${a + n}-${a}`),
    year.map((y) => `${y}, evalueres høsten ${y === ctx.planFrom ? y + 1 : y - 1}`),
    fc.constant(`fra ${ctx.planTo + 1}`),
  );
}

export const contextArb: fc.Arbitrary<PeriodContext> = fc
  .tuple(fc.integer({ min: 1990, max: 2080 }), fc.integer({ min: 0, max: 12 }), fc.constantFrom<'nb' | 'da' | undefined>('nb', 'da', undefined))
  .map(([from, len, language]) => ({ planFrom: from, planTo: from + len, language }));

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const realDate = (s: string) => DATE.test(s) && DateTime.fromISO(s, { zone: 'utc' }).isValid;

/** A period a workflow can schedule: real dates, a range that does not end before it begins. */
export function expectSchedulable(period: Period): void {
  expect(planMeasureSchema().shape.period.safeParse(period).success).toBe(true);
  if (period.kind === 'due') expect(realDate(period.due)).toBe(true);
  if (period.kind === 'range') {
    expect(realDate(period.from) && realDate(period.to)).toBe(true);
    expect(period.from <= period.to).toBe(true);
  }
}


// ---------------------------------------------------------------------------------------------
// Directories

export const SERVICES = ['Oppvekst', 'Helse', 'Kultur', 'NAV', 'Politi', 'Barnevern', 'Jordmor', 'Fastlege', 'Skolerådgivere', 'Helsesøster', 'Psykiatritjenesten', 'Tamburinteam', 'Kommuneoverlege', 'Frivilligsentralen', 'BUF', 'SSP', 'Familiens hus', 'Ungdomsklubben', 'Rådmannen', 'Teknisk drift'];
export const FIRST = ['Jens', 'Lone', 'Sofie', 'Signe', 'Maja', 'Per', 'Kari', 'Ola', 'Tone', 'Åse', 'Øyvind', 'Mette', 'Søren'];
export const LAST = ['Holm', 'Bech', 'Christoffersen', 'Hansen', 'Nordmann', 'Moen', 'Aune', 'Kjær', 'Ødegård', 'Lie'];
export const label = fc.oneof(fc.constantFrom(...SERVICES), fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([f, l]) => `${f} ${l}`));
export const slug = (s: string) => s.normalize('NFD').replace(/[^a-zA-Z]/g, '').toLowerCase() || 'x';

/** A valid directory: leaders, and owners whose names and aliases are all distinct. */
export const directoryArb: fc.Arbitrary<Directory> = fc
  .tuple(
    fc.uniqueArray(label, { minLength: 1, maxLength: 14, selector: normaliseOwner }),
    fc.integer({ min: 1, max: 3 }),
    fc.array(fc.nat(), { maxLength: 14 }),
  )
  .map(([labels, leaderCount, choices]) => {
    const leaders = Object.fromEntries(
      Array.from({ length: leaderCount }, (_, i) => [`leder-${i + 1}`, { name: `${FIRST[i]} ${LAST[i]}`, email: `leder${i + 1}@kommune.example` }]),
    );
    // Some labels become aliases of the owner before them.
    const owners: Directory['owners'] = [];
    labels.forEach((l, i) => {
      const prev = owners.at(-1);
      if (prev && (choices[i] ?? 0) % 4 === 0) prev.aliases.push(l);
      else owners.push({ owner: l, aliases: [], name: l, email: `${slug(l)}${i}@kommune.example`, leader: `leder-${((choices[i] ?? 0) % leaderCount) + 1}` });
    });
    return directorySchema().parse({ leaders, owners });
  });

export const labelsOf = (d: Directory) => d.owners.flatMap((o) => [o.owner, ...o.aliases]);
export const ownerOfLabel = (d: Directory, l: string) => d.owners.find((o) => [o.owner, ...o.aliases].some((x) => normaliseOwner(x) === normaliseOwner(l)))!;

// ---------------------------------------------------------------------------------------------
// Plan files: a model of the rows, written as CSV (';' or ','), TSV or YAML

export const STARTERS = ['Økt satsing på', 'Informasjon om', 'Kurs for', 'Sikre, at', 'Arbejde for', 'Etablere', 'Videreføre', 'Kartlegge'];
export const WORDS = ['ungdom', 'foreldre', '"MOT"', 'rus; alkohol', 'skjenkesteder, kontroll', 'børn og unge', 'Ærlig', 'tiltakene (hva)', '50 %', 'på tvers', 'nye rutiner\nog oppfølging', '😀', 'naïve', 'Σ', '«sitat»'];
/** Free text: starts with a word that names no column, then anything people write. */
export const freeText = fc
  .tuple(fc.constantFrom(...STARTERS), fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ unit: 'grapheme-ascii', maxLength: 8 }).map((s) => s.replace(/[\t\r\n"]/g, ' '))), { maxLength: 6 }))
  .map(([s, ws]) => `${s} ${ws.join(' ')}`.replace(/\s+$/, '') || s);
export const SECTIONS = ['Primærforebygging', 'For risikoutsatte (sekundærforebygging)', 'For rusmiddelavhengige (tertiærforebyggende)', 'Annet', 'Foreldre og nettverk'];

export type Defect = 'noMeasure' | 'noPeriod' | 'noOwner' | 'unknownOwner' | 'badPeriod';

export interface MeasureSpec {
  kind: 'measure';
  goal?: string;
  measure: string;
  period: string;
  expected?: Period;
  owners: string[];
  extra: { cost?: string; description?: string; result?: string; status?: string };
  defect?: Defect;
  /** 'da': cells appended by continuation rows under it (description and status only). */
  more: { description?: string; status?: string }[];
}
export type RowSpec = { kind: 'section'; title: string } | MeasureSpec;

export interface PlanSpec {
  layout: PlanLayout;
  years: { from: number; to: number };
  directory: Directory;
  rows: RowSpec[];
  format: { kind: 'csv' | 'tsv' | 'yaml'; sep: string; crlf: boolean; bom: boolean; quoteAll: boolean; title: boolean; ownersAsList: boolean; sections: boolean; headerVariant: number };
}

export function measureArb(layout: PlanLayout, years: { from: number; to: number }, directory: Directory, defects: boolean): fc.Arbitrary<MeasureSpec> {
  const known = labelsOf(directory);
  const ctx = { planFrom: years.from, planTo: years.to };
  const defect: fc.Arbitrary<Defect | undefined> = defects
    ? fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom<Defect>('noMeasure', 'noPeriod', 'noOwner', 'unknownOwner', 'badPeriod') })
    : fc.constant(undefined);
  return fc
    .record({
      goal: fc.option(freeText, { nil: undefined }),
      measure: freeText,
      period: validPeriod(ctx),
      badPeriod: invalidPeriod(ctx),
      owners: fc.array(fc.constantFrom(...known), { minLength: 1, maxLength: 4 }),
      unknown: fc.constantFrom('Ordføreren', 'Ukjent etat', 'Fylkesmannen i Nord'),
      cost: fc.option(freeText, { nil: undefined }),
      description: fc.option(freeText, { nil: undefined }),
      result: fc.option(fc.oneof(freeText, fc.constantFrom('Evalueres årlig', 'Evalueres høsten 2013')), { nil: undefined }),
      status: fc.option(fc.oneof(fc.constantFrom('Grøn', 'Gul: vi følger det', 'Rød - mangler', 'Færdig', 'Kører'), freeText), { nil: undefined }),
      more: fc.array(fc.record({ description: fc.option(freeText, { nil: undefined }), status: fc.option(freeText, { nil: undefined }) }), { maxLength: layout === 'da' ? 2 : 0 }),
      defect,
    })
    .map((r) => {
      const m: MeasureSpec = {
        kind: 'measure',
        goal: layout === 'no' ? r.goal : undefined,
        measure: r.measure,
        period: r.period.text,
        expected: r.period.expected,
        owners: r.owners,
        extra: layout === 'no' ? { cost: r.cost, description: r.description, result: r.result } : { description: r.description, status: r.status },
        defect: r.defect,
        more: r.more.filter((x) => x.description || x.status),
      };
      if (r.defect === 'noMeasure') m.measure = '';
      if (r.defect === 'noPeriod') m.period = '';
      if (r.defect === 'noOwner') m.owners = [];
      if (r.defect === 'unknownOwner') m.owners = [r.unknown, ...r.owners];
      if (r.defect === 'badPeriod') m.period = r.badPeriod;
      if (r.defect) m.expected = undefined;
      return m;
    });
}

export function planArb(defects: boolean): fc.Arbitrary<PlanSpec> {
  return fc
    .record({
      layout: fc.constantFrom<PlanLayout>('no', 'da'),
      from: fc.integer({ min: 2005, max: 2040 }),
      length: fc.integer({ min: 0, max: 6 }),
      directory: directoryArb,
      format: fc.record({
        kind: fc.constantFrom<'csv' | 'tsv' | 'yaml'>('csv', 'tsv', 'yaml'),
        sep: fc.constantFrom(';', ','),
        crlf: fc.boolean(),
        bom: fc.boolean(),
        quoteAll: fc.boolean(),
        title: fc.boolean(),
        ownersAsList: fc.boolean(),
        sections: fc.boolean(),
        headerVariant: fc.nat(),
      }),
    })
    .chain(({ layout, from, length, directory, format: written }) => {
      const years = { from, to: from + length };
      const format = { ...written, sections: written.sections && layout === 'no' };
      const row: fc.Arbitrary<RowSpec> =
        layout === 'no' && (format.kind !== 'yaml' || format.sections)
          ? fc.oneof(
              { weight: 1, arbitrary: fc.constantFrom(...SECTIONS).map((title) => ({ kind: 'section' as const, title })) },
              { weight: 5, arbitrary: measureArb(layout, years, directory, defects) },
            )
          : measureArb(layout, years, directory, defects);
      return fc.array(row, { minLength: 1, maxLength: 12 }).map((rows) => {
        if (format.kind === 'yaml' && format.sections) {
          // YAML sections are the keys of a map, each holding a list: every measure sits under
          // one, every one holds a measure, and no two have the same name.
          if (rows[0].kind !== 'section') rows.unshift({ kind: 'section', title: SECTIONS[0] });
          rows = rows.filter((r, i) => r.kind === 'measure' || rows[i + 1]?.kind === 'measure');
          rows = rows.map((r, i) => (r.kind === 'section' ? { ...r, title: `${r.title} ${i}` } : r));
        }
        return { layout, years, directory, rows, format };
      });
    })
    .filter((p) => p.rows.some((r) => r.kind === 'measure'));
}

export const HEADERS: Record<PlanLayout, { field: string; names: string[]; required: boolean }[]> = {
  no: [
    { field: 'goal', names: ['Delmål', 'Delmål (mål)'], required: false },
    { field: 'measure', names: ['Tiltak', 'TILTAK', 'Tiltak (hva)'], required: true },
    { field: 'period', names: ['Tidsperiode', 'Periode'], required: true },
    { field: 'cost', names: ['Kostnad', 'Kostnader'], required: false },
    { field: 'description', names: ['Beskrivelse/gjennomføring', 'Beskrivelse/ gjennomføring'], required: false },
    { field: 'owners', names: ['Ansvar', 'Ansvarlig'], required: true },
    { field: 'result', names: ['Resultat'], required: false },
  ],
  da: [
    { field: 'number', names: ['Nr', 'Nr.'], required: true },
    { field: 'measure', names: ['Mål'], required: true },
    { field: 'owners', names: ['Hvem', 'Hvem? (Øverste navn er tovholder)'], required: true },
    { field: 'description', names: ['Hvordan', 'Hvordan?'], required: false },
    { field: 'status', names: ['Status', 'Status nu (2013)'], required: false },
    { field: 'period', names: ['Tidsplan', 'Tidsplan (2013-2018)'], required: true },
  ],
};

export interface Written {
  text: string;
  fileName: string;
  /** The line each measure row starts on, in order. */
  lines: number[];
}

/** Writes the model as a file and remembers each measure's line. */
export function write(spec: PlanSpec): Written {
  const { layout, format } = spec;
  const nl = format.crlf ? '\r\n' : '\n';
  const measures = spec.rows.filter((r): r is MeasureSpec => r.kind === 'measure');
  const numbers = measures.map((_, i) => `${Math.floor(i / 3) + 5}.${(i % 3) + 1}`);
  const ownerText = (m: MeasureSpec) => m.owners.join(layout === 'no' ? ', ' : '\n');
  const lines: number[] = [];
  let text = format.bom ? '\uFEFF' : '';
  const lineNow = () => text.split('\n').length;

  if (format.kind === 'yaml') {
    const q = (s: string) => JSON.stringify(s);
    const key = (field: string) => HEADERS[layout].find((h) => h.field === field)!.names[0];
    const indent = format.sections ? '  ' : '';
    let k = 0;
    for (const row of spec.rows) {
      if (row.kind === 'section') {
        text += `${q(row.title)}:${nl}`;
        continue;
      }
      lines.push(lineNow());
      const entries: [string, string][] = [];
      if (layout === 'da') entries.push([key('number'), q(numbers[k])]);
      if (row.goal) entries.push([key('goal'), q(row.goal)]);
      entries.push([key('measure'), q(row.measure)], [key('period'), q(row.period)]);
      entries.push([key('owners'), format.ownersAsList ? `[${row.owners.map(q).join(', ')}]` : q(ownerText(row))]);
      for (const [f, v] of Object.entries(row.extra)) if (v) entries.push([key(f), q(v)]);
      entries.forEach(([kk, v], i) => (text += `${indent}${i === 0 ? '- ' : '  '}${kk}: ${v}${nl}`));
      k++;
    }
    return { text, fileName: 'plan.yaml', lines };
  }

  const sep = format.kind === 'tsv' ? '\t' : format.sep;
  const cols = HEADERS[layout];
  const cell = (s: string) =>
    format.quoteAll || s.includes(sep) || /["\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""').replace(/\n/g, nl)}"` : s;
  const record = (cells: string[]) => (text += cells.map(cell).join(sep) + nl);
  if (format.title) text += `Rusmiddelpolitisk handlingsplan ${spec.years.from}–${spec.years.to}${nl}${nl}`;
  record(cols.map((c, i) => c.names[(format.headerVariant + i) % c.names.length]));
  let k = 0;
  for (const row of spec.rows) {
    if (row.kind === 'section') {
      record([row.title, ...cols.slice(1).map(() => '')]);
      continue;
    }
    lines.push(lineNow());
    const value: Record<string, string> = {
      goal: row.goal ?? '',
      measure: row.measure,
      period: row.period,
      owners: ownerText(row),
      number: numbers[k],
      ...Object.fromEntries(Object.entries(row.extra).map(([f, v]) => [f, v ?? ''])),
    };
    record(cols.map((c) => value[c.field] ?? ''));
    for (const more of row.more) record(cols.map((c) => (c.field === 'description' || c.field === 'status' ? (more[c.field] ?? '') : '')));
    k++;
  }
  return { text, fileName: format.kind === 'tsv' ? 'plan.tsv' : 'plan.csv', lines };
}

export const COLUMN: Record<PlanLayout, Record<'measure' | 'period' | 'owners', string>> = {
  no: { measure: 'Tiltak', period: 'Tidsperiode', owners: 'Ansvar' },
  da: { measure: 'Mål', period: 'Tidsplan', owners: 'Hvem' },
};

export const numLines = (text: string) => Math.max(text.split(/\r\n|\r|\n/).length, text.split('\n').length);

/** The shape every result must have, whatever the input. */
export function expectWellFormed(r: PlanFileResult | ImportResult, text: string): void {
  const last = numLines(text) + 1;
  if (!r.ok) {
    expect(r.issues.length).toBeGreaterThan(0);
    for (const issue of r.issues) expectIssue(issue, last);
    return;
  }
  if ('rows' in r) {
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) {
      expect(Number.isInteger(row.line) && row.line >= 1 && row.line <= last).toBe(true);
      expect(row.measure.trim()).not.toBe('');
      expect(row.period.trim()).not.toBe('');
      expect(row.owners.length).toBeGreaterThan(0);
      for (const o of row.owners) expect(o.trim()).toBe(o);
      for (const o of row.owners) expect(o).not.toBe('');
    }
  }
}

export function expectIssue(issue: PlanFileIssue, lastLine: number): void {
  expect(Number.isInteger(issue.line) && issue.line >= 1 && issue.line <= lastLine).toBe(true);
  expect(typeof issue.reason).toBe('string');
  expect(issue.reason.trim().length).toBeGreaterThan(3);
  // A column is a layout's column name or a YAML key as written (which may be empty: `"": x`).
  if (issue.column !== undefined) expect(typeof issue.column).toBe('string');
}

/** A plan the workflow can run: every measure schedulable, owned by someone in the directory. */
export function expectImported(r: Extract<ImportResult, { ok: true }>, directory: Directory, fileRows: number): void {
  const { measures } = r.plan;
  expect(measures).toHaveLength(fileRows);
  expect(new Set(measures.map((m) => m.id)).size).toBe(measures.length);
  for (const m of measures) {
    expectSchedulable(m.period);
    expect(resolveOwner(directory, m.owner.owner)).toEqual(m.owner);
    expect(m.owner.leader).toEqual(Object.values(directory.leaders).find((l) => l.email === m.owner.leader.email));
    const parsed = planMeasureSchema().safeParse(m);
    if (!parsed.success) throw new Error(`measure ${m.id} is not valid workflow input: ${parsed.error.message}`);
  }
}

