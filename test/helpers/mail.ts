import { simpleParser, type AddressObject } from 'mailparser';
import * as ical from 'node-ical';
import type { ReceivedMail } from '../../infra/smtpSink';

export interface SeenMail {
  /** Addresses as a recipient's client shows them. */
  to: string[];
  cc: string[];
  replyTo: string[];
  rcptTo: string[];
  subject: string;
  date: Date;
  messageId: string;
  kind: string;
  key: string;
  text: string;
  html: string;
  /** The raw text/calendar part and its Content-Type header, when the mail has one. */
  calendar?: { contentType: string; raw: string; parsed: ical.CalendarResponse };
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? ''));

/** Parses mails as a mail client would: mailparser for MIME, node-ical for the calendar part. */
export async function readMail(mail: ReceivedMail): Promise<SeenMail> {
  const parsed = await simpleParser(mail.raw);
  const calendarPart = /Content-Type: text\/calendar[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/i.exec(mail.raw.toString('utf8'));
  const calAttachment = parsed.attachments.find((a) => a.contentType === 'text/calendar');
  const raw = calAttachment?.content.toString('utf8');
  return {
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    rcptTo: mail.rcptTo,
    subject: parsed.subject ?? '',
    date: parsed.date!,
    messageId: parsed.messageId ?? '',
    kind: String(parsed.headers.get('x-plansyklus-kind') ?? ''),
    key: String(parsed.headers.get('x-plansyklus-key') ?? ''),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    calendar:
      raw && calendarPart
        ? { contentType: calendarPart[0].replace(/\r?\n[ \t]/g, ' '), raw, parsed: ical.sync.parseICS(raw) }
        : undefined,
  };
}

export const readMails = (mails: ReceivedMail[]) => Promise.all(mails.map(readMail));

/**
 * A mail's Date to the minute: a mail goes out when its workflow task runs, which on a busy
 * time-skipping server can be a second or so after the timer fired.
 */
export const minute = (d: Date): string => d.toISOString().slice(0, 16);
