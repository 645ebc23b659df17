import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Config } from '../domain/config';
import { deltaFileSchema, deltaInputSchema, deltaWorkflowId } from '../domain/delta/input';
import { statusQuery, type DeltaStatus, type SentRecord } from '../domain/delta/messages';
import { deltaStatusSchema } from '../domain/delta/status';
import { municipalityKey, phaseKey } from '../domain/searchAttributes';
import type { StepKind } from '../domain/step';
import { z } from '../domain/z';
import { parseOrThrow } from '../domain/errors';
import { deltaCollaboration } from '../workflows';
import { onlyOnce } from './connection';
import { loadProgramme, readValidated } from './files';

/** Validates a collaboration file and the programme, then starts the workflow; nothing starts on bad input. */
export async function startDelta(client: Client, config: Config, file: string): Promise<string> {
  const fileInput = readValidated(deltaFileSchema(), file);
  const input = parseOrThrow(deltaInputSchema(), { ...fileInput, programme: loadProgramme('delta', config.templatesDir) }, file);
  const workflowId = deltaWorkflowId(input);
  await client.workflow.start(deltaCollaboration, { ...onlyOnce(config, workflowId), args: [input] });
  return workflowId;
}

export async function deltaStatus(client: Client, workflowId: string): Promise<DeltaStatus> {
  return client.workflow.getHandle(workflowId).query(statusQuery);
}

export interface ListedCollaboration {
  workflowId: string;
  status: string;
  startTime: string;
  municipality?: string;
  phase?: string;
}

/** Lists collaborations through Temporal's visibility, optionally by phase or municipality number. */
export async function listDelta(client: Client, filter: { phase?: string; municipality?: string } = {}): Promise<ListedCollaboration[]> {
  const clauses = [`WorkflowType = 'deltaCollaboration'`];
  if (filter.phase) clauses.push(`${phaseKey.name} = '${filter.phase}'`);
  if (filter.municipality) clauses.push(`${municipalityKey.name} = '${filter.municipality}'`);
  const out: ListedCollaboration[] = [];
  for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
    out.push({
      workflowId: wf.workflowId,
      status: wf.status.name,
      startTime: wf.startTime.toISOString(),
      municipality: wf.typedSearchAttributes.get(municipalityKey),
      phase: wf.typedSearchAttributes.get(phaseKey),
    });
  }
  return out.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
}

/** The status document's JSON Schema (docs/delta-status.schema.json is this, written out). */
export function statusJsonSchema(): object {
  return z.toJSONSchema(deltaStatusSchema(), { target: 'draft-2020-12' });
}

export const kindNames: Record<StepKind, string> = {
  invitation: 'invitasjon',
  meetingChanged: 'endret tidspunkt',
  meetingCancelled: 'avlysning',
  meetingReminder: 'påminnelse om møtet',
  held: 'møtet holdes',
  referatRequest: 'be om referat',
  referatReminder: 'påminnelse om referat',
  referatEscalation: 'referat eskaleres til leder',
  deliverableRequest: 'be om leveranse',
  deliverableReminder: 'påminnelse om leveranse',
  deliverableEscalation: 'leveranse eskaleres til leder',
  leaderSummary: 'oppsummering til leder',
  closingSummary: 'sluttoppsummering',
};
export const phaseNames: Record<string, string> = {
  planningStartSeminar: 'planlegger oppstartseminaret',
  startSeminar: 'oppstartseminar',
  choosingFocusAreas: 'velger innsatsområder',
  focusAreaWork: 'arbeider med innsatsområdene',
  ended: 'avsluttet',
};
const stateNames: Record<string, string> = {
  unscheduled: 'ikke satt opp',
  scheduled: 'satt opp',
  invited: 'invitert',
  cancelled: 'avlyst',
  held: 'holdt, venter på referat',
  referatRegistered: 'holdt, referat registrert',
  waiting: 'ikke åpnet ennå',
  open: 'venter',
  late: 'FORSINKET',
  submitted: 'levert',
};
export const roleNames: Record<string, string> = { contact: 'kontaktperson', leader: 'leder', adviser: 'KoRus-rådgiver' };

const local = (iso: string) => DateTime.fromISO(iso).setZone('Europe/Oslo').setLocale('nb').toFormat('ccc d. LLL yyyy HH.mm');

const line = (r: SentRecord) => `  ${local(r.at)}  ${kindNames[r.kind]} (${r.subject}) → ${r.to.map((t) => roleNames[t]).join(', ')}`;

/** The status as a person reads it, in bokmål. */
export function formatStatus(s: DeltaStatus): string {
  const held = (m: DeltaStatus['meetings'][number]) => m.state === 'held' || m.state === 'referatRegistered';
  const lines = [
    `DelTa · ${s.municipality.name} (${s.municipality.number}) · ${s.centre}`,
    ...(s.pausedAt ? [`PÅ PAUSE siden ${local(s.pausedAt)}: ingen e-post går ut.`] : []),
    `Id: ${s.workflowId}   Fase: ${phaseNames[s.phase] ?? s.phase}   Avtale: ${s.agreementDate}   Slutt senest: ${s.endsOn}`,
    s.nextStep ? `Neste: ${kindNames[s.nextStep.what]} (${s.nextStep.subject}) ${local(s.nextStep.at)}` : 'Neste: ingenting planlagt',
    ...(s.focusAreas.length
      ? ['', 'Innsatsområder:', ...s.focusAreas.map((a) => `  ${a.n}. ${a.title} – ${a.measures.length} tiltak registrert`)]
      : []),
    '',
    'Møter:',
    ...s.meetings.map((m) => {
      const when = m.start ? local(m.start) : '—';
      const due = m.referatDue && held(m) ? `, referatfrist ${m.referatDue}` : '';
      return `  ${m.key.padEnd(28)} ${m.title}: ${stateNames[m.state]} · ${when}${due}`;
    }),
    '',
    'Leveranser:',
    ...s.deliverables.map((d) => `  ${d.key.padEnd(28)} ${d.title}: ${stateNames[d.state]}${d.due ? `, frist ${d.due}` : ''}`),
    ...(s.openDeadlines.some((d) => d.late)
      ? ['', 'Forsinket:', ...s.openDeadlines.filter((d) => d.late).map((d) => `  ${d.what === 'referat' ? 'Referat fra ' : ''}${d.title} (frist ${d.due})`)]
      : []),
    '',
    `Sendt (${s.sent.length}):`,
    ...s.sent.map(line),
    ...(s.failed.length ? ['', `Kunne ikke leveres (${s.failed.length}):`, ...s.failed.map(line)] : []),
  ];
  return lines.join('\n');
}
