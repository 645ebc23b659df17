import type { CalendarRules } from '../calendar';
import { pick, type Language } from '../language';
import type { MailRequest } from '../mail';
import type { Person } from '../people';
import type { PlanInput } from './input';
import { reportWords, type ReportInput, type ReportLanguage, type Traffic } from './report';
import { dueDateOf, isFinished, type FollowUpStep } from './followUp';
import type { RevisionStep } from './revisionSteps';
import { isLateAnswer, owners, unanswered, type MeasureState, type PlanState, type RoundStep } from './round';

/** The few words a measure's line in a mail needs, per language. */
const lineWords: Record<ReportLanguage, { lastYear: string; due: string }> = {
  nb: { lastYear: 'i fjor', due: 'frist' },
  nn: { lastYear: 'i fjor', due: 'frist' },
  da: { lastYear: 'sidste år', due: 'frist' },
  en: { lastYear: 'last year', due: 'due' },
};
const reportLanguage = (lang: Language): ReportLanguage => lang;
const wordsFor = (lang: Language) => ({
  ...lineWords[reportLanguage(lang)],
  traffic: (t: Traffic) => reportWords(reportLanguage(lang)).category[t].toLocaleLowerCase(lang),
});

/** One line per measure: its number, its text, and last year's status when there is one. */
function measureLine(m: MeasureState, year: number, lang: Language): string {
  const text = m.measure.replace(/\s+/g, ' ');
  const last = m.answers[year - 1];
  const w = wordsFor(lang);
  return `${m.id} ${text.length > 140 ? `${text.slice(0, 139)}…` : text}${last ? ` (${w.lastYear}: ${w.traffic(last.status)})` : ''}`;
}

/** The yearly report's data: every active measure with this year's answer. */
export function reportInput(state: PlanState, input: PlanInput, rules: CalendarRules, now: string): ReportInput {
  const { round } = state;
  const measures = [...owners(state, round.year).values()].flat().sort((a, b) => state.measures.indexOf(a) - state.measures.indexOf(b));
  return {
    municipality: input.municipality.name,
    plan: input.plan.name,
    year: round.year,
    deadline: round.due,
    closed: !!round.closedAt,
    language: reportLanguage(input.municipality.language),
    measures: measures.map((m) => ({
      id: m.id,
      goal: m.goal || m.section || '',
      measure: m.measure,
      owner: m.owner.owner,
      status: m.answers[round.year]?.status,
      comment: m.answers[round.year]?.comment,
      answeredAt: m.answers[round.year]?.at,
      late: isLateAnswer(m, round, rules.zone, now),
    })),
  };
}

/** The leaders who get the yearly report: every owner's leader, once, and the coordinator. */
export function reportRecipients(state: PlanState, input: PlanInput): { key: string; person: Person }[] {
  const leaders = new Map<string, Person>();
  for (const list of owners(state, state.round.year).values()) for (const m of list) leaders.set(m.owner.leader.email, m.owner.leader);
  leaders.delete(input.coordinator.email);
  const sorted = [...leaders.entries()].sort(([a], [b]) => a.localeCompare(b));
  return [{ key: 'coordinator', person: input.coordinator }, ...sorted.map(([, person], i) => ({ key: `leader-${i + 1}`, person }))];
}

/** The mail a follow-up step sends: one per owner, listing the measures with their due dates. */
export function followUpMail(step: FollowUpStep, state: PlanState, input: PlanInput, workflowId: string, rules: CalendarRules, now: string): MailRequest[] {
  const listed = state.measures.filter((m) => step.measures.includes(m.id) && !isFinished(m));
  if (!listed.length) return [];
  const { person, leader } = listed[0].owner;
  const to = step.kind === 'overdueEscalation' ? leader : person;
  const due = dueDateOf(listed[0])!;
  const dateOf = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  return [
    {
      kind: step.kind,
      programme: 'plan',
      lang: input.municipality.language,
      zone: rules.zone,
      key: { workflowId, subject: 'followUp', step: step.id.split(':').filter((_, i) => i !== 1).join('-'), recipient: step.owner },
      at: now,
      to,
      cc: step.kind === 'overdueEscalation' ? [input.coordinator] : undefined,
      replyTo: input.coordinator,
      values: {
        plan: input.plan.name,
        municipality: input.municipality.name,
        recipientName: to.name,
        coordinatorName: input.coordinator.name,
        adviserName: input.coordinator.name,
        centre: input.municipality.name,
        owner: step.owner,
      },
      days: { due },
      lists: [
        {
          heading: step.kind === 'measureDueSoon' ? 'dueSoon' : 'overdue',
          items: listed.map((m) => `${measureLine(m, Number(now.slice(0, 4)) + 1, input.municipality.language)} – ${wordsFor(input.municipality.language).due} ${dateOf(dueDateOf(m)!)}`),
        },
      ],
    },
  ];
}

/** The plan owner's reminder of a revision milestone, with what it is and the legal anchor. */
export function revisionMail(step: RevisionStep, input: PlanInput, workflowId: string, rules: CalendarRules, now: string): MailRequest[] {
  const lang = input.municipality.language;
  const m = step.milestone;
  const to = input.coordinator;
  return [
    {
      kind: 'revisionMilestone',
      programme: 'plan',
      lang,
      zone: rules.zone,
      key: { workflowId, subject: `revision-${step.milestone.key}`, step: step.day, recipient: 'coordinator' },
      at: now,
      to,
      values: {
        plan: input.plan.name,
        municipality: input.municipality.name,
        recipientName: to.name,
        coordinatorName: to.name,
        adviserName: to.name,
        centre: input.municipality.name,
        milestone: pick(m.title, lang),
        description: pick(m.description, lang),
        legal: pick(m.legal, lang),
      },
      days: { due: m.due },
    },
  ];
}

/** The mails one round step sends: plain values and data only, rendered by the activity. */
export function planMailsFor(step: RoundStep, state: PlanState, input: PlanInput, workflowId: string, rules: CalendarRules, now: string): MailRequest[] {
  const { round } = state;
  const lang: Language = input.municipality.language;
  const base = (recipient: string, to: Person): MailRequest => ({
    kind: step.kind,
    programme: 'plan',
    lang,
    zone: rules.zone,
    key: { workflowId, subject: String(round.year), step: step.id.split(':')[0], recipient },
    at: now,
    to,
    replyTo: input.coordinator,
    values: {
      plan: input.plan.name,
      municipality: input.municipality.name,
      year: String(round.year),
      recipientName: to.name,
      coordinatorName: input.coordinator.name,
      // The signature names the coordinator and the municipality.
      adviserName: input.coordinator.name,
      centre: input.municipality.name,
      ...(step.owner ? { owner: step.owner } : {}),
    },
    days: { due: round.due },
  });

  if (step.kind === 'yearlyReport') {
    const report = reportInput(state, input, rules, now);
    return reportRecipients(state, input).map(({ key, person }) => ({ ...base(key, person), report }));
  }
  const measures = owners(state, round.year).get(step.owner!) ?? [];
  const listed = step.kind === 'statusRequest' ? measures : unanswered(measures, round.year);
  if (!listed.length) return [];
  const { person, leader } = listed[0].owner;
  const to = step.kind === 'statusEscalation' ? leader : person;
  const mail = base(step.owner!, to);
  return [
    {
      ...mail,
      cc: step.kind === 'statusEscalation' ? [input.coordinator] : undefined,
      lists: [{ heading: step.kind === 'statusRequest' ? 'measures' : 'unanswered', items: listed.map((m) => measureLine(m, round.year, lang)) }],
    },
  ];
}
