import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';

/**
 * The durable record of what has been sent, keyed by the mail's business key: checked before a
 * send and written after it, so an activity that is retried (a timeout, a worker that died
 * after the SMTP server took the mail) does not send the same mail again. Keys are stored as
 * hashes: the log holds no names or addresses. A SQLite file via Node's built-in `node:sqlite`,
 * or a PostgreSQL table when several workers on several machines share one log.
 */
export interface SentLog {
  /** The Message-ID the mail was sent with, when it has been sent. */
  sent(key: string): Promise<string | undefined>;
  /** Records a send; a key already recorded keeps its first Message-ID. */
  record(key: string, messageId: string, at: string): Promise<void>;
  close(): Promise<void>;
}

/** How a business key is stored: its SHA-256, in hex. */
export const sentLogKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Opens (or creates) a SQLite log; `:memory:` keeps it for this process only. */
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
    sent: async (key) => (find.get(sentLogKey(key)) as { message_id: string } | undefined)?.message_id,
    record: async (key, messageId, at) => void insert.run(sentLogKey(key), messageId, at),
    close: async () => db.close(),
  };
}

/** The PostgreSQL table; prefixed, as the database may be shared with other programs. */
export const postgresSentLogTable = 'plansyklus_sent_log';

/**
 * Opens a log in PostgreSQL (`postgres://…`), creating its table when missing. A small pool:
 * the worker runs a handful of mail activities at a time and each holds a connection for one
 * short statement. Fails at once, without the URL (it may hold a password), when the database
 * cannot be reached, so a worker does not start without its log.
 */
export async function openPostgresSentLog(url: string): Promise<SentLog> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // A worker that stops without closing the log can still exit.
    allowExitOnIdle: true,
  });
  // A connection that drops while idle (a database restart) is replaced on the next query;
  // without a listener its error would end the process.
  pool.on('error', () => {});
  try {
    await createTable(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    const e = err as { code?: string; message?: string };
    const reason = [e.code, e.message].filter(Boolean).join(': ') || String(err);
    throw new Error(`Sent-loggen i PostgreSQL (PLANSYKLUS_SENT_LOG_URL) kan ikke åpnes: ${reason}`);
  }
  // Named statements are parsed once per connection.
  const find = { name: 'plansyklus-sent-log-find', text: `SELECT message_id FROM ${postgresSentLogTable} WHERE key = $1` };
  const insert = {
    name: 'plansyklus-sent-log-insert',
    text: `INSERT INTO ${postgresSentLogTable} (key, message_id, sent_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
  };
  let closed: Promise<void> | undefined;
  return {
    async sent(key) {
      const result = await pool.query<{ message_id: string }>({ ...find, values: [sentLogKey(key)] });
      return result.rows[0]?.message_id;
    },
    async record(key, messageId, at) {
      await pool.query({ ...insert, values: [sentLogKey(key), messageId, at] });
    },
    close: () => (closed ??= pool.end()),
  };
}

async function createTable(pool: pg.Pool): Promise<void> {
  const ddl = `CREATE TABLE IF NOT EXISTS ${postgresSentLogTable} (
    key TEXT PRIMARY KEY,
    message_id TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL
  )`;
  try {
    await pool.query(ddl);
  } catch (err) {
    // Two workers starting together can both try to create the table; PostgreSQL then reports
    // a duplicate for the loser (a known race of IF NOT EXISTS). The table is there: go on.
    const code = (err as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') throw err;
    await pool.query(`SELECT 1 FROM ${postgresSentLogTable} LIMIT 0`);
  }
}

/** The worker's log: PostgreSQL when a URL is configured, otherwise the SQLite file at `path`. */
export async function openSentLogFor({ url, path }: { url?: string; path: string }): Promise<SentLog> {
  return url ? openPostgresSentLog(url) : openSentLog(path);
}
