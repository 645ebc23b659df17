import { resolveOwner, type Directory, type ResolvedOwner } from './directory';
import { parsePeriod, type Period } from './period';
import { readPlanFile, type PlanFileIssue, type PlanLayout, type PlanRow } from './planFile';

/**
 * An action plan as the plan workflow takes it: every measure with a period a workflow can
 * schedule and an owner with an address and a leader. Built from a plan file and a directory;
 * nothing is imported until every row is clean.
 */
export interface ImportedMeasure {
  /** 'da': Nr ("5.1"); 'no': section and row number ("1.3"). */
  id: string;
  line: number;
  section?: string;
  goal: string;
  measure: string;
  description?: string;
  cost?: string;
  result?: string;
  period: Period;
  /** The tovholder: the first owner named. */
  owner: ResolvedOwner;
  /** Everyone else named, as written. */
  coOwners: string[];
  status?: PlanRow['status'];
  statusText?: string;
}

export interface ImportedPlan {
  layout: PlanLayout;
  years: { from: number; to: number };
  measures: ImportedMeasure[];
}

export type ImportResult = { ok: true; plan: ImportedPlan } | { ok: false; issues: PlanFileIssue[] };

const columns: Record<PlanLayout, { period: string; owners: string }> = {
  no: { period: 'Tidsperiode', owners: 'Ansvar' },
  da: { period: 'Tidsplan', owners: 'Hvem' },
};

export function importPlan(text: string, fileName: string, directory: Directory, years: { from: number; to: number }): ImportResult {
  const file = readPlanFile(text, fileName);
  if (!file.ok) return file;
  const issues: PlanFileIssue[] = [];
  const measures: ImportedMeasure[] = [];
  const perSection = new Map<string, number>();
  const sections: string[] = [];
  for (const row of file.rows) {
    const col = columns[row.layout];
    const period = parsePeriod(row.period, { planFrom: years.from, planTo: years.to, language: row.layout === 'da' ? 'da' : 'nb' });
    if (!period.ok) issues.push({ line: row.line, column: col.period, reason: period.reason });
    const owner = resolveOwner(directory, row.owners[0]);
    if (!owner) {
      issues.push({
        line: row.line,
        column: col.owners,
        reason: `«${row.owners[0]}» finnes ikke i katalogen; legg til eieren (eller et alias) under owners`,
      });
    }
    if (!period.ok || !owner) continue;
    const section = row.section ?? '';
    if (!sections.includes(section)) sections.push(section);
    const n = (perSection.get(section) ?? 0) + 1;
    perSection.set(section, n);
    measures.push({
      id: row.number ?? `${sections.indexOf(section) + 1}.${n}`,
      line: row.line,
      section: row.section,
      goal: row.goal,
      measure: row.measure,
      description: row.description,
      cost: row.cost,
      result: row.result,
      period: period.period,
      owner,
      coOwners: row.owners.slice(1),
      status: row.status,
      statusText: row.statusText,
    });
  }
  const ids = new Map<string, number>();
  for (const m of measures) {
    const first = ids.get(m.id);
    if (first !== undefined) issues.push({ line: m.line, column: 'Nr', reason: `nummer ${m.id} er brukt før, på linje ${first}` });
    else ids.set(m.id, m.line);
  }
  if (issues.length) return { ok: false, issues: issues.sort((a, b) => a.line - b.line) };
  return { ok: true, plan: { layout: file.layout, years, measures } };
}
