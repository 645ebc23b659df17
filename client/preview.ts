import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadTemplates, type MailTemplates } from '../activities/render';
import { buildInvite } from '../activities/invite';
import { ErrorType, PlansyklusError } from '../domain/errors';
import { languageSchema, type Language } from '../domain/language';
import { mailKinds, type MailKind, type MailRequest } from '../domain/mail';
import { z } from '../domain/z';
import { templatesDir } from '../infra/paths';
import { readValidated } from './files';

/**
 * `plansyklus preview <kind>`: writes a mail's HTML and text, and a PNG of the HTML rendered in
 * headless Chromium, from invented sample data (or the values in --data), so a reviewer can see
 * every template without sending anything.
 */
const person = (name: string, email: string) => ({ name, email });
const contact = person('Kari Nordmann', 'kari@kommune.example');
const leader = person('Per Hansen', 'per@kommune.example');
const adviser = person('Ingrid Berg', 'ingrid@korus.example');

function sample(kind: MailKind, lang: Language): MailRequest {
  const agenda = ['Hva ønsker kommunen å få ut av seminaret?', 'Hvem bør være med?', 'Kommunens og KoRus sine oppgaver'];
  const base: MailRequest = {
    kind,
    lang,
    zone: 'Europe/Oslo',
    key: { workflowId: 'delta-5047-2027', subject: 'preview', step: kind, recipient: 'contact' },
    at: '2027-03-01T08:00:00.000Z',
    to: contact,
    replyTo: adviser,
    values: {
      meeting: 'Planleggingsmøte om oppstartseminaret',
      municipality: 'Overhalla kommune',
      centre: 'KoRus Midt-Norge',
      recipientName: contact.name,
      adviserName: adviser.name,
      contactName: contact.name,
      location: 'Rådhuset, møterom Namsen',
      deliverable: 'Handlingsplan – Barnespor',
      ask: 'Fyll ut malen for handlingsplan',
      plan: 'Rusmiddelpolitisk handlingsplan 2024–2027',
      owner: 'Oppvekst',
      year: '2027',
      coordinatorName: contact.name,
      milestone: 'Vedtak om rullering',
      description: 'Kommunestyret bestemmer at planen skal rulleres.',
      legal: 'Alkoholloven § 1-7d: kommunen skal ha en alkoholpolitisk handlingsplan for hver kommunestyreperiode.',
      failedName: leader.name,
      failedAddress: leader.email,
      failedAbout: 'Planleggingsmøte om oppstartseminaret',
    },
    dates: { start: '2027-03-16T09:00:00.000Z', end: '2027-03-16T11:00:00.000Z' },
    days: { referatDue: '2027-03-23', due: '2027-03-30', endsOn: '2029-01-10', agreementDate: '2027-01-10' },
    milestones: [{ kind: 'meetingHeld', subject: 'Oppstartseminar' }],
    lists: [{ heading: 'agenda', items: agenda }],
  };
  if (kind === 'invitation' || kind === 'meetingChanged' || kind === 'meetingCancelled') {
    base.calendar = {
      method: kind === 'meetingCancelled' ? 'CANCEL' : 'REQUEST',
      uid: 'delta-5047-2027.preview@plansyklus',
      sequence: kind === 'invitation' ? 0 : 1,
      start: base.dates!.start,
      end: base.dates!.end,
      zone: 'Europe/Oslo',
      summary: 'Planleggingsmøte om oppstartseminaret – Overhalla kommune',
      description: agenda.join('\n'),
      organizer: adviser,
      attendees: [contact, leader],
    };
  }
  if (kind === 'leaderSummary') {
    base.lists = [
      { heading: 'next', items: [{ what: 'meeting', subject: 'Oppstartseminar', at: '2027-04-20T07:30:00.000Z' }] },
      { heading: 'late', items: [{ what: 'referat', subject: 'Planleggingsmøte om oppstartseminaret', day: '2027-03-23' }] },
    ];
  }
  if (kind.startsWith('status') || kind.startsWith('overdue') || kind === 'measureDueSoon') {
    base.programme = 'plan';
    base.lists = [{ heading: kind === 'statusRequest' ? 'measures' : 'unanswered', items: ['1.1 PREMIS (ulike forebyggingsprogram)', '1.2 Økt satsing på MOT i lokalsamfunnet'] }];
  }
  if (kind === 'yearlyReport' || kind === 'revisionMilestone') base.programme = 'plan';
  if (kind === 'yearlyReport') {
    base.report = {
      municipality: 'Overhalla kommune',
      plan: 'Rusmiddelpolitisk handlingsplan 2024–2027',
      year: 2027,
      deadline: '2027-05-24',
      closed: true,
      language: lang === 'en' ? 'nb' : lang,
      measures: [
        { id: '1.1', goal: 'Tydelig folkehelseperspektiv', measure: 'PREMIS (ulike forebyggingsprogram)', owner: 'Oppvekst', status: 'green', late: false },
        { id: '1.2', goal: 'Tydelig folkehelseperspektiv', measure: 'Økt satsing på MOT', owner: 'Helse', status: 'yellow', comment: 'Ny koordinator fra høsten', late: false },
        { id: '2.1', goal: 'Bedre kvalitet og økt kompetanse', measure: 'Kurs i ansvarlig vertskap', owner: 'Jordmor', late: true },
      ],
    };
  }
  return base;
}

/** Extra or changed values for the sample, from --data (YAML). */
const dataSchema = z
  .object({
    values: z.record(z.string(), z.string()).optional(),
    days: z.record(z.string(), z.iso.date()).optional(),
    dates: z.record(z.string(), z.iso.datetime()).optional(),
  })
  .strict();

export const previewArgsSchema = z.object({
  kind: z.enum(mailKinds, { error: `må være en av ${mailKinds.join(', ')}` }),
  lang: languageSchema().default('nb'),
});

export interface PreviewResult {
  html: string;
  text: string;
  png?: string;
  /** Why no PNG was made, when none was. */
  noPng?: string;
}

/** The layout is compiled once per process, however many previews are drawn. */
let templates: Promise<MailTemplates> | undefined;

export function chromiumPath(): string | undefined {
  const candidates = [process.env.PLANSYKLUS_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

export async function preview(kind: MailKind, lang: Language, outDir: string, dataFile?: string, png = true): Promise<PreviewResult> {
  const req = sample(kind, lang);
  if (dataFile) {
    const data = readValidated(dataSchema, dataFile);
    Object.assign(req.values, data.values);
    req.days = { ...req.days, ...data.days };
    req.dates = { ...req.dates, ...data.dates };
  }
  templates ??= loadTemplates(templatesDir);
  const loaded = await templates;
  let rendered;
  try {
    rendered = loaded.render(req);
  } catch (err) {
    throw new PlansyklusError(ErrorType.invalidInput, `Malen for ${kind} (${lang}) kan ikke fylles ut: ${(err as Error).message}`);
  }
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${kind}.${lang}`);
  writeFileSync(`${base}.html`, rendered.html);
  writeFileSync(`${base}.txt`, `Emne: ${rendered.subject}\n\n${rendered.text}`);
  if (req.calendar) writeFileSync(`${base}.ics`, buildInvite(req.calendar, new Date(req.at)));
  const chromium = chromiumPath();
  if (!png) return { html: `${base}.html`, text: `${base}.txt`, noPng: 'ikke bedt om' };
  if (!chromium) return { html: `${base}.html`, text: `${base}.txt`, noPng: 'Chromium finnes ikke (apt-get install chromium, eller sett PLANSYKLUS_CHROMIUM)' };
  await promisify(execFile)(
    chromium,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${base}.png`, '--window-size=720,1400', `file://${base}.html`],
    { timeout: 60_000 },
  );
  return { html: `${base}.html`, text: `${base}.txt`, png: `${base}.png` };
}
