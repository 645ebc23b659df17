// One real end-to-end run of the plansyklus CLI: the Temporal CLI dev server (in memory), a
// worker with the real activities sending to an in-process SMTP sink, and `bin/plansyklus` as
// a child process, as an adviser would run it. Nothing is mocked; the wall clock is real, so
// the collaboration files are written with dates relative to now (Europe/Oslo).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseCodecKeys } from '../../codec/aesGcm';
import { encryptingDataConverter } from '../../codec/dataConverter';
import { addWorkingDays, atLocal, defaultRules, isWorkingDay, nextWorkingDay } from '../../domain/calendar';
import type { DeltaStatus, MeetingStatus } from '../../domain/delta/messages';
import { startDevServer, type DevServer } from '../../infra/devServer';
import { projectRoot } from '../../infra/paths';
import { startSmtpSink, type SmtpSink } from '../../infra/smtpSink';
import { createWorker } from '../../worker/createWorker';
import { readMails, type SeenMail } from '../helpers/mail';
import { onFreePort } from '../helpers/ports';
import { bundleWorkflows, quietRuntime } from '../helpers/temporal';

const plansyklus = join(projectRoot, 'bin', 'plansyklus');
const zone = 'Europe/Oslo';
const taskQueue = `e2e-cli-${process.pid}-${Date.now().toString(36)}`;

// The example file is the template: the same people, municipality and centre.
const example = parseYaml(readFileSync(join(projectRoot, 'examples', 'overhalla-delta.yaml'), 'utf8'));
const contact: string = example.people.contact.email;
const leader: string = example.people.leader.email;
const adviser: string = example.people.adviser.email;

// Dates relative to now. A: the planning meeting 5 working days ahead at 10:00, so its
// invitation (10 working days before) is due at once and the reminder (2 working days before)
// lies days ahead. B: the meeting started 3 hours ago and ended (2 h) an hour ago.
const now = DateTime.now().setZone(zone);
const today = now.toISODate()!;
const rules = { ...defaultRules('NO'), quietPeriod: true };
const aStart = `${addWorkingDays(today, 5, rules)}T10:00`;
const bStartTime = now.minus({ hours: 3 });
const bStart = bStartTime.toFormat("yyyy-MM-dd'T'HH:mm");
const bAgreement = bStartTime.toISODate()!;
const idA = `delta-5047-${today.slice(0, 4)}`;
const idB = `delta-5006-${bAgreement.slice(0, 4)}`;

let dir: string;
let server: DevServer;
let sink: SmtpSink;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let env: NodeJS.ProcessEnv;

/** Everything the CLI printed, to check that no personal data leaks. */
const printed: string[] = [];

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const cli = (...args: string[]): Promise<CliResult> => cliWith(env, ...args);

function cliWith(environment: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(plansyklus, args, { cwd: dir, env: environment, timeout: 60_000 }, (err, stdout, stderr) => {
      printed.push(stdout, stderr);
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

async function statusJson(id: string): Promise<DeltaStatus> {
  const r = await cli('delta', 'status', id, '--json');
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as DeltaStatus;
}

const meetingOf = (s: DeltaStatus, key: string): MeetingStatus => s.meetings.find((m) => m.key === key)!;

function writeFile(name: string, content: string): string {
  writeFileSync(join(dir, name), content);
  return name;
}

function collaborationFile(name: string, change: (data: typeof example) => void): string {
  const data = structuredClone(example);
  change(data);
  return writeFile(name, stringifyYaml(data));
}

const mailsOf = async (id: string): Promise<SeenMail[]> =>
  (await readMails(sink.mails)).filter((m) => m.key.startsWith(`${id}/`));

async function waitForMails(id: string, count: number, timeoutMs = 20_000): Promise<SeenMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await mailsOf(id);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`expected ${count} mails for ${id}, got ${mails.length} within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Asks the CLI again until `ok` holds (the workflow records a send just after the mail leaves). */
async function until<T>(get: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(500);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  quietRuntime();
  dir = mkdtempSync(join(tmpdir(), 'plansyklus-e2e-'));
  const bundle = bundleWorkflows();
  [server, sink] = await Promise.all([
    onFreePort((port) => startDevServer({ port })),
    startSmtpSink({ port: 0 }),
  ]);
  const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
  // The CLI (a child process) and this worker share one key, as in production.
  const codecKeys = `e2e=${randomBytes(32).toString('base64')}`;
  connection = await NativeConnection.connect({ address: server.address });
  worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    smtpUrl,
    mailFrom: 'plansyklus <noreply@plansyklus.test>',
    dataConverter: encryptingDataConverter(parseCodecKeys([codecKeys])),
    workflowBundle: await bundle,
  });
  running = worker.run();

  env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PLANSYKLUS_')));
  Object.assign(env, {
    PLANSYKLUS_TEMPORAL_ADDRESS: server.address,
    PLANSYKLUS_TASK_QUEUE: taskQueue,
    PLANSYKLUS_SMTP_URL: smtpUrl,
    PLANSYKLUS_CODEC_KEYS: codecKeys,
  });
}, 180_000);

afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await running;
  }
  await connection?.close();
  await Promise.all([sink?.close(), server?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('plansyklus CLI against a real Temporal dev server, worker and SMTP sink', () => {
  const fileA = 'a.yaml';
  const fileB = 'b.yaml';
  const referat = 'referat.txt';

  beforeAll(() => {
    collaborationFile(fileA, (d) => {
      d.agreementDate = today;
      d.meetings.planningStartSeminar.start = aStart;
    });
    collaborationFile(fileB, (d) => {
      d.municipality.name = 'Namsos kommune';
      d.municipality.number = '5006';
      d.agreementDate = bAgreement;
      d.meetings.planningStartSeminar.start = bStart;
    });
    writeFile(referat, 'Enige om dato for oppstartseminaret. Kommunen inviterer deltakerne.\n');
  });

  test('delta start: starts collaboration A and invites the contact person and the leader', async () => {
    const r = await cli('delta', 'start', fileA);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(idA);

    const mails = await waitForMails(idA, 2);
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      expect(mail.kind).toBe('invitation');
      expect(mail.replyTo).toEqual([adviser]);
      expect(mail.calendar).toBeDefined();
      expect(mail.calendar!.contentType).toMatch(/\bmethod=REQUEST\b/i);
      expect(mail.calendar!.raw).toMatch(/^METHOD:REQUEST\r?$/m);
      const event = Object.values(mail.calendar!.parsed).find((c) => c?.type === 'VEVENT');
      expect(event && event.type === 'VEVENT' && event.uid).toBe(`${idA}.planningStartSeminar@plansyklus`);
      expect(event && event.type === 'VEVENT' && event.start.toISOString()).toBe(
        DateTime.fromISO(aStart, { zone }).toUTC().toISO(),
      );
    }
    expect(mails.map((m) => m.to).sort()).toEqual([[contact], [leader]].sort());
    expect(mails.map((m) => m.rcptTo).sort()).toEqual([[contact], [leader]].sort());
  }, 60_000);

  test('delta start again: exit 3, says it exists, sends nothing', async () => {
    const r = await cli('delta', 'start', fileA);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/finnes allerede/i);
    expect(r.stderr).toContain(idA);
    await sleep(3_000);
    expect(await mailsOf(idA)).toHaveLength(2);
  }, 60_000);

  test('delta status: JSON for machines, bokmål for people', async () => {
    const status = await until(
      () => statusJson(idA),
      (s) => s.sent.length > 0,
    );
    expect(status).toMatchObject({
      workflowId: idA,
      programme: 'delta',
      municipality: { name: 'Overhalla kommune', number: '5047' },
      phase: 'planningStartSeminar',
      agreementDate: today,
    });
    expect(meetingOf(status, 'planningStartSeminar')).toMatchObject({
      state: 'invited',
      start: DateTime.fromISO(aStart, { zone }).toUTC().toISO(),
      location: example.meetings.planningStartSeminar.location,
    });
    expect(status.sent).toHaveLength(1);
    expect(status.sent[0]).toMatchObject({ kind: 'invitation', subject: 'planningStartSeminar' });
    expect([...status.sent[0].to].sort()).toEqual(['contact', 'leader']);
    expect(status.nextStep).toBeDefined();
    expect(status.nextStep).toMatchObject({ what: 'meetingReminder', subject: 'planningStartSeminar' });
    expect(Date.parse(status.nextStep!.at)).toBeGreaterThan(Date.now());

    const human = await cli('delta', 'status', idA);
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout).toContain('Overhalla kommune');
    expect(human.stdout).toContain('Møter:');
    expect(human.stdout).toContain('Planleggingsmøte om oppstartseminaret: invitert');
    expect(human.stdout).toContain('invitasjon (planningStartSeminar) → kontaktperson, leder');
  }, 60_000);

  test('invalid input: exit 2, naming the field; nothing starts', async () => {
    const badNumber = collaborationFile('bad-number.yaml', (d) => {
      d.agreementDate = today;
      d.municipality.number = '12';
    });
    const badEmail = collaborationFile('bad-email.yaml', (d) => {
      d.agreementDate = today;
      d.municipality.number = '5020';
      d.people.contact.email = 'kari.nordmann.overhalla.example';
    });
    const [number, email, missing, noArg, unknown, help] = await Promise.all([
      cli('delta', 'start', badNumber),
      cli('delta', 'start', badEmail),
      cli('delta', 'start', 'does-not-exist.yaml'),
      cli('delta', 'start'),
      cli('delta', 'frobnicate'),
      cli('--help'),
    ]);
    expect(number.code).toBe(2);
    expect(number.stderr).toContain('municipality.number');
    expect(email.code).toBe(2);
    expect(email.stderr).toContain('people.contact.email');
    expect(email.stderr).not.toContain('kari.nordmann.overhalla.example');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does-not-exist.yaml');
    expect(noArg.code).toBe(2);
    expect(noArg.stderr).toContain('<fil>');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('frobnicate');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('delta start');
    expect(help.stdout).toContain('referat register');
    for (const r of [number, email, missing, noArg, unknown]) expect(r.stdout).toBe('');

    // The bad-email file had a valid number: no collaboration was started from it.
    expect((await cli('delta', 'status', `delta-5020-${today.slice(0, 4)}`)).code).toBe(4);
  }, 60_000);

  test('referat register before the meeting: exit 2, «ikke holdt», nothing changes', async () => {
    const before = meetingOf(await statusJson(idA), 'planningStartSeminar');
    const r = await cli('referat', 'register', idA, 'planningStartSeminar', '--file', referat);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ikke holdt/);
    const after = meetingOf(await statusJson(idA), 'planningStartSeminar');
    expect(after).toEqual(before);
    expect(after.state).toBe('invited');
    expect(after.referatRegisteredAt).toBeUndefined();
  }, 60_000);

  test('a meeting already held: no invitation, a referat request to the contact; referat registered once', async () => {
    const started = await cli('delta', 'start', fileB);
    expect(started).toMatchObject({ code: 0, stderr: '' });
    expect(started.stdout).toContain(idB);

    // The server's clock is the real one: on a working day in Oslo the request, already due,
    // goes out at once; on a weekend or holiday it waits for the next working morning.
    const day = DateTime.now().setZone(zone).toISODate()!;
    if (isWorkingDay(day, rules)) {
      const [request] = await waitForMails(idB, 1);
      expect(request.kind).toBe('referatRequest');
      expect(request.to).toEqual([contact]);
      expect(request.rcptTo).toEqual([contact]);
      expect(request.cc).toEqual([]);
      expect(request.subject).toMatch(/Referat/);
      expect(request.calendar).toBeUndefined();
      await sleep(2_000);
      const mailsB = await mailsOf(idB);
      expect(mailsB.map((m) => m.kind)).toEqual(['referatRequest']); // the late invitation was not sent

      const held = await until(
        () => statusJson(idB),
        (s) => s.sent.length > 0,
      );
      expect(meetingOf(held, 'planningStartSeminar').state).toBe('held');
      expect(held.sent).toEqual([expect.objectContaining({ kind: 'referatRequest', subject: 'planningStartSeminar', to: ['contact'] })]);
    } else {
      const held = await until(
        () => statusJson(idB),
        (s) => meetingOf(s, 'planningStartSeminar').state === 'held',
      );
      expect(held.nextStep).toEqual({ what: 'referatRequest', subject: 'planningStartSeminar', at: atLocal(nextWorkingDay(day, rules), '09:00', zone) });
      expect(held.sent).toEqual([]);
      expect(await mailsOf(idB)).toEqual([]); // neither the late invitation nor, yet, the request
    }

    const registered = await cli('referat', 'register', idB, 'planningStartSeminar', '--file', referat);
    expect(registered).toMatchObject({ code: 0, stderr: '' });
    expect(registered.stdout).toContain('Planleggingsmøte om oppstartseminaret');

    const meeting = meetingOf(await statusJson(idB), 'planningStartSeminar');
    expect(meeting.state).toBe('referatRegistered');
    expect(meeting.referatRegisteredAt).toBeDefined();
    expect(Math.abs(Date.parse(meeting.referatRegisteredAt!) - Date.now())).toBeLessThan(60_000);
    expect(meeting.referatDue).toBeUndefined();

    const empty = writeFile('empty.txt', '  \n');
    const [again, unknownMeeting, emptyReferat] = await Promise.all([
      cli('referat', 'register', idB, 'planningStartSeminar', '--file', referat),
      cli('referat', 'register', idB, 'nosuchmeeting', '--file', referat),
      cli('referat', 'register', idB, 'planningStartSeminar', '--file', empty),
    ]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/allerede registrert/);
    expect(unknownMeeting.code).toBe(2);
    expect(unknownMeeting.stderr).toContain('nosuchmeeting');
    expect(emptyReferat.code).toBe(2);
    expect(emptyReferat.stderr).toMatch(/tomt/);
    expect(meetingOf(await statusJson(idB), 'planningStartSeminar').referatRegisteredAt).toBe(meeting.referatRegisteredAt);
  }, 90_000);

  test('delta status of an unknown collaboration: exit 4', async () => {
    const r = await cli('delta', 'status', 'delta-9999-2020');
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('delta-9999-2020');
  }, 60_000);

  test('delta list --json lists both collaborations', async () => {
    const rows = await until(
      async () => {
        const r = await cli('delta', 'list', '--json');
        expect(r).toMatchObject({ code: 0, stderr: '' });
        return JSON.parse(r.stdout) as { workflowId: string; status: string }[];
      },
      (list) => list.length >= 2,
    );
    expect(rows.map((row) => row.workflowId)).toEqual([idA, idB].sort());
    expect(rows.map((row) => row.status)).toEqual(['RUNNING', 'RUNNING']);
  }, 60_000);

  test('delta list --phase finds collaborations through the search attributes; a bad phase is exit 2', async () => {
    // A waits for its planning meeting; B has held it and works towards the start seminar.
    const byPhase = async (phase: string) => {
      const r = await cli('delta', 'list', '--phase', phase, '--json');
      expect(r).toMatchObject({ code: 0, stderr: '' });
      return (JSON.parse(r.stdout) as { workflowId: string }[]).map((row) => row.workflowId);
    };
    expect(await until(() => byPhase('startSeminar'), (ids) => ids.length > 0)).toEqual([idB]);
    expect(await byPhase('planningStartSeminar')).toEqual([idA]);
    const r = await cli('delta', 'list', '--municipality', '5006', '--json');
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ workflowId: idB, municipality: '5006', phase: 'startSeminar' })]);
    const bad = await cli('delta', 'list', '--phase', 'nesten-ferdig');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/phase: /);
  }, 60_000);

  test('steering commands reject what does not fit the collaboration yet: focus areas, action plan, held', async () => {
    const [areas, tooMany, plan, held, schema] = await Promise.all([
      cli('delta', 'focus-areas', idB, '4,5'),
      cli('delta', 'focus-areas', idB, '4,5,6'),
      cli('delta', 'action-plan', idB, '4', '--file', referat),
      cli('meeting', 'held', idA, 'planningStartSeminar'),
      cli('delta', 'schema'),
    ]);
    expect(areas.code).toBe(2);
    expect(areas.stderr).toMatch(/oppstartseminar, som ikke er holdt ennå/);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('velg nøyaktig 2 innsatsområder, ikke 3');
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('innsatsområde 4 er ikke valgt');
    expect(held.code).toBe(2);
    expect(held.stderr).toContain('har ikke begynt ennå');
    expect(JSON.parse(schema.stdout).title).toBe('plansyklus DelTa status');
  }, 60_000);

  test('plan import starts the yearly cycle of an action plan; an answer before the round opens is exit 2', async () => {
    const plans = join(projectRoot, 'examples', 'plans');
    const started = await cli('plan', 'import', join(plans, 'overhalla-2011.csv'), '--directory', join(plans, 'overhalla-directory.yaml'), '--years', '2011-2015');
    expect(started).toMatchObject({ code: 0, stderr: '' });
    expect(started.stdout).toMatch(/^Startet plan-5047-2011 med 22 tiltak\. Første runde: \d{4}\./);
    const again = await cli('plan', 'import', join(plans, 'overhalla-2011.csv'), '--directory', join(plans, 'overhalla-directory.yaml'), '--years', '2011-2015');
    expect(again.code).toBe(3);
    const status = await cli('plan', 'status', 'plan-5047-2011', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ workflowId: 'plan-5047-2011', measures: expect.arrayContaining([expect.objectContaining({ id: '1.1', owner: 'Oppvekst' })]) });
    const early = await cli('plan', 'answer', 'plan-5047-2011', '1.1', 'grønn');
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/har ikke startet ennå/);
    const report = await cli('plan', 'report', 'plan-5047-2011', '--format', 'md');
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Årsrapport');

    // The revised plan is imported: the old one ends, naming its successor, and takes no more changes.
    const revised = await cli('plan', 'import', join(plans, 'overhalla-2011.yaml'), '--directory', join(plans, 'overhalla-directory.yaml'), '--years', '2016-2019');
    expect(revised.stdout).toContain('plan-5047-2011 er erstattet av plan-5047-2016 og avsluttet.');
    const old = JSON.parse((await cli('plan', 'status', 'plan-5047-2011', '--json')).stdout);
    expect(old.ended).toMatchObject({ successor: 'plan-5047-2016' });
    const refused = await cli('plan', 'retire-measure', 'plan-5047-2011', '1.1');
    expect(refused.code).toBe(3);
  }, 90_000);

  test('templates reload: edited templates reach every running workflow; a broken file is exit 2 and reaches none', async () => {
    const edited = join(dir, 'templates');
    cpSync(join(projectRoot, 'templates'), edited, { recursive: true });
    const cycleFile = join(edited, 'plan', 'cycle.yaml');
    writeFileSync(cycleFile, readFileSync(cycleFile, 'utf8').replace('reminderWorkingDaysBefore: [3]', 'reminderWorkingDaysBefore: [5, 2]'));
    const withEdited = { ...env, PLANSYKLUS_TEMPLATES_DIR: edited };
    const reloaded = await cliWith(withEdited, 'templates', 'reload');
    expect(reloaded).toMatchObject({ code: 0, stderr: '' });
    const lines = reloaded.stdout.trim().split('\n');
    expect(lines).toContain('plan-5047-2016\toppdatert');
    expect(lines.filter((l) => l.startsWith('delta-')).every((l) => l.endsWith('\toppdatert'))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(3);

    writeFileSync(cycleFile, readFileSync(cycleFile, 'utf8').replace('answerWorkingDays: 15', 'answerWorkingDays: femten'));
    const broken = await cliWith(withEdited, 'templates', 'reload');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('cycle.yaml er ikke gyldig');
    expect(broken.stderr).toContain('round.answerWorkingDays');
    expect(broken.stdout).toBe('');
  }, 60_000);

  test('no personal data in anything the CLI printed', () => {
    expect(printed.length).toBeGreaterThan(20);
    const all = printed.join('\n');
    for (const address of [contact, leader]) expect(all).not.toContain(address);
  });
});
