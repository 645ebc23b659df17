// The sent-log on both of its stores: a SQLite file and a real PostgreSQL server (a throwaway
// cluster from the machine's PostgreSQL, infra/postgres.ts). When PostgreSQL cannot start here,
// the PostgreSQL tests fail with the reason; they are never skipped.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import nodemailer, { type Transporter } from 'nodemailer';
import pg from 'pg';
import { createMailActivities } from '../../activities/mail';
import { loadTemplates } from '../../activities/render';
import { openSentLog, openSentLogFor, postgresSentLogTable, type SentLog } from '../../activities/sentLog';
import type { MailRequest } from '../../domain/mail';
import { templatesDir } from '../../infra/paths';
import { startPostgres, type PostgresServer } from '../../infra/postgres';
import { startSmtpSink } from '../../infra/smtpSink';
import { freePort, onFreePort } from '../helpers/ports';

// A business key as the workflows write it: workflow, subject, step, recipient role.
const key = 'delta-5047-2026/planningStartSeminar/invitation-0/contact';
const otherKey = 'delta-5047-2026/planningStartSeminar/invitation-0/leader';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface Row {
  key: string;
  message_id: string;
  sent_at: unknown;
}

/** One empty store: `open` opens a log on it (again and again), `rows` reads its table directly. */
interface Store {
  open(): Promise<SentLog>;
  rows(): Promise<Row[]>;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plansyklus-sentlog-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const sqliteStore = (): Store => {
  const file = join(dir, `sent-log-${++files}.sqlite`);
  return {
    open: () => openSentLogFor({ path: file }),
    async rows() {
      const db = new DatabaseSync(file, { readOnly: true });
      try {
        return db.prepare('SELECT key, message_id, sent_at FROM sent').all() as unknown as Row[];
      } finally {
        db.close();
      }
    },
  };
};

// One server for the file, started when a PostgreSQL test first needs it. When it cannot
// start, every PostgreSQL test fails with the reason (the SQLite ones still run).
let postgres: Promise<PostgresServer> | undefined;
const postgresServer = () =>
  (postgres ??= onFreePort((port) => startPostgres({ port })).catch((err: Error) => {
    throw new Error(`PostgreSQL could not be started for the sent-log tests: ${err.message}`);
  }));
afterAll(async () => {
  await postgres?.then((server) => server.stop(), () => {});
});

let databases = 0;
/** A fresh database on the shared server, so each test starts from an empty log. */
async function postgresStore(): Promise<Store> {
  const server = await postgresServer();
  const name = `sentlog_${++databases}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  return {
    open: () => openSentLogFor({ url, path: join(dir, 'never-used.sqlite') }),
    async rows() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<Row>(`SELECT key, message_id, sent_at FROM ${postgresSentLogTable}`)).rows;
      } finally {
        await client.end();
      }
    },
  };
}

const stores: [string, () => Promise<Store>][] = [
  ['SQLite', async () => sqliteStore()],
  ['PostgreSQL', postgresStore],
];

describe.each(stores)('the sent-log in %s', (_name, makeStore) => {
  const opened: SentLog[] = [];
  afterEach(async () => {
    for (const log of opened.splice(0)) await log.close();
  });
  const open = async (store: Store) => {
    const log = await store.open();
    opened.push(log);
    return log;
  };

  test('a recorded key is found; an unknown key is not', async () => {
    const log = await open(await makeStore());
    expect(await log.sent(key)).toBeUndefined();
    await log.record(key, '<first@plansyklus>', '2026-11-19T08:00:01.000Z');
    expect(await log.sent(key)).toBe('<first@plansyklus>');
    expect(await log.sent(otherKey)).toBeUndefined();
  });

  test('recording a key twice keeps the first Message-ID', async () => {
    const store = await makeStore();
    const log = await open(store);
    await log.record(key, '<first@plansyklus>', '2026-11-19T08:00:01.000Z');
    await log.record(key, '<second@plansyklus>', '2026-11-19T08:05:00.000Z');
    expect(await log.sent(key)).toBe('<first@plansyklus>');
    expect(await store.rows()).toHaveLength(1);
  });

  test('keys are stored as SHA-256 hashes: the table holds no plaintext key', async () => {
    const store = await makeStore();
    const log = await open(store);
    await log.record(key, '<first@plansyklus>', '2026-11-19T08:00:01.000Z');
    await log.record(otherKey, '<other@plansyklus>', '2026-11-19T08:00:02.000Z');
    const rows = await store.rows();
    expect(rows.map((r) => r.key).sort()).toEqual([sha256(key), sha256(otherKey)].sort());
    const everything = JSON.stringify(rows);
    for (const part of ['delta-5047', 'planningStartSeminar', 'invitation-0', 'contact', 'leader']) expect(everything).not.toContain(part);
    expect(new Date(rows.find((r) => r.key === sha256(key))!.sent_at as string | Date).toISOString()).toBe('2026-11-19T08:00:01.000Z');
  });

  test('the log survives closing and opening again (a worker restart)', async () => {
    const store = await makeStore();
    const first = await store.open();
    await first.record(key, '<first@plansyklus>', '2026-11-19T08:00:01.000Z');
    await first.close();
    const again = await open(store);
    expect(await again.sent(key)).toBe('<first@plansyklus>');
    expect(await again.sent(otherKey)).toBeUndefined();
  });
});

test('openSentLogFor uses PostgreSQL when a URL is given, and the SQLite file otherwise', async () => {
  const file = join(dir, 'chosen.sqlite');
  const store = await postgresStore();
  const viaUrl = await store.open();
  await viaUrl.record(key, '<pg@plansyklus>', '2026-11-19T08:00:01.000Z');
  await viaUrl.close();
  expect(await store.rows()).toHaveLength(1);
  expect(existsSync(join(dir, 'never-used.sqlite'))).toBe(false);

  const viaFile = await openSentLogFor({ path: file });
  await viaFile.record(key, '<file@plansyklus>', '2026-11-19T08:00:01.000Z');
  await viaFile.close();
  const reopened = openSentLog(file);
  expect(await reopened.sent(key)).toBe('<file@plansyklus>');
  await reopened.close();
});

test('a database that cannot be reached stops the start, without the URL (its password) in the message', async () => {
  const port = await freePort(); // nobody listens there
  const error = await openSentLogFor({ url: `postgres://plansyklus:hemmelig@127.0.0.1:${port}/plansyklus`, path: join(dir, 'unused.sqlite') }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.message).toMatch(/^Sent-loggen i PostgreSQL \(PLANSYKLUS_SENT_LOG_URL\) kan ikke åpnes: ECONNREFUSED/);
  expect(error?.message).not.toContain('hemmelig');
});

test('sendMail with a PostgreSQL log: the same request twice delivers one mail and answers alreadySent the second time', async () => {
  const sink = await startSmtpSink();
  const transport: Transporter = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
  const store = await postgresStore();
  const logs: SentLog[] = [];
  try {
    const templates = await loadTemplates(templatesDir);
    const activities = async () => {
      logs.push(await store.open());
      return createMailActivities({ transport, templates, from: 'plansyklus <noreply@plansyklus.test>', sentLog: logs.at(-1)! });
    };
    const worker = await activities();
    const first = await worker.sendMail(request());
    expect(first.alreadySent).toBeUndefined();
    const second = await worker.sendMail(request());
    expect(second).toEqual({ messageId: first.messageId, alreadySent: true });
    // Another worker (a restart, or a second machine) on the same database knows it too.
    expect(await (await activities()).sendMail(request())).toEqual({ messageId: first.messageId, alreadySent: true });

    // sendMail returns once the server has taken the mail: what arrived is all there is.
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]!.raw.toString('utf8')).toContain(`Message-ID: ${first.messageId}`);
    const rows = await store.rows();
    expect(rows).toEqual([expect.objectContaining({ key: sha256(key), message_id: first.messageId })]);
  } finally {
    for (const log of logs) await log.close();
    transport.close();
    await sink.close();
  }
});

/** An invitation to an invented contact person, with the business key above. */
function request(): MailRequest {
  const adviser = { name: 'Ingrid Berg', email: 'ingrid.berg@korus-midt.example' };
  const contact = { name: 'Kari Nordmann', email: 'kari.nordmann@overhalla.example' };
  return {
    kind: 'invitation',
    lang: 'nb',
    zone: 'Europe/Oslo',
    key: { workflowId: 'delta-5047-2026', subject: 'planningStartSeminar', step: 'invitation-0', recipient: 'contact' },
    at: '2026-11-19T08:00:00.000Z',
    to: contact,
    replyTo: adviser,
    values: {
      meeting: 'Planleggingsmøte om oppstartseminaret',
      municipality: 'Overhalla kommune',
      centre: 'KoRus Midt-Norge',
      recipientName: contact.name,
      adviserName: adviser.name,
      contactName: contact.name,
    },
    dates: { start: '2026-12-03T09:00:00.000Z', end: '2026-12-03T11:00:00.000Z' },
    lists: [{ heading: 'agenda', items: ['Velkommen'] }],
    calendar: {
      method: 'REQUEST',
      uid: 'delta-5047-2026.planningStartSeminar@plansyklus',
      sequence: 0,
      start: '2026-12-03T09:00:00.000Z',
      end: '2026-12-03T11:00:00.000Z',
      zone: 'Europe/Oslo',
      summary: 'Planleggingsmøte om oppstartseminaret',
      description: 'Velkommen',
      organizer: adviser,
      attendees: [contact],
    },
  };
}
