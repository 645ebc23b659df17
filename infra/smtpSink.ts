import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: Buffer;
  /** Envelope recipients as the SMTP client gave them. */
  rcptTo: string[];
  /** Where the mail was stored, when the sink writes files. */
  file?: string;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  /** Waits until at least `count` mails have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export interface SinkOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** When set, every mail is also written there as a numbered .eml file. */
  dir?: string;
  onMail?: (mail: ReceivedMail) => void;
  /** Addresses refused for good (550), as a real server refuses an unknown mailbox. */
  rejectRecipients?: string[];
}

/**
 * A real SMTP server that keeps every mail it receives: the embedded default for local runs
 * (mail lands as .eml files) and the receiving end of the tests.
 */
export async function startSmtpSink(opts: SinkOptions = {}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  if (opts.dir) mkdirSync(opts.dir, { recursive: true });
  const stamp = Date.now().toString(36);

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!opts.rejectRecipients?.includes(address.address)) return callback();
      callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail: ReceivedMail = { raw: Buffer.concat(chunks), rcptTo: session.envelope.rcptTo.map((r) => r.address) };
        if (opts.dir) {
          mail.file = join(opts.dir, `${stamp}-${String(mails.length + 1).padStart(4, '0')}.eml`);
          writeFileSync(mail.file, mail.raw);
        }
        mails.push(mail);
        opts.onMail?.(mail);
        waiters.forEach((w) => w());
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  // A client that goes away mid-conversation (a worker killed, a reset connection) ends that
  // conversation only, as on a real mail server.
  server.on('error', () => undefined);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    mails,
    waitFor(count, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (mails.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(mails.slice());
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} mails, got ${mails.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
