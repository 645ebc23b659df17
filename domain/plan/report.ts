import { DateTime } from 'luxon';

/**
 * The yearly status report of an action plan: every measure's traffic light from its owner, counted,
 * grouped by goal (delmål / mål) and rendered as JSON, Markdown (the CLI) or an HTML fragment for an
 * e-mail body. Pure and deterministic: no I/O, no clock; the caller decides `late` and `closed`.
 */
export type Traffic = 'green' | 'yellow' | 'red' | 'done';
export type ReportLanguage = 'nb' | 'nn' | 'da' | 'en';

export interface ReportMeasure {
  /** "1.3" or "5.1". */
  id: string;
  /** Delmål (Norwegian) / mål (Danish); measures are grouped by it, in order of first appearance. */
  goal: string;
  /** The measure text (may be long, may contain newlines). */
  measure: string;
  /** The owner as the plan writes it (a service, role or person), never an e-mail. */
  owner: string;
  /** Undefined: no answer yet. */
  status?: Traffic;
  comment?: string;
  /** UTC ISO instant. */
  answeredAt?: string;
  /** The answer came after the round's deadline, or has not come and the deadline is past. */
  late: boolean;
}

export interface ReportInput {
  municipality: string;
  /** E.g. "Rusmiddelpolitisk handlingsplan 2011–2015". */
  plan: string;
  /** The round's year. */
  year: number;
  /** The round's due date, yyyy-mm-dd. */
  deadline: string;
  /** The round has closed (final report) or not (interim, "so far"). */
  closed: boolean;
  language: ReportLanguage;
  measures: ReportMeasure[];
}

export interface ReportSummary {
  total: number;
  green: number;
  yellow: number;
  red: number;
  done: number;
  unanswered: number;
  /** Owners with late or missing answers, unique, sorted in the plan's language. */
  late: string[];
}

export type ReportCounts = Omit<ReportSummary, 'late'>;

export interface ReportGoal {
  goal: string;
  counts: ReportCounts;
  measures: ReportMeasure[];
}

export type ReportJson = { summary: ReportSummary; goals: ReportGoal[] } & Pick<
  ReportInput,
  'municipality' | 'plan' | 'year' | 'deadline' | 'closed'
>;

type Category = Traffic | 'unanswered';
const categories: readonly Category[] = ['green', 'yellow', 'red', 'done', 'unanswered'];

export const reportColours: Readonly<Record<Category, string>> = {
  green: '#2b8a3e',
  yellow: '#f0b400',
  red: '#c92a2a',
  done: '#1c7ed6',
  unanswered: '#adb5bd',
};

interface Words {
  category: Record<Category, string>;
  report: string;
  interim: string;
  interimNote: string;
  deadline: string;
  status: string;
  total: string;
  goal: string;
  columns: [nr: string, measure: string, owner: string, status: string, comment: string];
  lateHeading: string;
  missing: string;
  answeredLate: string;
  allInTime: string;
  noneLateYet: (waiting: number) => string;
  empty: string;
}

const words: Record<ReportLanguage, Words> = {
  nb: {
    category: { green: 'Grønn', yellow: 'Gul', red: 'Rød', done: 'Ferdig', unanswered: 'Ikke svart' },
    report: 'Årsrapport',
    interim: 'foreløpig',
    interimNote: 'Runden er ikke avsluttet; rapporten viser svarene så langt.',
    deadline: 'Svarfrist',
    status: 'Status',
    total: 'Tiltak i alt',
    goal: 'Delmål',
    columns: ['Nr', 'Tiltak', 'Ansvarlig', 'Status', 'Kommentar'],
    lateHeading: 'Sene og manglende svar',
    missing: 'ikke svart',
    answeredLate: 'svart etter fristen',
    allInTime: 'Alle svarte innen fristen.',
    noneLateYet: (n) => `Ingen er forsinket så langt; ${n} tiltak mangler fortsatt svar.`,
    empty: 'Planen har ingen tiltak.',
  },
  nn: {
    category: { green: 'Grøn', yellow: 'Gul', red: 'Raud', done: 'Ferdig', unanswered: 'Ikkje svara' },
    report: 'Årsrapport',
    interim: 'førebels',
    interimNote: 'Runden er ikkje avslutta; rapporten viser svara så langt.',
    deadline: 'Svarfrist',
    status: 'Status',
    total: 'Tiltak i alt',
    goal: 'Delmål',
    columns: ['Nr', 'Tiltak', 'Ansvarleg', 'Status', 'Kommentar'],
    lateHeading: 'Seine og manglande svar',
    missing: 'ikkje svara',
    answeredLate: 'svara etter fristen',
    allInTime: 'Alle svara innan fristen.',
    noneLateYet: (n) => `Ingen er forseinka så langt; ${n} tiltak manglar framleis svar.`,
    empty: 'Planen har ingen tiltak.',
  },
  da: {
    category: { green: 'Grøn', yellow: 'Gul', red: 'Rød', done: 'Færdig', unanswered: 'Ikke besvaret' },
    report: 'Årsrapport',
    interim: 'foreløbig',
    interimNote: 'Runden er ikke afsluttet; rapporten viser svarene indtil nu.',
    deadline: 'Svarfrist',
    status: 'Status',
    total: 'Indsatser i alt',
    goal: 'Mål',
    columns: ['Nr', 'Indsats', 'Ansvarlig', 'Status', 'Kommentar'],
    lateHeading: 'Sene og manglende svar',
    missing: 'ikke besvaret',
    answeredLate: 'besvaret efter fristen',
    allInTime: 'Alle svarede inden fristen.',
    noneLateYet: (n) => `Ingen er forsinket indtil videre; ${n} ${n === 1 ? 'indsats' : 'indsatser'} mangler stadig svar.`,
    empty: 'Planen har ingen indsatser.',
  },
  en: {
    category: { green: 'Green', yellow: 'Yellow', red: 'Red', done: 'Done', unanswered: 'No answer' },
    report: 'Annual report',
    interim: 'interim',
    interimNote: 'The round is still open; the report shows the answers so far.',
    deadline: 'Answers due',
    status: 'Status',
    total: 'Measures in all',
    goal: 'Goal',
    columns: ['No.', 'Measure', 'Responsible', 'Status', 'Comment'],
    lateHeading: 'Late and missing answers',
    missing: 'no answer',
    answeredLate: 'answered after the deadline',
    allInTime: 'Everyone answered in time.',
    noneLateYet: (n) => `Nobody is late so far; ${n} ${n === 1 ? 'measure still has' : 'measures still have'} no answer.`,
    empty: 'The plan has no measures.',
  },
};

/** The words a report uses, e.g. for the CLI's help or a mail subject. */
export function reportWords(language: ReportLanguage): Readonly<Words> {
  return words[language];
}

const categoryOf = (m: ReportMeasure): Category => m.status ?? 'unanswered';

// Once the round has closed, a missing answer is missing whatever `late` says.
const isLate = (m: ReportMeasure, closed: boolean): boolean => m.late || (closed && m.status === undefined);

function count(measures: readonly ReportMeasure[]): ReportCounts {
  const counts: ReportCounts = { total: measures.length, green: 0, yellow: 0, red: 0, done: 0, unanswered: 0 };
  for (const m of measures) counts[categoryOf(m)]++;
  return counts;
}

const collator = (language: ReportLanguage) => new Intl.Collator(language, { sensitivity: 'variant' });

export function summarise(input: ReportInput): ReportSummary {
  const owners = new Set(input.measures.filter((m) => isLate(m, input.closed)).map((m) => m.owner.trim()));
  const cmp = collator(input.language);
  const late = [...owners].sort((a, b) => cmp.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  return { ...count(input.measures), late };
}

function groups(input: ReportInput): ReportGoal[] {
  const byGoal = new Map<string, ReportMeasure[]>();
  for (const m of input.measures) {
    const key = m.goal.trim();
    const list = byGoal.get(key);
    if (list) list.push(m);
    else byGoal.set(key, [m]);
  }
  return [...byGoal].map(([goal, measures]) => ({
    goal,
    counts: count(measures),
    measures: measures.map((m) => ({ ...m })),
  }));
}

export function reportJson(input: ReportInput): ReportJson {
  return {
    municipality: input.municipality,
    plan: input.plan,
    year: input.year,
    deadline: input.deadline,
    closed: input.closed,
    summary: summarise(input),
    goals: groups(input),
  };
}

function naturalDate(iso: string, language: ReportLanguage): string {
  const d = DateTime.fromISO(iso, { zone: 'utc' });
  if (!d.isValid) return iso;
  return d.setLocale(language).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

function title(input: ReportInput, w: Words): string {
  const interim = input.closed ? '' : ` (${w.interim})`;
  return `${w.report} ${input.year}${interim} – ${oneLine(input.plan)}, ${oneLine(input.municipality)}`;
}

const oneLine = (s: string) => s.trim().replace(/\s*\r?\n\s*/g, ' ');

/** Late owners with their measures, in `summary.late` order; measures in plan order. */
function lateByOwner(input: ReportInput, summary: ReportSummary): { owner: string; measures: ReportMeasure[] }[] {
  return summary.late.map((owner) => ({
    owner,
    measures: input.measures.filter((m) => m.owner.trim() === owner && isLate(m, input.closed)),
  }));
}

function lateSentence(summary: ReportSummary, w: Words): string {
  return summary.unanswered === 0 ? w.allInTime : w.noneLateYet(summary.unanswered);
}

const lateNote = (m: ReportMeasure, w: Words) => (m.status === undefined ? w.missing : w.answeredLate);

/** Whole cells of a bar `width` wide; a non-zero share shows at least one, a partial one never all. */
function cells(n: number, total: number, width: number): number {
  if (total === 0 || n === 0) return 0;
  if (n === total) return width;
  return Math.min(width - 1, Math.max(1, Math.round((n / total) * width)));
}

/** Integer percentages that sum to exactly 100 (largest remainder), for the categories with a count. */
export function barPercentages(counts: ReportCounts): { category: Category; percent: number }[] {
  const present = categories.filter((c) => counts[c] > 0);
  if (counts.total === 0) return [];
  const exact = present.map((c) => (counts[c] * 100) / counts.total);
  const percent = exact.map(Math.floor);
  let left = 100 - percent.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    percent[i]++;
    left--;
  }
  return present.map((category, i) => ({ category, percent: percent[i] }));
}

// ---------------------------------------------------------------- Markdown

const BAR_WIDTH = 20;

/** Backslash-escapes Markdown's inline syntax (CommonMark allows it before any ASCII punctuation). */
const mdText = (s: string) => s.replace(/[\\`*_[\]<>|]/g, '\\$&');
const mdCell = (s: string | undefined) => mdText((s ?? '').trim()).replace(/\r?\n/g, '<br>');
const mdLine = (s: string) => mdText(oneLine(s));

function mdCountsLine(counts: ReportCounts, w: Words): string {
  return categories
    .filter((c) => counts[c] > 0)
    .map((c) => `${w.category[c]} ${counts[c]}`)
    .join(' · ');
}

function mdBars(counts: ReportCounts, w: Words): string[] {
  const labelWidth = Math.max(...categories.map((c) => w.category[c].length));
  const digits = String(counts.total).length;
  return categories.map((c) => {
    const full = cells(counts[c], counts.total, BAR_WIDTH);
    const bar = '█'.repeat(full) + '░'.repeat(BAR_WIDTH - full);
    return `${w.category[c].padEnd(labelWidth)} ${bar} ${String(counts[c]).padStart(digits)}`;
  });
}

export function reportMarkdown(input: ReportInput): string {
  const w = words[input.language];
  const summary = summarise(input);
  const out: string[] = [`# ${mdText(title(input, w))}`, ''];
  out.push(`${w.deadline}: ${naturalDate(input.deadline, input.language)}`, '');
  if (!input.closed) out.push(w.interimNote, '');

  out.push(`## ${w.status}`, '');
  if (summary.total === 0) {
    out.push(w.empty, '');
    return out.join('\n');
  }
  out.push(`${w.total}: ${summary.total}`, '', '```text', ...mdBars(summary, w), '```', '');

  for (const g of groups(input)) {
    out.push(`## ${w.goal}: ${mdLine(g.goal)}`, '', mdCountsLine(g.counts, w), '');
    out.push(`| ${w.columns.join(' | ')} |`, `|${w.columns.map(() => '---|').join('')}`);
    for (const m of g.measures) {
      const row = [m.id, m.measure, m.owner, w.category[categoryOf(m)], m.comment].map(mdCell);
      out.push(`| ${row.join(' | ')} |`);
    }
    out.push('');
  }

  out.push(`## ${w.lateHeading}`, '');
  if (summary.late.length === 0) out.push(lateSentence(summary, w));
  else
    for (const { owner, measures } of lateByOwner(input, summary)) {
      const list = measures.map((m) => `${mdLine(m.id)} (${lateNote(m, w)})`).join(', ');
      out.push(`- **${mdLine(owner)}**: ${list}`);
    }
  out.push('');
  return out.join('\n');
}

// ---------------------------------------------------------------- HTML

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => htmlEscapes[c]);
const escBlock = (s: string | undefined) => esc((s ?? '').trim()).replace(/\r?\n/g, '<br>');

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const H1 = `margin:0 0 8px 0;${FONT}font-size:20px;line-height:1.3;color:#212529;`;
const H2 = `margin:24px 0 8px 0;${FONT}font-size:16px;line-height:1.3;color:#212529;`;
const P = `margin:0 0 8px 0;${FONT}font-size:14px;line-height:1.4;color:#212529;`;
const TH = `padding:6px 8px;border:1px solid #dee2e6;background:#f1f3f5;text-align:left;vertical-align:top;${FONT}font-size:13px;`;
const TD = `padding:6px 8px;border:1px solid #dee2e6;text-align:left;vertical-align:top;${FONT}font-size:13px;`;

function htmlBar(counts: ReportCounts, w: Words): string {
  const segments = barPercentages(counts)
    .map(({ category, percent }) => {
      const colour = reportColours[category];
      const label = esc(`${w.category[category]}: ${counts[category]}`);
      return (
        `<td width="${percent}%" bgcolor="${colour}" title="${label}" ` +
        `style="width:${percent}%;height:16px;background:${colour};font-size:1px;line-height:16px;">&nbsp;</td>`
      );
    })
    .join('');
  return (
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ' +
    `style="width:100%;border-collapse:collapse;margin:0 0 8px 0;"><tr>${segments}</tr></table>`
  );
}

function htmlLegend(counts: ReportCounts, w: Words): string {
  const rows = categories
    .map((c) => {
      const colour = reportColours[c];
      return (
        `<tr><td width="12" bgcolor="${colour}" style="width:12px;height:12px;background:${colour};font-size:1px;line-height:12px;">&nbsp;</td>` +
        `<td style="padding:2px 8px;${FONT}font-size:13px;">${esc(w.category[c])}</td>` +
        `<td style="padding:2px 0;text-align:right;${FONT}font-size:13px;">${counts[c]}</td></tr>`
      );
    })
    .join('');
  return (
    '<table role="presentation" cellpadding="0" cellspacing="4" border="0" ' +
    `style="border-collapse:separate;margin:0 0 8px 0;">${rows}</table>`
  );
}

function htmlGoal(g: ReportGoal, w: Words): string {
  const head = w.columns.map((c) => `<th scope="col" style="${TH}">${esc(c)}</th>`).join('');
  const rows = g.measures
    .map((m) => {
      const c = categoryOf(m);
      const status = `<td style="${TD}border-left:6px solid ${reportColours[c]};white-space:nowrap;">${esc(w.category[c])}</td>`;
      return (
        `<tr><td style="${TD}white-space:nowrap;">${escBlock(m.id)}</td><td style="${TD}">${escBlock(m.measure)}</td>` +
        `<td style="${TD}">${escBlock(m.owner)}</td>${status}<td style="${TD}">${escBlock(m.comment)}</td></tr>`
      );
    })
    .join('');
  return [
    `<h2 style="${H2}">${esc(`${w.goal}: ${oneLine(g.goal)}`)}</h2>`,
    `<p style="${P}">${esc(mdCountsLine(g.counts, w))}</p>`,
    '<table width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;margin:0 0 8px 0;">' +
      `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`,
  ].join('\n');
}

export function reportHtml(input: ReportInput): string {
  const w = words[input.language];
  const summary = summarise(input);
  const out: string[] = [
    `<div lang="${input.language}" style="${FONT}font-size:14px;line-height:1.4;color:#212529;">`,
    `<h1 style="${H1}">${esc(title(input, w))}</h1>`,
    `<p style="${P}">${esc(`${w.deadline}: ${naturalDate(input.deadline, input.language)}`)}</p>`,
  ];
  if (!input.closed) out.push(`<p style="${P}font-style:italic;">${esc(w.interimNote)}</p>`);
  out.push(`<h2 style="${H2}">${esc(w.status)}</h2>`);
  if (summary.total === 0) {
    out.push(`<p style="${P}">${esc(w.empty)}</p>`, '</div>');
    return out.join('\n');
  }
  out.push(`<p style="${P}">${esc(`${w.total}: ${summary.total}`)}</p>`, htmlBar(summary, w), htmlLegend(summary, w));

  for (const g of groups(input)) out.push(htmlGoal(g, w));

  out.push(`<h2 style="${H2}">${esc(w.lateHeading)}</h2>`);
  if (summary.late.length === 0) out.push(`<p style="${P}">${esc(lateSentence(summary, w))}</p>`);
  else {
    const items = lateByOwner(input, summary)
      .map(({ owner, measures }) => {
        const list = measures.map((m) => `${esc(oneLine(m.id))} (${esc(lateNote(m, w))})`).join(', ');
        return `<li style="margin:0 0 4px 0;"><strong>${esc(oneLine(owner))}</strong>: ${list}</li>`;
      })
      .join('');
    out.push(`<ul style="margin:0 0 8px 0;padding-left:20px;${FONT}font-size:14px;">${items}</ul>`);
  }
  out.push('</div>');
  return out.join('\n');
}
