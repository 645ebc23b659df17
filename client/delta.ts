import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { DateTime } from 'luxon';
import type { Config } from '../domain/config';
import { deltaFileSchema, deltaInputSchema, deltaWorkflowId } from '../domain/delta/input';
import { statusQuery, type DeltaStatus, type SentRecord } from '../domain/delta/messages';
import { parseOrThrow } from '../domain/errors';
import { deltaCollaboration } from '../workflows';
import { loadProgramme, readValidated } from './files';

/** Validates a collaboration file and the programme, then starts the workflow; nothing starts on bad input. */
export async function startDelta(client: Client, config: Config, file: string): Promise<string> {
  const fileInput = readValidated(deltaFileSchema, file);
  const input = parseOrThrow(deltaInputSchema, { ...fileInput, programme: loadProgramme('delta') }, file);
  const workflowId = deltaWorkflowId(input);
  await client.workflow.start(deltaCollaboration, {
    taskQueue: config.temporal.taskQueue,
    workflowId,
    args: [input],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
  });
  return workflowId;
}

export async function deltaStatus(client: Client, workflowId: string): Promise<DeltaStatus> {
  return client.workflow.getHandle(workflowId).query(statusQuery);
}

export interface ListedCollaboration {
  workflowId: string;
  status: string;
  startTime: string;
}

export async function listDelta(client: Client): Promise<ListedCollaboration[]> {
  const out: ListedCollaboration[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'deltaCollaboration'` })) {
    out.push({ workflowId: wf.workflowId, status: wf.status.name, startTime: wf.startTime.toISOString() });
  }
  return out.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
}

const kindNames: Record<string, string> = {
  invitation: 'invitasjon',
  meetingReminder: 'påminnelse om møtet',
  held: 'møtet holdes',
  referatRequest: 'be om referat',
  referatReminder: 'påminnelse om referat',
  referatEscalation: 'referat eskaleres til leder',
  meetingChanged: 'endret tidspunkt',
  meetingCancelled: 'avlysning',
};
const stateNames: Record<string, string> = {
  unscheduled: 'ikke satt opp',
  scheduled: 'satt opp',
  invited: 'invitert',
  cancelled: 'avlyst',
  held: 'holdt, venter på referat',
  referatRegistered: 'referat registrert',
};
const roleNames: Record<string, string> = { contact: 'kontaktperson', leader: 'leder', adviser: 'KoRus-rådgiver' };

const local = (iso: string) => DateTime.fromISO(iso).setZone('Europe/Oslo').setLocale('nb').toFormat('ccc d. LLL yyyy HH.mm');

const line = (r: SentRecord) => `  ${local(r.at)}  ${kindNames[r.kind]} (${r.meeting}) → ${r.to.map((t) => roleNames[t]).join(', ')}`;

/** The status as a person reads it, in bokmål. */
export function formatStatus(s: DeltaStatus): string {
  const lines = [
    `DelTa · ${s.municipality.name} (${s.municipality.number}) · ${s.centre}`,
    ...(s.pausedAt ? [`PÅ PAUSE siden ${local(s.pausedAt)}: ingen e-post går ut.`] : []),
    `Id: ${s.workflowId}   Fase: ${s.phase}   Avtale: ${s.agreementDate}   Slutt senest: ${s.endsOn}`,
    s.nextDeadline
      ? `Neste: ${kindNames[s.nextDeadline.what]} (${s.nextDeadline.meeting}) ${local(s.nextDeadline.at)}`
      : 'Neste: ingenting planlagt',
    '',
    'Møter:',
    ...s.meetings.map((m) => {
      const when = m.start ? local(m.start) : '—';
      const due = m.referatDue ? `, referatfrist ${m.referatDue}` : '';
      return `  ${m.title}: ${stateNames[m.state]} · ${when}${due}`;
    }),
    '',
    `Sendt (${s.sent.length}):`,
    ...s.sent.map(line),
    ...(s.failed.length ? ['', `Kunne ikke leveres (${s.failed.length}):`, ...s.failed.map(line)] : []),
  ];
  return lines.join('\n');
}
