import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * The durable record of what has been sent, keyed by the mail's business key: checked before a
 * send and written after it, so an activity that is retried (a timeout, a worker that died
 * after the SMTP server took the mail) does not send the same mail again. Keys are stored as
 * hashes: the log holds no names or addresses. A SQLite file via Node's built-in `node:sqlite`.
 */
export interface SentLog {
  /** The Message-ID the mail was sent with, when it has been sent. */
  sent(key: string): string | undefined;
  record(key: string, messageId: string, at: string): void;
  close(): void;
}

const digest = (key: string) => createHash('sha256').update(key).digest('hex');

/** Opens (or creates) the log; `:memory:` keeps it for this process only. */
export function openSentLog(path: string): SentLog {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`
    PRAGMA journal_mode = WAL;
    CREATE TABLE IF NOT EXISTS sent (key TEXT PRIMARY KEY, message_id TEXT NOT NULL, sent_at TEXT NOT NULL);
  `);
  const find = db.prepare('SELECT message_id FROM sent WHERE key = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO sent (key, message_id, sent_at) VALUES (?, ?, ?)');
  return {
    sent: (key) => (find.get(digest(key)) as { message_id: string } | undefined)?.message_id,
    record: (key, messageId, at) => void insert.run(digest(key), messageId, at),
    close: () => db.close(),
  };
}
