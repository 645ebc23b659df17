import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type * as ical from 'node-ical';
import { SMTPServer } from 'smtp-server';
import { createMailActivities, messageId } from '../../activities/mail';
import { openSentLog } from '../../activities/sentLog';
import { loadTemplates, type MailTemplates } from '../../activities/render';
import { loadProgramme } from '../../client/files';
import { mailKinds, type MailKind, type MailRequest } from '../../domain/mail';
import type { Person } from '../../domain/people';
import { templatesDir } from '../../infra/paths';
import { startSmtpSink, type SmtpSink } from '../../infra/smtpSink';
import { readMail, type SeenMail } from '../helpers/mail';

// Invented people; the adviser organises, the contact and the leader are invited.
const adviser: Person = { name: 'Ingrid Berg', email: 'ingrid.berg@korus-midt.example' };
const contact: Person = { name: 'Kari Nordmann', email: 'kari.nordmann@overhalla.example' };
const leader: Person = { name: 'Per Hansen', email: 'per.hansen@overhalla.example' };
const from = 'plansyklus <noreply@plansyklus.test>';

const programme = loadProgramme('delta');
const planning = programme.meetings.planningStartSeminar!;
const title = planning.title.nb; // "Planleggingsmøte om oppstartseminaret"
const agenda = planning.agenda.nb;
const uid = 'delta-5047-2026.planningStartSeminar@plansyklus';

// Thursday 3 December 2026, 10.00–12.00 in Oslo (winter: UTC+1).
const start = '2026-12-03T09:00:00.000Z';
const end = '2026-12-03T11:00:00.000Z';
const at = '2026-11-19T08:00:00.000Z';

function invitation(overrides: Partial<MailRequest> = {}, to: Person = contact, recipient: 'contact' | 'leader' = 'contact'): MailRequest {
  return {
    kind: 'invitation',
    lang: 'nb',
    zone: 'Europe/Oslo',
    key: { workflowId: 'delta-5047-2026', subject: 'planningStartSeminar', step: 'invitation-0', recipient },
    at,
    to,
    replyTo: adviser,
    values: {
      meeting: title,
      municipality: 'Overhalla kommune',
      centre: 'KoRus Midt-Norge',
      recipientName: to.name,
      adviserName: adviser.name,
      contactName: contact.name,
    },
    dates: { start, end },
    lists: [{ heading: 'agenda', items: agenda }],
    calendar: {
      method: 'REQUEST',
      uid,
      sequence: 0,
      start,
      end,
      zone: 'Europe/Oslo',
      summary: title,
      description: agenda.join('\n'),
      organizer: adviser,
      attendees: [contact, leader],
    },
    ...overrides,
  };
}

let sink: SmtpSink;
let transport: Transporter;
let templates: MailTemplates;
let sendMail: (req: MailRequest) => Promise<{ messageId: string }>;
const opened: { close(): Promise<void> | void }[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
  templates = await loadTemplates(templatesDir);
  // Each send with a fresh sent-log: these tests send the same business key more than once on
  // purpose (the sent-log's own tests are below).
  sendMail = (req) => createMailActivities({ transport, templates, from, sentLog: openSentLog(':memory:') }).sendMail(req);
});

afterAll(async () => {
  transport?.close();
  for (const o of opened) await o.close();
  await sink?.close();
});

/** Sends one request through the real SMTP sink and reads it back as a mail client would. */
async function sendAndRead(req: MailRequest): Promise<SeenMail & { result: { messageId: string }; headers: string }> {
  const before = sink.mails.length;
  const result = await sendMail(req);
  const [received] = (await sink.waitFor(before + 1, 10_000)).slice(before);
  const raw = received!.raw.toString('utf8');
  return { ...(await readMail(received!)), result, headers: raw.slice(0, raw.indexOf('\r\n\r\n')) };
}

const eventOf = (mail: SeenMail): ical.VEvent => {
  const event = Object.values(mail.calendar!.parsed).find((c) => c?.type === 'VEVENT');
  if (!event || event.type !== 'VEVENT') throw new Error('no VEVENT in the calendar part');
  return event;
};
/** The ICS's content lines, unfolded (RFC 5545 §3.1). */
const icsLines = (mail: SeenMail) => mail.calendar!.raw.replace(/\r\n[ \t]/g, '').split('\r\n');
const paramValue = <T>(p: T | { val: T }) => (typeof p === 'object' && p !== null && 'val' in p ? p.val : (p as T));

describe('sendMail: an invitation to the planning meeting', () => {
  let mail: Awaited<ReturnType<typeof sendAndRead>>;
  beforeAll(async () => {
    mail = await sendAndRead(invitation());
  });

  test('goes to the contact, from plansyklus, with replies to the adviser', () => {
    expect(mail.to).toEqual([contact.email]);
    expect(mail.rcptTo).toEqual([contact.email]);
    expect(mail.replyTo).toEqual([adviser.email]);
    expect(mail.cc).toEqual([]);
    expect(mail.kind).toBe('invitation');
  });

  test('the From header is the configured sender', () => {
    expect(mail.headers.split('\r\n')).toContain('From: plansyklus <noreply@plansyklus.test>');
  });

  test('the subject names the meeting and its Oslo time in bokmål', () => {
    expect(mail.subject).toBe(`Invitasjon: ${title} torsdag 3. desember 2026 kl. 10.00`);
  });

  test('the text part greets, then opens with the lead sentence', () => {
    const blocks = mail.text.split('\n\n');
    expect(blocks[0]).toBe('Hei Kari Nordmann,');
    expect(blocks[1]).toBe(
      `Du er invitert til ${title} torsdag 3. desember 2026 kl. 10.00 – svar på kalenderinvitasjonen så vi vet om du kommer.`,
    );
    expect(mail.text).toContain('Når: torsdag 3. desember 2026, kl. 10.00–12.00');
    expect(mail.text).toContain('Arrangør: Ingrid Berg, KoRus Midt-Norge');
    expect(mail.text).toContain('Vennlig hilsen\nIngrid Berg\nKoRus Midt-Norge');
  });

  test('the HTML part carries the same greeting, lead and details', () => {
    expect(mail.html).toMatch(/^<!doctype html>/i);
    expect(mail.html).toContain('<html lang="nb"');
    expect(mail.html).toContain('>Hei Kari Nordmann,<');
    expect(mail.html).toContain(`Du er invitert til ${title} torsdag 3. desember 2026 kl. 10.00`);
    expect(mail.html).toContain('<td class="label">Når</td><td>torsdag 3. desember 2026, kl. 10.00–12.00</td>');
    expect(mail.html).toContain('Vennlig hilsen<br>Ingrid Berg<br>KoRus Midt-Norge');
  });

  test('the agenda is listed under its heading in both parts', () => {
    expect(agenda.length).toBeGreaterThan(3);
    expect(mail.text).toContain(`Dette skal vi snakke om:\n${agenda.map((item) => `  - ${item}`).join('\n')}\n`);
    expect(mail.html).toContain('Dette skal vi snakke om</p>');
    expect(mail.html).toContain(`<ul style="margin:0 0 12px 0;padding-left:20px">${agenda.map((i) => `<li>${i}</li>`).join('')}</ul>`);
  });

  test('the Date header is the workflow time, the Message-ID comes from the business key', () => {
    expect(mail.date.toISOString()).toBe(at);
    expect(mail.messageId).toBe(messageId(invitation().key));
    expect(mail.result.messageId).toBe(mail.messageId);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@plansyklus>$/);
    expect(mail.key).toBe('delta-5047-2026/planningStartSeminar/invitation-0/contact');
  });

  test('the calendar part is an iTIP REQUEST', () => {
    expect(mail.calendar).toBeDefined();
    expect(mail.calendar!.contentType).toMatch(/^Content-Type: text\/calendar;.*\bmethod=REQUEST\b/i);
    const lines = icsLines(mail);
    expect(lines).toContain('METHOD:REQUEST');
    expect(lines).toContain('STATUS:CONFIRMED');
  });

  test('every line of the calendar part is at most 75 octets and ends in CRLF (RFC 5545 §3.1)', () => {
    const raw = mail.calendar!.raw;
    expect(raw.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const lines = raw.slice(0, -2).split('\r\n');
    expect(lines.some((l) => l.startsWith(' '))).toBe(true); // the agenda is long enough to fold
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  test('DTSTAMP is UTC; DTSTART and DTEND are Oslo wall time under a VTIMEZONE for Europe/Oslo', () => {
    const lines = icsLines(mail);
    expect(lines.filter((l) => l.startsWith('DTSTAMP'))).toEqual(['DTSTAMP:20261119T080000Z']);
    expect(lines).toContain('DTSTART;TZID=Europe/Oslo:20261203T100000');
    expect(lines).toContain('DTEND;TZID=Europe/Oslo:20261203T120000');
    const vtimezone = lines.slice(lines.indexOf('BEGIN:VTIMEZONE'), lines.indexOf('END:VTIMEZONE'));
    expect(vtimezone).toContain('TZID:Europe/Oslo');
    expect(vtimezone).toContain('TZOFFSETTO:+0100');
    expect(vtimezone).toContain('TZOFFSETTO:+0200');
    expect(lines.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(lines.indexOf('BEGIN:VEVENT'));
  });

  test('a calendar client reads the event at the instant given', () => {
    const event = eventOf(mail);
    expect(event.start.toISOString()).toBe(start);
    expect(event.end?.toISOString()).toBe(end);
    expect(event.dtstamp.toISOString()).toBe(at);
    expect(paramValue(event.summary)).toBe(title);
  });

  test('the adviser organises; contact and leader are asked to answer', () => {
    const event = eventOf(mail);
    expect(event.organizer).toMatchObject({ val: `mailto:${adviser.email}`, params: { CN: adviser.name } });

    const attendees = icsLines(mail).filter((l) => l.startsWith('ATTENDEE'));
    expect(attendees.map((l) => l.replace(/^.*:mailto:/i, '').toLowerCase())).toEqual([contact.email, leader.email]);
    for (const line of attendees) {
      const params = line.slice(0, line.search(/:mailto:/i)).split(';');
      expect(params).toContain('RSVP=TRUE');
      expect(params).toContain('ROLE=REQ-PARTICIPANT');
      expect(params).toContain('PARTSTAT=NEEDS-ACTION');
    }
    const parsed = [event.attendee ?? []].flat();
    expect(parsed.map((a) => (typeof a === 'string' ? undefined : a.params.CN))).toEqual([contact.name, leader.name]);
  });

  test('UID, SEQUENCE and a reminder alarm are as given', () => {
    const event = eventOf(mail);
    expect(event.uid).toBe(uid);
    expect(event.sequence).toBe(0);
    expect(icsLines(mail)).toContain('SEQUENCE:0');
    expect(event.alarms).toHaveLength(1);
    expect(event.alarms![0]).toMatchObject({ action: 'DISPLAY', trigger: '-PT1H' });
  });
});

describe('sendMail: idempotence', () => {
  test('the same key gives the same Message-ID; another recipient gets another', async () => {
    const first = await sendAndRead(invitation());
    const again = await sendAndRead(invitation());
    const toLeader = await sendAndRead(
      invitation({ values: { ...invitation().values, recipientName: leader.name } }, leader, 'leader'),
    );
    expect(again.messageId).toBe(first.messageId);
    expect(toLeader.messageId).not.toBe(first.messageId);
    expect(toLeader.messageId).toBe(messageId(invitation({}, leader, 'leader').key));
    expect(toLeader.to).toEqual([leader.email]);
    expect(toLeader.text.startsWith('Hei Per Hansen,\n')).toBe(true);
  });
});

describe('sendMail: values people typed', () => {
  const odd: Person = { name: 'Ola <script>alert(1)</script> & Co', email: 'ola@overhalla.example' };

  test('are HTML-escaped in the HTML part and verbatim in the text part', async () => {
    const mail = await sendAndRead(invitation({ values: { ...invitation().values, recipientName: odd.name } }, odd));
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).toContain('Hei Ola &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co,');
    expect(mail.text.split('\n')[0]).toBe('Hei Ola <script>alert(1)</script> & Co,');
    expect(mail.to).toEqual([odd.email]);
  });

  test('a detail row without its value is left out; with it, it shows', async () => {
    const without = await sendAndRead(invitation());
    expect(without.text).not.toMatch(/^Hvor:/m);
    expect(without.html).not.toContain('>Hvor<');

    const location = 'Overhalla rådhus, møterom «Namsen» & kantina';
    const withLocation = await sendAndRead(
      invitation({
        values: { ...invitation().values, location },
        calendar: { ...invitation().calendar!, location },
      }),
    );
    expect(withLocation.text).toContain(`\nHvor: ${location}\n`);
    expect(withLocation.html).toContain(
      '<td class="label">Hvor</td><td>Overhalla rådhus, møterom «Namsen» &amp; kantina</td>',
    );
    expect(paramValue(eventOf(withLocation).location!)).toBe(location);
  });

  test('a value that looks like a template tag is shown as typed, not filled in', async () => {
    const location = 'Rom {{footer}} / {{.}}';
    const agendaItem = 'Innspill til {{signature}}';
    const mail = await sendAndRead(
      invitation({ values: { ...invitation().values, location }, lists: [{ heading: 'agenda', items: [agendaItem] }] }),
    );
    expect(mail.text).toContain(`\nHvor: ${location}\n`);
    expect(mail.text).toContain(`  - ${agendaItem}\n`);
    expect(mail.html).toContain(`<td>${location}</td>`);
    expect(mail.html).toContain(`<li>${agendaItem}</li>`);
  });
});

describe('sendMail: summer time', () => {
  test('a June meeting at 08:00 UTC is 10.00 in Oslo, in the subject and the calendar', async () => {
    const summerStart = '2027-06-10T08:00:00.000Z';
    const summerEnd = '2027-06-10T10:00:00.000Z';
    const mail = await sendAndRead(
      invitation({
        dates: { start: summerStart, end: summerEnd },
        calendar: { ...invitation().calendar!, start: summerStart, end: summerEnd },
      }),
    );
    expect(mail.subject).toBe(`Invitasjon: ${title} torsdag 10. juni 2027 kl. 10.00`);
    expect(icsLines(mail)).toContain('DTSTART;TZID=Europe/Oslo:20270610T100000');
    expect(eventOf(mail).start.toISOString()).toBe(summerStart);
  });
});

describe('sendMail: a cancellation', () => {
  test('is an iTIP CANCEL with STATUS:CANCELLED and no alarm', async () => {
    const mail = await sendAndRead(
      invitation({
        kind: 'meetingCancelled',
        key: { workflowId: 'delta-5047-2026', subject: 'planningStartSeminar', step: 'meetingCancelled-1', recipient: 'contact' },
        lists: undefined,
        calendar: { ...invitation().calendar!, method: 'CANCEL', sequence: 1 },
      }),
    );
    expect(mail.subject).toMatch(/^Avlyst: /);
    expect(mail.subject).toContain(`${title} torsdag 3. desember 2026 kl. 10.00`);
    expect(mail.calendar!.contentType).toMatch(/\bmethod=CANCEL\b/i);
    expect(mail.calendar!.contentType).not.toMatch(/method=REQUEST/i);
    const lines = icsLines(mail);
    expect(lines).toContain('METHOD:CANCEL');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('SEQUENCE:1');
    expect(lines.some((l) => l.includes('RSVP=TRUE'))).toBe(false);
    const event = eventOf(mail);
    expect(event.uid).toBe(uid);
    expect(event.status).toBe('CANCELLED');
    expect(event.alarms ?? []).toHaveLength(0);
  });
});

describe('sendMail: every kind of mail', () => {
  const referatDue = '2026-12-11';
  const request = (kind: MailKind): MailRequest => ({
    ...invitation(),
    kind,
    key: { workflowId: 'delta-5047-2026', subject: 'planningStartSeminar', step: `${kind}-0`, recipient: 'contact' },
    values: {
      ...invitation().values,
      deliverable: 'Handlingsplan – Barnespor',
      ask: 'Fyll ut malen for handlingsplan',
      // action-plan mails
      year: '2027',
      plan: 'Rusmiddelpolitisk handlingsplan 2024–2027',
      owner: 'Oppvekst',
      coordinatorName: 'Kari Nordmann',
      milestone: 'Vedtak om rullering',
      description: 'Kommunestyret bestemmer at planen skal rulleres.',
      legal: 'Alkoholloven § 1-7d: kommunen skal ha en alkoholpolitisk handlingsplan.',
      failedName: 'Per Hansen',
      failedAddress: 'per@kommune.test',
      failedAbout: 'Planleggingsmøte om oppstartseminaret',
    },
    lists: kind === 'invitation' ? invitation().lists : kind === 'leaderSummary' ? summaryLists : undefined,
    calendar: kind === 'invitation' ? invitation().calendar : undefined,
    days: { referatDue, due: '2026-12-14', endsOn: '2028-11-23', agreementDate: '2026-11-23' },
    milestones: [
      { kind: 'meetingHeld', subject: title },
      { kind: 'deliverableIn', subject: 'Valg av innsatsområder' },
    ],
  });
  const summaryLists: MailRequest['lists'] = [
    {
      heading: 'next',
      items: [
        { what: 'meeting', subject: 'Arbeidsseminar – Barnespor', at: '2027-02-02T08:00:00.000Z' },
        { what: 'deliverable', subject: 'Handlingsplan – Barnespor', day: '2027-01-26' },
      ],
    },
    { heading: 'late', items: [{ what: 'referat', subject: title, day: '2026-12-11' }] },
    { heading: 'open', items: [] },
  ];
  let mails: Map<MailKind, SeenMail>;
  beforeAll(async () => {
    mails = new Map();
    for (const kind of mailKinds) mails.set(kind, await sendAndRead(request(kind)));
  });

  test.each(mailKinds.map((k) => [k]))('%s renders in bokmål with text and HTML', (kind) => {
    const mail = mails.get(kind)!;
    expect(mail.kind).toBe(kind);
    const planKind = ['deliveryFailed', 'statusRequest', 'statusReminder', 'statusEscalation', 'yearlyReport', 'measureDueSoon', 'overdueDigest', 'overdueEscalation', 'revisionMilestone'].includes(kind);
    if (planKind) expect(mail.subject).toMatch(/handlingsplan|Årsrapport 2027|kom ikke fram/);
    else expect(mail.subject).toContain(kind.startsWith('deliverable') ? 'Handlingsplan – Barnespor' : kind.endsWith('Summary') ? 'Overhalla kommune' : title);
    expect(mail.text.startsWith('Hei Kari Nordmann,\n\n')).toBe(true);
    expect(mail.text).toContain('Denne e-posten er sendt av plansyklus for DelTa-samarbeidet mellom Overhalla kommune og KoRus Midt-Norge.');
    expect(mail.html).toContain('>Hei Kari Nordmann,<');
    expect(mail.text).not.toMatch(/\{\w+\}/); // no placeholder left unfilled
    expect(mail.html).not.toMatch(/\{\{?\w+\}?\}/);
    expect(mail.calendar === undefined).toBe(kind !== 'invitation');
  });

  test('every kind has its own subject', () => {
    const subjects = mailKinds.map((k) => mails.get(k)!.subject);
    expect(new Set(subjects).size).toBe(mailKinds.length);
  });

  test.each(mailKinds.filter((k) => k.startsWith('referat')).map((k) => [k]))(
    '%s names the due date as a Norwegian day',
    (kind) => {
      const mail = mails.get(kind)!;
      expect(mail.text).toContain('fredag 11. desember 2026');
      expect(mail.html).toContain('fredag 11. desember 2026');
      expect(mail.text).toContain('Frist: fredag 11. desember 2026');
      expect(mail.text).not.toContain(referatDue);
    },
  );

  test('the referat request and reminder put the due date in the subject', () => {
    expect(mails.get('referatRequest')!.subject).toBe(`Referat fra ${title} – frist fredag 11. desember 2026`);
    expect(mails.get('referatReminder')!.subject).toBe(`Påminnelse: referat fra ${title} – frist fredag 11. desember 2026`);
  });

  test('the escalation names the contact person', () => {
    expect(mails.get('referatEscalation')!.text).toContain('Kontaktperson: Kari Nordmann');
  });

  test('deliverable mails say what to do and by when; the escalation goes to the leader with the contact named', () => {
    expect(mails.get('deliverableRequest')!.subject).toBe('Handlingsplan – Barnespor – frist mandag 14. desember 2026');
    expect(mails.get('deliverableRequest')!.text).toContain('Fyll ut malen for handlingsplan – send det til Ingrid Berg innen mandag 14. desember 2026.');
    expect(mails.get('deliverableEscalation')!.text).toContain('Kontaktperson: Kari Nordmann');
  });

  test("a leader's summary names every milestone it reports and lists what comes next and what is late", () => {
    const summary = mails.get('leaderSummary')!;
    expect(summary.subject).toBe(`DelTa i Overhalla kommune: ${title} er gjennomført og Valg av innsatsområder er levert`);
    expect(summary.text).toContain(
      'Dette kommer nå:\n  - Arbeidsseminar – Barnespor: tirsdag 2. februar 2027 kl. 09.00\n  - Handlingsplan – Barnespor, frist tirsdag 26. januar 2027\n',
    );
    expect(summary.text).toContain(`Dette er forsinket:\n  - Referat fra ${title}, frist fredag 11. desember 2026\n`);
    expect(summary.text).not.toContain('Dette ble ikke fullført'); // an empty list is left out
    expect(summary.html).toContain('<li>Handlingsplan – Barnespor, frist tirsdag 26. januar 2027</li>');
  });

  test('the meeting reminder gives the meeting time', () => {
    expect(mails.get('meetingReminder')!.subject).toBe(`Påminnelse: ${title} torsdag 3. desember 2026 kl. 10.00`);
  });
});

/** An SMTP server that refuses every recipient with `code`, quoting the address as many servers do. */
async function refusingServer(code: number): Promise<number> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const e = new Error(`no such user <${address.address}>`);
      (e as Error & { responseCode: number }).responseCode = code;
      callback(e);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  opened.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  const address = server.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Sends through a transport to `port` and returns what sendMail rejected with. */
async function failureSendingTo(port: number): Promise<ApplicationFailure> {
  const failing = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  opened.push({ close: () => failing.close() });
  const activities = createMailActivities({ transport: failing, templates, from, sentLog: openSentLog(':memory:') });
  const error = await activities.sendMail(invitation()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('sendMail: SMTP failures', () => {
  test('a 550 for the recipient is permanent and does not repeat the address', async () => {
    const failure = await failureSendingTo(await refusingServer(550));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('ERR_SMTP_PERMANENT');
    expect(failure.message).toContain('550');
    expect(failure.message).not.toContain(contact.email);
    expect(JSON.stringify(failure.details ?? [])).not.toContain(contact.email);
  });

  test('a 451 for the recipient is temporary: Temporal retries', async () => {
    const failure = await failureSendingTo(await refusingServer(451));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe('ERR_SMTP_TEMPORARY');
    expect(failure.message).toContain('451');
    expect(failure.message).not.toContain(contact.email);
  });

  test('a refused connection is temporary', async () => {
    // A port that was free a moment ago and has nobody listening now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const failure = await failureSendingTo(port);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe('ERR_SMTP_TEMPORARY');
  });
});

describe('sendMails: the mails of one moment in one activity', () => {
  /** An SMTP server that answers `codeFor(address)` (or accepts) and counts what it accepted, per recipient. */
  async function pickyServer(codeFor: (address: string) => number | undefined) {
    const accepted: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const code = codeFor(address.address);
        if (!code) return callback();
        callback(Object.assign(new Error(`no thanks <${address.address}>`), { responseCode: code }));
      },
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          accepted.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    opened.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const port = (server.server.address() as { port: number }).port;
    const through = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    opened.push({ close: () => through.close() });
    return { accepted, transport: through };
  }
  const toLeader = () => invitation({}, leader, 'leader');

  test('each mail has its outcome: sent before, refused for good, sent now', async () => {
    const server = await pickyServer((a) => (a === leader.email ? 550 : undefined));
    const activities = createMailActivities({ transport: server.transport, templates, from, sentLog: openSentLog(':memory:') });
    const earlier = await activities.sendMail(invitation());
    const other = invitation({ key: { ...invitation().key, step: 'reminder' } });

    const outcomes = await activities.sendMails([invitation(), toLeader(), other]);
    expect(outcomes[0]).toEqual({ messageId: earlier.messageId, alreadySent: true });
    expect(outcomes[1]).toEqual({ refused: expect.stringContaining('550') });
    expect(JSON.stringify(outcomes[1])).not.toContain(leader.email);
    expect(outcomes[2]).toEqual({ messageId: messageId(other.key) });
    // The contact got the first mail once (before the batch) and the other one now.
    expect(server.accepted).toEqual([contact.email, contact.email]);
  });

  test('temporary trouble with one mail: the rest goes, the activity fails, and its retry sends only that one', async () => {
    let greylisting = true;
    const server = await pickyServer((a) => (a === leader.email && greylisting ? 451 : undefined));
    const activities = createMailActivities({ transport: server.transport, templates, from, sentLog: openSentLog(':memory:') });
    const batch = [toLeader(), invitation()];

    const failure = await activities.sendMails(batch).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe('ERR_SMTP_TEMPORARY');
    expect(server.accepted).toEqual([contact.email]); // the mail after the troubled one went

    greylisting = false;
    const outcomes = await activities.sendMails(batch);
    expect(outcomes).toEqual([{ messageId: messageId(batch[0].key) }, { messageId: messageId(batch[1].key), alreadySent: true }]);
    expect(server.accepted).toEqual([contact.email, leader.email]);
  });
});

describe('the sent-log: a mail is sent once, even when its activity runs again', () => {
  test('a second attempt with the same business key sends nothing and returns the same Message-ID; another key is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plansyklus-sentlog-'));
    const file = join(dir, 'sent-log.sqlite');
    try {
      const before = sink.mails.length;
      const first = createMailActivities({ transport, templates, from, sentLog: openSentLog(file) });
      const a = await first.sendMail(invitation());
      const again = await first.sendMail(invitation());
      expect(again).toEqual({ messageId: a.messageId, alreadySent: true });
      // A worker that restarts opens the same file and still knows.
      const restarted = createMailActivities({ transport, templates, from, sentLog: openSentLog(file) });
      expect(await restarted.sendMail(invitation())).toEqual({ messageId: a.messageId, alreadySent: true });
      const other = await restarted.sendMail(invitation({ key: { ...invitation().key, recipient: 'leader' }, to: { name: 'Per Hansen', email: 'per@kommune.test' } }));
      expect(other.alreadySent).toBeUndefined();
      await sink.waitFor(before + 2);
      await new Promise((r) => setTimeout(r, 200));
      expect(sink.mails.length - before).toBe(2);
      // The log holds hashes, not names or addresses.
      expect(readFileSync(file).toString('latin1')).not.toMatch(/kommune\.test|delta-5047/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
