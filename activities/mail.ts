import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import { businessKeyString, type BusinessKey, type MailOutcome, type MailRequest } from '../domain/mail';
import type { Person } from '../domain/people';
import { buildInvite } from './invite';
import type { MailTemplates } from './render';
import type { SentLog } from './sentLog';

export interface MailDeps {
  transport: Transporter;
  templates: MailTemplates;
  /** The envelope sender, e.g. "plansyklus <noreply@korus.no>"; replies go to the adviser. */
  from: string;
  /** What has been sent already: a mail in it is not sent again. */
  sentLog: SentLog;
}

/** The same business key always gives the same Message-ID, so a retried send is recognisable. */
export function messageId(key: BusinessKey): string {
  const digest = createHash('sha256').update(businessKeyString(key)).digest('hex').slice(0, 32);
  return `<${digest}@plansyklus>`;
}

const address = (p: Person) => ({ name: p.name, address: p.email });

// nodemailer's codes for faults that no retry will mend (see its lib/errors).
const permanentCodes = new Set(['EAUTH', 'EENVELOPE', 'ECONFIG', 'EMESSAGE']);

/**
 * The message for nodemailer: the rendered mail, with the calendar part for an invitation, from
 * the service's address with replies to the adviser, dated when it was due.
 */
export function composeMail(req: MailRequest, templates: MailTemplates, from: string) {
  const rendered = templates.render(req);
  const date = new Date(req.at);
  return {
    from,
    to: address(req.to),
    cc: req.cc?.map(address),
    replyTo: req.replyTo && address(req.replyTo),
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    date,
    messageId: messageId(req.key),
    headers: { 'X-Plansyklus-Kind': req.kind, 'X-Plansyklus-Key': businessKeyString(req.key) },
    icalEvent: req.calendar && {
      method: req.calendar.method,
      filename: 'invitation.ics',
      content: buildInvite(req.calendar, date),
    },
  };
}

export function createMailActivities({ transport, templates, from, sentLog }: MailDeps) {
  /**
   * Renders and sends one mail; the only code that talks SMTP. A mail the sent-log has (an
   * earlier attempt got it out) is not sent again.
   */
  async function sendMail(req: MailRequest): Promise<{ messageId: string; alreadySent?: boolean }> {
    const key = businessKeyString(req.key);
    const earlier = await sentLog.sent(key);
    if (earlier) return { messageId: earlier, alreadySent: true };
    const message = composeMail(req, templates, from);
    try {
      await transport.sendMail(message);
    } catch (err) {
      throw smtpFailure(err);
    }
    await sentLog.record(key, message.messageId, new Date().toISOString());
    return { messageId: message.messageId };
  }

  /**
   * Sends the mails of one moment in one activity (one history entry instead of one per mail).
   * Each mail goes on its own: a refused address is an outcome, not a failure of the rest. If
   * any met temporary trouble, the activity fails after trying them all and its retry sends
   * only those (the sent-log has the others).
   */
  async function sendMails(reqs: MailRequest[]): Promise<MailOutcome[]> {
    const outcomes: MailOutcome[] = [];
    let temporary: unknown;
    const started = Date.now();
    for (const req of reqs) {
      try {
        outcomes.push(await sendMail(req));
      } catch (err) {
        if (err instanceof ApplicationFailure && err.nonRetryable) outcomes.push({ refused: err.message });
        else temporary ??= err;
      }
      // Alive, for a batch that takes long (a slow relay). A quick one sends no heartbeat:
      // Temporal Cloud bills each.
      if (Date.now() - started > heartbeatAfterMs) heartbeat();
    }
    if (temporary) throw temporary;
    return outcomes;
  }

  return { sendMail, sendMails };
}

const heartbeatAfterMs = 10_000;

/** Tells Temporal the activity is alive (not for a local activity, nor outside one, e.g. in the benchmark's floor). */
function heartbeat(): void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return;
  }
  if (!context.info.isLocal) context.heartbeat();
}

/**
 * Turns a transport error into a failure for Temporal: permanent ones stop the retries.
 * The message names codes only: SMTP replies often quote the recipient's address.
 */
function smtpFailure(err: unknown): Error {
  const e = err as { code?: string; responseCode?: number };
  const what = `SMTP delivery failed (${e.code ?? 'unknown'}${e.responseCode ? ` ${e.responseCode}` : ''})`;
  // The server's reply decides when there is one: nodemailer reports a 451 for a recipient
  // as EENVELOPE too, and that greylisting-style refusal is worth retrying.
  const permanent =
    e.responseCode !== undefined ? e.responseCode >= 500 : e.code !== undefined && permanentCodes.has(e.code);
  return permanent
    ? ApplicationFailure.nonRetryable(what, 'ERR_SMTP_PERMANENT')
    : ApplicationFailure.retryable(what, 'ERR_SMTP_TEMPORARY');
}
