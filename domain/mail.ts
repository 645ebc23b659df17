import type { Language } from './language';
import type { Person } from './people';
import type { ReportInput } from './plan/report';

/** Every kind of mail plansyklus sends; each has texts in templates/i18n/<lang>.yaml. */
export const mailKinds = [
  'invitation',
  'meetingChanged',
  'meetingCancelled',
  'meetingReminder',
  'referatRequest',
  'referatReminder',
  'referatEscalation',
  'deliverableRequest',
  'deliverableReminder',
  'deliverableEscalation',
  'leaderSummary',
  'closingSummary',
  'statusRequest',
  'statusReminder',
  'statusEscalation',
  'yearlyReport',
  'measureDueSoon',
  'overdueDigest',
  'overdueEscalation',
  'revisionMilestone',
  'deliveryFailed',
] as const;
export type MailKind = (typeof mailKinds)[number];

/** The headings a mail's lists may have; every language names each. */
export const listHeadings = ['agenda', 'fields', 'areas', 'next', 'late', 'open', 'measures', 'unanswered', 'dueSoon', 'overdue'] as const;
export type ListHeading = (typeof listHeadings)[number];

/** What identifies one mail to one person: the same key, the same Message-ID. */
export interface BusinessKey {
  workflowId: string;
  /** The meeting (or other subject) the mail is about. */
  subject: string;
  /** The step that sends it, e.g. `invitation-0` or `referatReminder-3`. */
  step: string;
  /** A role (DelTa) or an owner as the plan writes it (action plans). */
  recipient: string;
}

export interface CalendarRequest {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  start: string;
  end: string;
  zone: string;
  summary: string;
  description: string;
  location?: string;
  organizer: Person;
  attendees: Person[];
}

/**
 * The activity's input: plain values only (no rendered HTML or ICS in history). Dates are
 * UTC ISO instants that the renderer writes in the reader's language and zone.
 */
export interface MailRequest {
  kind: MailKind;
  lang: Language;
  zone: string;
  key: BusinessKey;
  /** Workflow time the mail is sent at; becomes its Date header. */
  at: string;
  to: Person;
  cc?: Person[];
  replyTo?: Person;
  /** Text values for the template placeholders (escaped when rendered). */
  values: Record<string, string>;
  /** Instants written as natural dates, e.g. "tirsdag 3. mars 2026 kl. 09.30". */
  dates?: Record<string, string>;
  /** Calendar days written as natural dates, e.g. "fredag 13. mars 2026". */
  days?: Record<string, string>;
  /** Lists under headings from the texts' `lists` (e.g. agenda, next, late); items are plain text or data. */
  lists?: { heading: ListHeading; items: (string | ListItem)[] }[];
  /** Which kind of work the mail belongs to (header and footer); default 'delta'. */
  programme?: 'delta' | 'plan';
  /** A yearly plan report, rendered into the body (HTML) and the text part (Markdown). */
  report?: ReportInput;
  /** For summaries: the milestones reached, written with the texts' `milestones` phrases. */
  milestones?: { kind: 'meetingHeld' | 'deliverableIn' | 'ended'; subject: string }[];
  calendar?: CalendarRequest;
}

/** What became of one mail of a batch: sent (now or by an earlier attempt), or refused for good. */
export type MailOutcome = { messageId: string; alreadySent?: boolean } | { refused: string };

/**
 * The notice to whoever runs the work (the KoRus adviser, the plan's coordinator) that a mail was
 * refused for good: which address, and what the mail was about. None is sent about a notice.
 */
export function deliveryFailedNotice(failed: MailRequest, to: Person, about: string): MailRequest | undefined {
  if (failed.kind === 'deliveryFailed' || failed.to.email === to.email) return undefined;
  return {
    kind: 'deliveryFailed',
    programme: failed.programme,
    lang: failed.lang,
    zone: failed.zone,
    key: { ...failed.key, step: `${failed.key.step}-failed`, recipient: `notice-${failed.key.recipient}` },
    at: failed.at,
    to,
    values: {
      ...failed.values,
      recipientName: to.name,
      failedName: failed.to.name,
      failedAddress: failed.to.email,
      failedAbout: about,
    },
    days: failed.days,
  };
}

export function businessKeyString(key: BusinessKey): string {
  return [key.workflowId, key.subject, key.step, key.recipient].join('/');
}

/** A meeting, referat or deliverable in a list, written by the renderer in the reader's language. */
export interface ListItem {
  what: 'meeting' | 'referat' | 'deliverable';
  subject: string;
  /** The meeting's start (UTC instant). */
  at?: string;
  /** The due date (local date). */
  day?: string;
}
