import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLSeq } from 'yaml';

/**
 * Reads an action plan (handlingsplan) as people write it — a spreadsheet export (.csv with ';' or
 * ',', .tsv/.txt with tabs) or YAML — into rows with exact line numbers, and reports every bad row
 * at once. Pure: no fs, no dates (the period stays raw text; `parsePeriod` decides it elsewhere).
 *
 * Two layouts, told apart by the header:
 * - `'no'` (Overhalla 2011–2015, seed 001): Delmål · Tiltak · Tidsperiode · Kostnad ·
 *   Beskrivelse/gjennomføring · Ansvar · Resultat. A row with only its first cell filled is a
 *   section heading ("Primærforebygging", "For risikoutsatte (sekundærforebygging)", …), carried to
 *   the rows under it. An empty Delmål repeats the one above (merged cells); a new section resets it.
 * - `'da'` (Varde kommune 2013–2018, seed 003): Nr · Mål · Hvem · Hvordan · Status · Tidsplan. A row
 *   with an empty Nr continues the row above: each non-empty cell is appended to the same cell of
 *   that row with a newline (cells spanning a page break in the source document).
 *
 * Danish `Mål` is both `goal` and `measure`: each numbered Mål ("Sikre, at …", "Arbejde for, at …")
 * is the unit that gets an owner, a how, a status and a timetable, i.e. the measure, and the plan
 * has no separate goal column. `number` identifies it.
 *
 * Header cells match case- and punctuation-insensitively, ignoring anything in parentheses and
 * words after the first ("Hvem? (Øverste navn er tovholder)" → Hvem, "Status nu (2013)" → Status,
 * "Beskrivelse/ gjennomføring" → Beskrivelse). Columns neither layout knows are ignored.
 * Lines before the header (title, the Grøn/Gul/Rød legend) and empty lines are ignored; a header
 * repeated further down (one table per section in the source) is skipped.
 */
export type PlanLayout = 'no' | 'da';

export interface PlanRow {
  /** 1-based line where the row starts in the file (YAML: the line of the list item's "-"). */
  line: number;
  layout: PlanLayout;
  /** 'no': the section heading above the row (a row with only its first cell filled, or a YAML key). */
  section?: string;
  /** 'da': Nr, e.g. "5.1", "5.7a". */
  number?: string;
  /** 'no': Delmål (carried down when empty; '' when there is none). 'da': Mål. */
  goal: string;
  /** 'no': Tiltak. 'da': Mål (the same text as `goal`). */
  measure: string;
  /** 'no': Tidsperiode; 'da': Tidsplan — raw text, e.g. "2011-2015", "Årlig", "2013 - medio 2014". */
  period: string;
  /** 'no': Kostnad. */
  cost?: string;
  /** 'no': Beskrivelse/gjennomføring; 'da': Hvordan? (references like "Se pkt. 5.3" kept as text). */
  description?: string;
  /**
   * 'no': Ansvar split on ",", ";", "/", " og " and newlines. 'da': Hvem? split on newlines, " / ",
   * "," and ";" (not " og ": "Social og Handicap" is one unit). The first one is the tovholder (owner).
   */
  owners: string[];
  /** 'no': Resultat, e.g. "Evalueres årlig". */
  result?: string;
  /** 'da': from "Status nu" when it starts with Grøn/Gul/Rød/Færdig (or Grønn/Ferdig). */
  status?: 'green' | 'yellow' | 'red' | 'done';
  /** 'da': the status text after the traffic-light word, or all of it when there is none. */
  statusText?: string;
}

/** `reason` is bokmål; `column` is the layout's column name (e.g. 'Tiltak', 'Hvem'), or a YAML key. */
export interface PlanFileIssue {
  line: number;
  column?: string;
  reason: string;
}

export type PlanFileResult = { ok: true; layout: PlanLayout; rows: PlanRow[] } | { ok: false; issues: PlanFileIssue[] };

type Field = 'goal' | 'measure' | 'period' | 'cost' | 'description' | 'owners' | 'result' | 'number' | 'status';

interface ColumnDef {
  /** The name used in issues. */
  name: string;
  field: Field;
  /** Normalised header words that name this column. */
  aliases: string[];
  /** Required in a spreadsheet header. */
  inHeader: boolean;
  /** Required as a key in every YAML row. */
  inYamlRow: boolean;
}

const COLUMNS: Record<PlanLayout, ColumnDef[]> = {
  no: [
    { name: 'Delmål', field: 'goal', aliases: ['delmål', 'delmal', 'mål'], inHeader: false, inYamlRow: false },
    { name: 'Tiltak', field: 'measure', aliases: ['tiltak'], inHeader: true, inYamlRow: true },
    { name: 'Tidsperiode', field: 'period', aliases: ['tidsperiode', 'periode'], inHeader: true, inYamlRow: true },
    { name: 'Kostnad', field: 'cost', aliases: ['kostnad', 'kostnader'], inHeader: false, inYamlRow: false },
    {
      name: 'Beskrivelse/gjennomføring',
      field: 'description',
      aliases: ['beskrivelse', 'gjennomføring'],
      inHeader: false,
      inYamlRow: false,
    },
    { name: 'Ansvar', field: 'owners', aliases: ['ansvar', 'ansvarlig'], inHeader: true, inYamlRow: true },
    { name: 'Resultat', field: 'result', aliases: ['resultat'], inHeader: false, inYamlRow: false },
  ],
  da: [
    { name: 'Nr', field: 'number', aliases: ['nr', 'nummer'], inHeader: true, inYamlRow: false },
    { name: 'Mål', field: 'measure', aliases: ['mål'], inHeader: true, inYamlRow: true },
    { name: 'Hvem', field: 'owners', aliases: ['hvem'], inHeader: true, inYamlRow: true },
    { name: 'Hvordan', field: 'description', aliases: ['hvordan'], inHeader: false, inYamlRow: false },
    { name: 'Status', field: 'status', aliases: ['status'], inHeader: false, inYamlRow: false },
    { name: 'Tidsplan', field: 'period', aliases: ['tidsplan'], inHeader: true, inYamlRow: true },
  ],
};

const LAYOUT_NAMES: Record<PlanLayout, string> = { no: 'norsk', da: 'dansk' };
const expectedLayouts = () =>
  (['no', 'da'] as const).map((l) => `${LAYOUT_NAMES[l]} oppsett (${COLUMNS[l].map((c) => c.name).join(', ')})`).join(' eller ');

/** Per-row messages, by layout and field. */
const MISSING: Record<PlanLayout, Partial<Record<Field, string>>> = {
  no: { measure: 'tiltaket mangler', period: 'tidsperioden mangler', owners: 'ingen ansvarlig er oppgitt' },
  da: { measure: 'målet mangler', period: 'tidsplanen mangler', owners: 'ingen ansvarlig (tovholder) er oppgitt' },
};

function normaliseHeader(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    // A tag holds no '<': with [^>]* a cell full of '<' took quadratic time.
    .replace(/<[^<>]*>/g, ' ')
    .replace(/\([^)]*\)?/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function matchColumn(layout: PlanLayout, header: string): ColumnDef | undefined {
  const n = normaliseHeader(header);
  if (!n) return undefined;
  return COLUMNS[layout].find((c) => c.aliases.some((a) => n === a || n.startsWith(`${a} `)));
}

/** The layout these names point to (at least two of its columns, more than of the other), if any. */
function detectLayout(names: string[]): { layout: PlanLayout; score: number } | undefined {
  const score = (l: PlanLayout) => new Set(names.map((h) => matchColumn(l, h)?.field).filter(Boolean)).size;
  const no = score('no');
  const da = score('da');
  if (no >= 2 && no > da) return { layout: 'no', score: no };
  if (da >= 2 && da > no) return { layout: 'da', score: da };
  return undefined;
}

const quoteList = (names: string[]) => names.map((n) => `«${n}»`).join(', ');

// ---------------------------------------------------------------------------------------------
// Rows in a neutral form, then PlanRows

interface RawRow {
  line: number;
  section?: string;
  values: Partial<Record<Field, string>>;
  /** YAML: required keys absent from the row (reported as such, not as empty values). */
  absent?: ColumnDef[];
}

const STATUS_RE = /^[\s*_]*(grønn?|gul|rød|færdig|ferdig)(?![\p{L}\p{N}])[\s*_:.,;!–—-]*/iu;
const STATUS_OF: Record<string, NonNullable<PlanRow['status']>> = {
  grøn: 'green',
  grønn: 'green',
  gul: 'yellow',
  rød: 'red',
  færdig: 'done',
  ferdig: 'done',
};

function splitOwners(layout: PlanLayout, text: string): string[] {
  const re = layout === 'no' ? /\s*(?:[,;\n/]|\s+og\s+)\s*/i : /\s*(?:[,;\n]|\s+\/\s+)\s*/;
  return text
    .split(re)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function readStatus(text: string): Pick<PlanRow, 'status' | 'statusText'> {
  const m = STATUS_RE.exec(text);
  if (!m) return text ? { statusText: text } : {};
  const rest = text.slice(m[0].length).trim();
  return { status: STATUS_OF[m[1].toLowerCase()], ...(rest ? { statusText: rest } : {}) };
}

function buildRows(layout: PlanLayout, raws: RawRow[], issues: PlanFileIssue[]): PlanRow[] {
  const rows: PlanRow[] = [];
  let section: string | undefined;
  let goal = '';
  for (const raw of raws) {
    if (raw.section !== section) {
      section = raw.section;
      goal = '';
    }
    const v = (f: Field) => raw.values[f]?.trim() ?? '';
    if (layout === 'no' && v('goal')) goal = v('goal');
    const measure = v('measure');
    const period = v('period');
    const owners = splitOwners(layout, v('owners'));
    const absent = new Set((raw.absent ?? []).map((c) => c.field));
    for (const [field, ok] of [
      ['measure', measure !== ''],
      ['period', period !== ''],
      ['owners', owners.length > 0],
    ] as const) {
      if (ok || absent.has(field)) continue;
      issues.push({ line: raw.line, column: COLUMNS[layout].find((c) => c.field === field)!.name, reason: MISSING[layout][field]! });
    }
    for (const c of raw.absent ?? []) issues.push({ line: raw.line, column: c.name, reason: `nøkkelen «${c.name}» mangler` });

    const row: PlanRow = {
      line: raw.line,
      layout,
      ...(section !== undefined ? { section } : {}),
      ...(v('number') ? { number: v('number') } : {}),
      goal: layout === 'no' ? goal : measure,
      measure,
      period,
      owners,
    };
    if (v('cost')) row.cost = v('cost');
    if (v('description')) row.description = v('description');
    if (v('result')) row.result = v('result');
    if (v('status')) Object.assign(row, readStatus(v('status')));
    rows.push(row);
  }
  return rows;
}

function finish(layout: PlanLayout, rows: PlanRow[], issues: PlanFileIssue[]): PlanFileResult {
  if (issues.length > 0) return { ok: false, issues: [...issues].sort((a, b) => a.line - b.line) };
  return { ok: true, layout, rows };
}

// ---------------------------------------------------------------------------------------------
// CSV / TSV

interface Cell {
  text: string;
  line: number;
}
interface Rec {
  line: number;
  cells: Cell[];
}

/** RFC 4180 records: quoted cells may hold separators, doubled quotes and newlines; lines are physical. */
function parseDelimited(text: string, sep: string): { records: Rec[]; issues: PlanFileIssue[] } {
  const records: Rec[] = [];
  const issues: PlanFileIssue[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  const newlineAt = (k: number) => (text[k] === '\r' ? (text[k + 1] === '\n' ? 2 : 1) : text[k] === '\n' ? 1 : 0);
  while (i < n) {
    const rec: Rec = { line, cells: [] };
    for (;;) {
      const cell: Cell = { text: '', line };
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const nl = newlineAt(i);
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              cell.text += '"';
              i += 2;
            } else {
              i++;
              closed = true;
              break;
            }
          } else if (nl) {
            cell.text += '\n';
            i += nl;
            line++;
          } else cell.text += text[i++];
        }
        if (!closed) issues.push({ line: cell.line, reason: `cellen som begynner med anførselstegn på linje ${cell.line}, blir aldri avsluttet` });
      }
      // Unquoted text, or (leniently) text after a closing quote.
      while (i < n && text[i] !== sep && !newlineAt(i)) cell.text += text[i++];
      rec.cells.push(cell);
      if (i < n && text[i] === sep) {
        i++;
        continue;
      }
      const nl = i < n ? newlineAt(i) : 0;
      if (nl) {
        i += nl;
        line++;
      }
      break;
    }
    records.push(rec);
  }
  return { records, issues };
}

const isBlank = (r: Rec) => r.cells.every((c) => c.text.trim() === '');

function findHeader(records: Rec[]): { index: number; layout: PlanLayout; score: number } | undefined {
  for (let k = 0; k < records.length; k++) {
    const d = detectLayout(records[k].cells.map((c) => c.text));
    if (d) return { index: k, ...d };
  }
  return undefined;
}

function readDelimited(text: string, seps: string[]): PlanFileResult {
  // Separator: the one under which a header is recognised best; else the one most used on the first line.
  const firstLine = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  const count = (s: string) => firstLine.split(s).length - 1;
  let best: { sep: string; records: Rec[]; issues: PlanFileIssue[]; header?: ReturnType<typeof findHeader> } | undefined;
  for (const sep of seps) {
    const parsed = parseDelimited(text, sep);
    const records = parsed.records.filter((r) => !isBlank(r));
    const header = findHeader(records);
    const better =
      !best ||
      (header?.score ?? 0) > (best.header?.score ?? 0) ||
      ((header?.score ?? 0) === (best.header?.score ?? 0) && count(sep) > count(best.sep));
    if (better) best = { sep, records, issues: parsed.issues, header };
  }
  const { records, header } = best!;
  const issues = [...best!.issues];
  if (records.length === 0) return { ok: false, issues: [...issues, { line: 1, reason: 'filen er tom' }] };

  if (!header) {
    const h = records.find((r) => r.cells.filter((c) => c.text.trim()).length >= 2) ?? records[0];
    const found = h.cells.map((c) => c.text.trim()).filter(Boolean);
    issues.push({
      line: h.line,
      reason: `ukjent overskriftsrad: fant kolonnene ${quoteList(found)}; forventet ${expectedLayouts()}`,
    });
    return finish('no', [], issues);
  }

  const { layout } = header;
  const headerRec = records[header.index];
  const columnAt: (ColumnDef | undefined)[] = [];
  const seen = new Set<Field>();
  for (const cell of headerRec.cells) {
    const c = matchColumn(layout, cell.text);
    if (c && seen.has(c.field)) {
      issues.push({ line: cell.line, column: c.name, reason: `kolonnen «${c.name}» finnes flere ganger i overskriftsraden` });
      columnAt.push(undefined);
      continue;
    }
    if (c) seen.add(c.field);
    columnAt.push(c);
  }
  for (const c of COLUMNS[layout]) {
    if (c.inHeader && !seen.has(c.field)) {
      issues.push({
        line: headerRec.line,
        column: c.name,
        reason: `kolonnen «${c.name}» mangler i overskriftsraden (${LAYOUT_NAMES[layout]} oppsett)`,
      });
    }
  }
  if (issues.length > 0) return finish(layout, [], issues);

  const raws: RawRow[] = [];
  let section: string | undefined;
  for (const rec of records.slice(header.index + 1)) {
    const filled = rec.cells.filter((c) => c.text.trim() !== '');
    // A header repeated further down: every filled cell names a column.
    if (filled.length >= 2 && filled.every((c) => matchColumn(layout, c.text)) && detectLayout(filled.map((c) => c.text))?.layout === layout) {
      continue;
    }
    const extra = rec.cells.slice(headerRec.cells.length).find((c) => c.text.trim() !== '');
    if (extra) {
      issues.push({
        line: extra.line,
        reason: `raden har ${rec.cells.length} celler, men overskriftsraden har bare ${headerRec.cells.length}`,
      });
    }
    const values: Partial<Record<Field, string>> = {};
    rec.cells.forEach((cell, k) => {
      const c = columnAt[k];
      if (c && cell.text.trim() !== '') values[c.field] = cell.text.trim();
    });

    if (layout === 'no') {
      if (rec.cells[0]?.text.trim() && filled.length === 1) {
        section = rec.cells[0].text.trim();
        continue;
      }
      raws.push({ line: rec.line, section, values });
      continue;
    }
    // 'da': an empty Nr continues the row above.
    if (!values.number) {
      const prev = raws.at(-1);
      if (!prev) {
        issues.push({ line: rec.line, column: 'Nr', reason: 'fortsettelsesrad (tomt Nr) uten en nummerert rad over seg' });
        continue;
      }
      for (const [f, t] of Object.entries(values) as [Field, string][]) {
        prev.values[f] = prev.values[f] ? `${prev.values[f]}\n${t}` : t;
      }
      continue;
    }
    raws.push({ line: rec.line, values });
  }
  const rows = buildRows(layout, raws, issues);
  if (rows.length === 0 && issues.length === 0) issues.push({ line: headerRec.line, reason: 'filen har ingen tiltak under overskriftsraden' });
  return finish(layout, rows, issues);
}

// ---------------------------------------------------------------------------------------------
// YAML

function readYaml(text: string): PlanFileResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { keepSourceTokens: true, lineCounter });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const nodeLine = (node: unknown) => {
    const range = (node as YamlNode | null)?.range;
    return range ? lineOf(range[0]) : 1;
  };
  const issues: PlanFileIssue[] = [];
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      issues.push({ line: e.linePos?.[0].line ?? 1, reason: `ugyldig YAML: ${e.message.split('\n')[0].replace(/\s*at line \d+, column \d+:?$/, '')}` });
    }
    return finish('no', [], issues);
  }

  // Items with their section, and the line of each item's "-".
  const items: { node: unknown; line: number; section?: string }[] = [];
  const addSeq = (seq: YAMLSeq, section?: string) => {
    const cst = seq.srcToken?.type === 'block-seq' ? seq.srcToken.items : undefined;
    seq.items.forEach((node, k) => {
      const dash = cst?.[k]?.start.find((t) => t.type === 'seq-item-ind');
      items.push({ node, line: dash ? lineOf(dash.offset) : nodeLine(node), section });
    });
  };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    return { ok: false, issues: [{ line: 1, reason: 'filen er tom' }] };
  }
  if (isSeq(root)) addSeq(root);
  else if (isMap(root)) {
    for (const pair of root.items) {
      const name = isScalar(pair.key) ? String(pair.key.value ?? '').trim() : '';
      if (isSeq(pair.value)) addSeq(pair.value, name);
      else issues.push({ line: nodeLine(pair.key), reason: `seksjonen «${name}» må være en liste med tiltak` });
    }
  } else {
    return {
      ok: false,
      issues: [{ line: nodeLine(root), reason: 'YAML-filen må være en liste med tiltak, eller seksjoner som hver er en liste med tiltak' }],
    };
  }

  const keyText = (k: unknown) => (isScalar(k) ? String(k.value ?? '') : String(k));
  const keys = items.flatMap((it) => (isMap(it.node) ? it.node.items.map((p) => keyText(p.key)) : []));
  const detected = detectLayout(keys);
  if (!detected) {
    if (items.length > 0) {
      issues.push({ line: items[0].line, reason: `ukjente nøkler: fant ${quoteList([...new Set(keys)])}; forventet ${expectedLayouts()}` });
    } else if (issues.length === 0) {
      issues.push({ line: nodeLine(root), reason: 'filen har ingen tiltak' });
    }
    return finish('no', [], issues);
  }
  const { layout } = detected;

  const raws: RawRow[] = [];
  for (const it of items) {
    if (!isMap(it.node)) {
      issues.push({ line: it.line, reason: 'listepunktet må være et tiltak med nøkler og verdier' });
      continue;
    }
    const values: Partial<Record<Field, string>> = {};
    const present = new Set<Field>();
    for (const pair of it.node.items) {
      const key = keyText(pair.key);
      const c = matchColumn(layout, key);
      if (!c) {
        issues.push({ line: nodeLine(pair.key), column: key, reason: `ukjent nøkkel «${key}» (${LAYOUT_NAMES[layout]} oppsett)` });
        continue;
      }
      present.add(c.field);
      const value = pair.value;
      let textValue: string | undefined;
      if (value === null || value === undefined) textValue = '';
      else if (isScalar(value)) textValue = value.value === null ? '' : String(value.value);
      else if (isSeq(value) && value.items.every((x) => isScalar(x))) {
        textValue = value.items.map((x) => String((x as { value: unknown }).value ?? '')).join('\n');
      }
      if (textValue === undefined) {
        issues.push({ line: nodeLine(value), column: c.name, reason: `verdien av «${c.name}» må være tekst` });
        continue;
      }
      if (textValue.trim()) values[c.field] = textValue.trim();
    }
    const absent = COLUMNS[layout].filter((c) => c.inYamlRow && !present.has(c.field));
    raws.push({ line: it.line, section: it.section, values, absent });
  }
  const rows = buildRows(layout, raws, issues);
  if (rows.length === 0 && issues.length === 0) issues.push({ line: nodeLine(root), reason: 'filen har ingen tiltak' });
  return finish(layout, rows, issues);
}

// ---------------------------------------------------------------------------------------------

export function readPlanFile(text: string, fileName: string): PlanFileResult {
  const body = text.replace(/^\uFEFF/, '');
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  switch (ext) {
    case 'csv':
      return readDelimited(body, [';', ',', '\t']);
    case 'tsv':
    case 'txt':
      return readDelimited(body, ['\t']);
    case 'yaml':
    case 'yml':
      return readYaml(body);
    default:
      return {
        ok: false,
        issues: [{ line: 1, reason: `ukjent filtype${ext ? ` «.${ext}»` : ''} for «${fileName}»: bruk .csv, .tsv, .txt, .yaml eller .yml` }],
      };
  }
}
