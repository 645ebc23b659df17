import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Config } from '../domain/config';
import { ErrorType, parseOrThrow, PlansyklusError } from '../domain/errors';
import { cycleSpecSchema } from '../domain/plan/cycle';
import { describePeriod } from '../domain/plan/describe';
import { directorySchema, resolveOwner, type ResolvedOwner } from '../domain/plan/directory';
import { parsePeriod, type Period } from '../domain/plan/period';
import { revisionSpecSchema } from '../domain/plan/revision';
import { importPlan, type ImportedPlan } from '../domain/plan/import';
import { planDirectorySchema, planInputSchema, planWorkflowId, type PlanDirectory, type PlanInput, type PlanMeasure } from '../domain/plan/input';
import { mailCounts } from '../domain/plan/mailRecords';
import { endPlanUpdate, type PlanStatus } from '../domain/plan/messages';
import { municipalityKey } from '../domain/searchAttributes';
import { z } from '../domain/z';
import { templatesDir } from '../infra/paths';
import { planCycle } from '../workflows';
import { onlyOnce } from './connection';
import { readValidated } from './files';
import { updateLatestRun } from './steer';

export const yearsSchema = z
  .string()
  .regex(/^\d{4}-\d{4}$/, 'må være planperioden som åååå-åååå, f.eks. 2011-2015')
  .transform((s) => ({ from: Number(s.slice(0, 4)), to: Number(s.slice(5)) }))
  .refine((y) => y.from <= y.to && y.to - y.from <= 12, 'planperioden må gå fra et år til et senere år, høyst 12 år');

/** Reads and checks a plan against a directory; every bad row is reported at once, nothing is imported. */
export function readPlan(file: string, directoryFile: string, years: { from: number; to: number }): { plan: ImportedPlan; directory: PlanDirectory } {
  const directory = readValidated(planDirectorySchema(), directoryFile);
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
  return { plan: result.plan, directory };
}

/** The plan-cycle workflow's input; the first round is this year's when its day has not passed. */
export function planInput(plan: ImportedPlan, directory: PlanDirectory, today: string, dir: string = templatesDir): PlanInput {
  const cycle = readValidated(cycleSpecSchema(), `${dir}/plan/cycle.yaml`);
  const revision = readValidated(revisionSpecSchema(), `${dir}/plan/revision.yaml`);
  const year = Number(today.slice(0, 4));
  const firstRound = today < `${year}-${cycle.round.opensOn}` ? year : year + 1;
  return parseOrThrow(
    planInputSchema(),
    {
      municipality: directory.municipality,
      plan: { name: directory.plan, years: plan.years },
      coordinator: directory.coordinator,
      measures: plan.measures.map(({ line: _line, description: _d, cost: _c, result: _r, status: _s, statusText: _t, ...m }) => m),
      cycle,
      revision,
      firstRound,
    },
    'Planen',
  );
}

/**
 * Starts the plan's yearly cycle (once per municipality and first plan year). A plan of the same
 * municipality still running is the one this replaces: it ends, naming its successor.
 */
export async function startPlan(client: Client, config: Config, input: PlanInput): Promise<{ id: string; replaced: string[] }> {
  const workflowId = planWorkflowId(input);
  await client.workflow.start(planCycle, { ...onlyOnce(config, workflowId), args: [input] });
  const query = `WorkflowType = 'planCycle' AND ExecutionStatus = 'Running' AND ${municipalityKey.name} = '${input.municipality.number}'`;
  const replaced: string[] = [];
  for await (const wf of client.workflow.list({ query })) {
    if (wf.workflowId === workflowId) continue;
    await updateLatestRun(client.workflow.getHandle(wf.workflowId), (h) => h.executeUpdate(endPlanUpdate, { args: [{ successor: workflowId }] }));
    replaced.push(wf.workflowId);
  }
  return { id: workflowId, replaced };
}

export const todayInOslo = (): string => DateTime.now().setZone('Europe/Oslo').toISODate()!;

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

const words: Record<string, string> = {
  grønn: 'green', grøn: 'green', green: 'green',
  gul: 'yellow', yellow: 'yellow',
  rød: 'red', raud: 'red', red: 'red',
  ferdig: 'done', færdig: 'done', done: 'done',
};

/** A traffic-light word as people type it (bokmål, nynorsk, Danish or English); the schema rejects others. */
export const trafficFromWord = (word: string): string => words[word.toLocaleLowerCase('nb')] ?? word;

const trafficNames: Record<string, string> = { green: 'grønn', yellow: 'gul', red: 'rød', done: 'ferdig' };

/** The plan's status as a person reads it, in bokmål; owners as the plan writes them. */
export function formatPlanStatus(s: PlanStatus): string {
  const answered = s.measures.filter((m) => m.status).length;
  const mails = mailCounts(s);
  return [
    `${s.plan} · ${s.municipality.name} (${s.municipality.number})`,
    `Id: ${s.workflowId}   Runde ${s.round.year}: forespørsel ${s.round.requestAt.slice(0, 10)}, frist ${s.round.due}${s.round.closedAt ? ', avsluttet' : ''}`,
    `Svar: ${answered} av ${s.measures.length} tiltak`,
    '',
    ...s.measures.map((m) => `  ${m.id.padEnd(6)} ${(m.status ? trafficNames[m.status] : m.late ? 'MANGLER' : '—').padEnd(8)} ${m.owner}`),
    '',
    `Sendt (${mails.sent}), ikke levert (${mails.failed}).`,
  ].join('\n');
}

/** A period as people write it, read against the plan's years; an unreadable one is exit 2. */
export function periodOrThrow(text: string, years: { from: number; to: number }): Period {
  const result = parsePeriod(text, { planFrom: years.from, planTo: years.to });
  if (!result.ok) throw new PlansyklusError(ErrorType.invalidInput, `period: ${result.reason}`);
  return result.period;
}

/** An owner the directory knows, with person and leader; an unknown one is exit 2. */
export function ownerOrThrow(label: string, directoryFile: string): ResolvedOwner {
  const owner = resolveOwner(readValidated(directorySchema(), directoryFile), label);
  if (!owner) throw new PlansyklusError(ErrorType.invalidInput, `owner: «${label}» finnes ikke i ${directoryFile}; legg til eieren (eller et alias) under owners`);
  return owner;
}

const newMeasureFileSchema = z.object({
  id: z.string().trim().min(1),
  goal: z.string().trim().default(''),
  measure: z.string().trim().min(1, 'tiltaksteksten mangler'),
  period: z.string().trim().min(1, 'tidsperioden mangler'),
  owner: z.string().trim().min(1, 'eieren mangler'),
});

/** A new measure from a YAML file, its period read and its owner resolved. */
export function newMeasure(file: string, directoryFile: string, years: { from: number; to: number }): PlanMeasure {
  const m = readValidated(newMeasureFileSchema, file);
  return { id: m.id, goal: m.goal, measure: m.measure, period: periodOrThrow(m.period, years), owner: ownerOrThrow(m.owner, directoryFile), coOwners: [] };
}
