import { readFileSync } from 'node:fs';
import { describePeriod } from '../domain/plan/describe';
import { directorySchema } from '../domain/plan/directory';
import { importPlan, type ImportedPlan } from '../domain/plan/import';
import { ErrorType, PlansyklusError } from '../domain/errors';
import { z } from '../domain/z';
import { readValidated } from './files';

export const yearsSchema = z
  .string()
  .regex(/^\d{4}-\d{4}$/, 'må være planperioden som åååå-åååå, f.eks. 2011-2015')
  .transform((s) => ({ from: Number(s.slice(0, 4)), to: Number(s.slice(5)) }))
  .refine((y) => y.from <= y.to && y.to - y.from <= 12, 'planperioden må gå fra et år til et senere år, høyst 12 år');

/** Reads and checks a plan against a directory; every bad row is reported at once, nothing is imported. */
export function readPlan(file: string, directoryFile: string, years: { from: number; to: number }): ImportedPlan {
  const directory = readValidated(directorySchema, directoryFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new PlansyklusError(ErrorType.invalidInput, `Kan ikke lese ${file}: filen finnes ikke eller kan ikke åpnes.`);
  }
  const result = importPlan(text, file, directory, years);
  if (!result.ok) {
    const lines = result.issues.map((i) => `  linje ${i.line}${i.column ? `, ${i.column}` : ''}: ${i.reason}`);
    throw new PlansyklusError(ErrorType.invalidInput, `${file} har ${result.issues.length} feil; ingenting er importert:\n${lines.join('\n')}`);
  }
  return result.plan;
}

/** The parsed plan as a person reads it: one line per measure, owners by role and name (no addresses). */
export function formatPlan(plan: ImportedPlan): string {
  const out: string[] = [`${plan.measures.length} tiltak, planperiode ${plan.years.from}–${plan.years.to}:`];
  let section: string | undefined;
  for (const m of plan.measures) {
    if (m.section !== section) {
      section = m.section;
      if (section) out.push('', section);
    }
    const text = m.measure.replace(/\s+/g, ' ');
    out.push(`  ${m.id.padEnd(5)} ${text.length > 70 ? `${text.slice(0, 69)}…` : text}`);
    out.push(`        ${describePeriod(m.period)} · ansvarlig: ${m.owner.owner} (${m.owner.person.name}), leder ${m.owner.leader.name}`);
  }
  return out.join('\n');
}
