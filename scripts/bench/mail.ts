import { businessKeyString, type MailRequest } from '../../domain/mail';
import { startSmtpSink, type SmtpSink } from '../../infra/smtpSink';
import type { Emit } from './floor';

/** What one phase of the run delivered to the sink: counts by kind, and each mail's Message-ID with its business key. */
export interface Delivered {
  total: number;
  byKind: Map<string, number>;
  /** Message-ID → the X-Plansyklus-Key header (to name the mails one phase has and the other not). */
  keys: Map<string, string>;
}

export interface CountingSink {
  port: number;
  /** The phase mail now arriving is counted under. */
  phase: string;
  delivered(phase: string): Delivered;
  close(): Promise<void>;
}

const header = (head: string, name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim();

/**
 * The one SMTP sink both phases send to (infra/smtpSink.ts): it reads each mail's kind,
 * Message-ID and business key from the headers and keeps nothing else, so a year of mail does
 * not pile up in memory.
 */
export async function startCountingSink(): Promise<CountingSink> {
  const phases = new Map<string, Delivered>();
  const of = (phase: string) => phases.get(phase) ?? phases.set(phase, { total: 0, byKind: new Map(), keys: new Map() }).get(phase)!;
  let sink: SmtpSink | undefined;
  const counter: CountingSink = {
    port: 0,
    phase: 'none',
    delivered: of,
    close: () => sink!.close(),
  };
  sink = await startSmtpSink({
    onMail(mail) {
      // The sink keeps every mail it receives; this one is counted, so it can go.
      sink?.mails.splice(0);
      const end = mail.raw.indexOf('\r\n\r\n');
      const head = mail.raw.toString('latin1', 0, end < 0 ? Math.min(mail.raw.length, 8192) : end).replace(/\r\n[ \t]+/g, ' ');
      const d = of(counter.phase);
      const kind = header(head, 'X-Plansyklus-Kind') ?? '(none)';
      d.total++;
      d.byKind.set(kind, (d.byKind.get(kind) ?? 0) + 1);
      d.keys.set(header(head, 'Message-ID') ?? `(no id ${d.total})`, header(head, 'X-Plansyklus-Key') ?? '');
    },
  });
  counter.port = sink.port;
  return counter;
}

export interface MailTally {
  /** Mails handed to sendMail (or, in a dry run, decided). */
  attempted: number;
  byKind: Map<string, number>;
  /** The sent-log had the business key already: not sent again. */
  alreadySent: number;
  failed: number;
}

export const newMailTally = (): MailTally => ({ attempted: 0, byKind: new Map(), alreadySent: 0, failed: 0 });

const count = (t: MailTally, kind: string) => {
  t.attempted++;
  t.byKind.set(kind, (t.byKind.get(kind) ?? 0) + 1);
};

/**
 * The floor's outbox: the day's mails go through the sendMail activity function, `inFlight` at
 * a time, as the worker runs several activities at once. A mail that fails sends its notice,
 * as the workflows do.
 */
export class Outbox {
  readonly tally = newMailTally();
  /** Business keys decided more than once, with how often (the sent-log lets one of each through). */
  readonly duplicates = new Map<string, number>();
  private readonly seen = new Set<string>();
  private queue: { mail: MailRequest; notice: () => MailRequest | undefined }[] = [];

  constructor(
    private readonly sendMail: (mail: MailRequest) => Promise<{ alreadySent?: boolean }>,
    private readonly inFlight: number,
  ) {}

  readonly emit: Emit = (mail, notice) => {
    const key = businessKeyString(mail.key);
    if (this.seen.has(key)) this.duplicates.set(key, (this.duplicates.get(key) ?? 1) + 1);
    else this.seen.add(key);
    this.queue.push({ mail, notice });
  };

  async flush(): Promise<void> {
    const jobs = this.queue;
    this.queue = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const { mail, notice } = jobs[next++];
        count(this.tally, mail.kind);
        try {
          if ((await this.sendMail(mail)).alreadySent) this.tally.alreadySent++;
        } catch {
          this.tally.failed++;
          const n = notice();
          if (n) await this.sendMail(n).catch(() => undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.inFlight, jobs.length) }, worker));
  }
}

/** The dry run's outbox: counts what would be sent, sends nothing. */
export class DryOutbox {
  readonly tally = newMailTally();
  readonly emit: Emit = (mail) => count(this.tally, mail.kind);
}
