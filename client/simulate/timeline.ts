import { DateTime } from 'luxon';
import type { DeltaStatus } from '../../domain/delta/status';
import type { StepKind } from '../../domain/step';
import { kindNames, roleNames } from '../delta';
import type { ScenarioAction } from './scenario';
import type { TimelineEvent, TimelineKind } from './svg';

/** A scenario action as it went: when, and whether the collaboration accepted it. */
export interface PerformedAction {
  at: string;
  action: ScenarioAction;
  outcome: string;
}

const areaOf = (subject: string) => /^(?:in\.|held\.)?area(\d+)\./.exec(subject)?.[1];
const laneOf = (subject: string): string => (areaOf(subject) ? `Innsatsområde ${areaOf(subject)}` : 'Felles');
/** In an area's own lane the area's name is left out of the label. */
const inLane = (subject: string, title: string) => (areaOf(subject) ? title.replace(/ – [^–]+$/, '') : title);

const mailKind: Record<StepKind, TimelineKind> = {
  invitation: 'invitation',
  meetingChanged: 'invitation',
  meetingCancelled: 'cancelled',
  meetingReminder: 'reminder',
  held: 'meeting',
  referatRequest: 'request',
  referatReminder: 'reminder',
  referatEscalation: 'escalation',
  deliverableRequest: 'request',
  deliverableReminder: 'reminder',
  deliverableEscalation: 'escalation',
  leaderSummary: 'summary',
  closingSummary: 'summary',
};

/** What people did, in a few words of bokmål. */
function describeAction(a: ScenarioAction): string {
  switch (a.do) {
    case 'schedule':
      return `setter opp ${a.meeting}`;
    case 'cancel':
      return `avlyser ${a.meeting}`;
    case 'held':
      return `bekrefter at ${a.meeting} er holdt`;
    case 'referat':
      return `referat fra ${a.meeting} kommer inn`;
    case 'chooseFocusAreas':
      return `kommunen velger innsatsområde ${a.areas.join(' og ')}`;
    case 'actionPlan':
      return `handlingsplan for område ${a.area} kommer inn`;
    case 'measures':
      return `${a.measures.length} tiltak registrert for område ${a.area}`;
    case 'evaluation':
      return `signert evaluering for område ${a.area} kommer inn`;
    case 'pause':
      return a.days ? `samarbeidet settes på pause i ${a.days} dager` : 'samarbeidet settes på pause';
    case 'resume':
      return 'samarbeidet tas opp igjen';
    case 'contacts':
      return 'nye kontaktpersoner';
  }
}

/** Everything that happened, for the SVG: milestones, meetings, mails and pauses. */
export function timelineEvents(status: DeltaStatus, actions: PerformedAction[]): TimelineEvent[] {
  const title = (key: string) => status.meetings.find((m) => m.key === key)?.title ?? status.deliverables.find((d) => d.key === key)?.title ?? key;
  const events: TimelineEvent[] = [];
  for (const m of status.meetings) {
    if (!m.start) continue;
    const cancelled = m.state === 'cancelled';
    events.push({ at: m.start, end: m.end, lane: laneOf(m.key), kind: cancelled ? 'cancelled' : 'meeting', label: inLane(m.key, m.title) });
  }
  for (const s of status.sent) {
    const subject = s.subject.replace(/^(in|held)\./, '');
    const who = s.to.map((r) => roleNames[r]).join(', ');
    events.push({ at: s.at, lane: laneOf(s.subject), kind: mailKind[s.kind], label: `${kindNames[s.kind]}: ${title(subject)} → ${who}` });
  }
  for (const m of status.milestones) {
    const what = inLane(m.subject, title(m.subject));
    const label = m.kind === 'ended' ? 'Samarbeidet avsluttet' : m.kind === 'meetingHeld' ? `${what} holdt` : `${what} levert`;
    events.push({ at: m.reachedAt, lane: laneOf(m.id), kind: 'milestone', label });
  }
  let pausedAt: string | undefined;
  for (const p of actions) {
    if (p.outcome !== 'utført') continue;
    if (p.action.do === 'pause') pausedAt = p.at;
    if (p.action.do === 'resume' && pausedAt) {
      events.push({ at: pausedAt, end: p.at, lane: 'Felles', kind: 'pause', label: 'Pause' });
      pausedAt = undefined;
    }
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** The timeline as text: one line per mail, milestone and action, in time order. */
export function formatTimeline(status: DeltaStatus, actions: PerformedAction[], zone: string): string {
  const when = (iso: string) => DateTime.fromISO(iso).setZone(zone).setLocale('nb').toFormat('ccc dd.LL.yyyy HH.mm');
  const rows: { at: string; text: string }[] = [
    ...status.sent.map((s) => ({ at: s.at, text: `✉  ${kindNames[s.kind]} (${s.subject}) → ${s.to.map((r) => roleNames[r]).join(', ')}` })),
    ...status.failed.map((s) => ({ at: s.at, text: `✖  IKKE LEVERT: ${kindNames[s.kind]} (${s.subject}) → ${s.to.map((r) => roleNames[r]).join(', ')}` })),
    ...status.milestones.map((m) => ({ at: m.reachedAt, text: `◆  milepæl: ${m.kind === 'ended' ? 'samarbeidet avsluttet' : m.id}` })),
    ...actions.map((p) => ({ at: p.at, text: `▶  ${describeAction(p.action)} – ${p.outcome}` })),
  ];
  rows.sort((a, b) => a.at.localeCompare(b.at));
  return rows.map((r) => `${when(r.at)}  ${r.text}`).join('\n');
}
