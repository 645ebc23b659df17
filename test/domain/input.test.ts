import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { escapeHtml, fill } from '../../activities/fill';
import { loadProgramme, readValidated } from '../../client/files';
import { loadConfig } from '../../domain/config';
import { deltaFileSchema, deltaInputSchema, deltaWorkflowId } from '../../domain/delta/input';
import { ErrorType, parseOrThrow, PlansyklusError } from '../../domain/errors';
import { programmeSchema, type Programme } from '../../domain/programme';
import { projectRoot } from '../../infra/paths';

const exampleFile = join(projectRoot, 'examples', 'overhalla-delta.yaml');
const exampleData = () => parseYaml(readFileSync(exampleFile, 'utf8')) as Record<string, any>;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plansyklus-input-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let fileNo = 0;
/** Writes `text` (or data as YAML) to a fresh file under the temp dir. */
function tmpFile(content: unknown, ext = 'yaml'): string {
  const file = join(dir, `input-${++fileNo}.${ext}`);
  writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  return file;
}

/** What `f` threw; fails the test when it did not throw a PlansyklusError. */
function thrown(f: () => unknown): PlansyklusError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(PlansyklusError);
    return err as PlansyklusError;
  }
  throw new Error('expected a PlansyklusError, nothing was thrown');
}

describe('the shipped files', () => {
  test('templates/programmes/delta.yaml is a valid programme', () => {
    const programme = loadProgramme('delta');
    expect(programme.id).toBe('delta');
    expect(programme.sequence).toEqual(['planningStartSeminar', 'startSeminar']);
    expect(Object.keys(programme.meetings).sort()).toEqual(['planningStartSeminar', 'startSeminar']);
    const planning = programme.meetings.planningStartSeminar!;
    expect(planning.title.nb).toBe('Planleggingsmøte om oppstartseminaret');
    expect(planning.referat).toEqual({ dueWorkingDays: 5, reminderWorkingDaysAfter: [3], escalateWorkingDaysAfter: 8 });
    // Reading the file is the same as parsing it with the schema.
    expect(programmeSchema().parse(parseYaml(readFileSync(join(projectRoot, 'templates', 'programmes', 'delta.yaml'), 'utf8')))).toEqual(programme);
  });

  test('examples/overhalla-delta.yaml is a valid DelTa file, and valid input with the programme', () => {
    const file = readValidated(deltaFileSchema(), exampleFile);
    expect(file.municipality).toEqual({ name: 'Overhalla kommune', number: '5047', country: 'NO', language: 'nb', quietPeriod: true });
    expect(file.people.contact.email).toBe('kari.nordmann@overhalla.example');
    expect(file.meetings.planningStartSeminar).toEqual({ start: '2026-12-03T10:00', location: 'Overhalla rådhus, møterom Namsen' });

    const input = parseOrThrow(deltaInputSchema(), { ...file, programme: loadProgramme('delta') }, 'input');
    expect(input.programme.id).toBe('delta');
    expect(input.meetings).toEqual(file.meetings);
  });

  test('defaults fill what a file leaves out', () => {
    const data = exampleData();
    delete data.municipality.country;
    delete data.municipality.language;
    delete data.municipality.quietPeriod;
    delete data.meetings;
    const file = readValidated(deltaFileSchema(), tmpFile(data));
    expect(file.municipality).toMatchObject({ country: 'NO', language: 'nb', quietPeriod: true });
    expect(file.meetings).toEqual({});
  });

  test('a JSON file is read as well', () => {
    const file = readValidated(deltaFileSchema(), tmpFile(JSON.stringify(exampleData()), 'json'));
    expect(file.municipality.number).toBe('5047');
  });

  test('the workflow id is programme, municipality number and agreement year, with no personal data', () => {
    const file = readValidated(deltaFileSchema(), exampleFile);
    const id = deltaWorkflowId(file);
    expect(id).toBe('delta-5047-2026');
    const personal = Object.values(file.people).flatMap((p) => [
      ...p.name.toLowerCase().split(/\s+/),
      ...p.email.toLowerCase().split(/[@.]/),
    ]);
    expect(personal).toEqual(expect.arrayContaining(['kari', 'nordmann', 'per', 'hansen', 'ingrid', 'berg']));
    for (const part of personal.filter((p) => p.length >= 3)) expect(id.toLowerCase()).not.toContain(part);
  });
});

describe('a DelTa file with a mistake', () => {
  type Case = [what: string, change: (d: Record<string, any>) => void, line: string];
  const cases: Case[] = [
    ['a three-digit municipality number', (d) => (d.municipality.number = '504'), 'municipality.number: må være det firesifrede kommunenummeret, f.eks. "5047"'],
    ['a municipality number written as a number', (d) => (d.municipality.number = 5047), 'municipality.number: Ugyldig input: forventet string, fikk tall'],
    ['an unfinished e-mail address', (d) => (d.people.contact.email = 'kari@'), 'people.contact.email: må være en e-postadresse'],
    ['no leader', (d) => delete d.people.leader, 'people.leader: Ugyldig input: forventet object, fikk undefined'],
    ['a blank name', (d) => (d.people.adviser.name = '   '), 'people.adviser.name: navn mangler'],
    ['month 13', (d) => (d.agreementDate = '2026-13-01'), 'agreementDate: må være en dato åååå-mm-dd'],
    ['a date in words', (d) => (d.meetings.planningStartSeminar.start = '3. desember'), 'meetings.planningStartSeminar.start: må være dato og klokkeslett åååå-mm-ddTTT:mm, f.eks. 2027-01-12T09:00'],
    ['an unknown country', (d) => (d.municipality.country = 'SE'), 'municipality.country: Ugyldig valg: forventet en av "NO"|"DK"'],
  ];

  test.each(cases)('%s is refused, naming the field and why', (_what, change, line) => {
    const data = exampleData();
    change(data);
    const file = tmpFile(data);
    const err = thrown(() => readValidated(deltaFileSchema(), file));
    expect(err.type).toBe(ErrorType.invalidInput);
    expect(err.type).toBe('ERR_INVALID_INPUT');
    const [head, ...problems] = err.message.split('\n');
    expect(head).toBe(`${file} er ikke gyldig:`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(line);
    // The reason is written for people, in bokmål, not zod's English defaults.
    expect(problems[0]).not.toMatch(/\b(Invalid|Expected|Required|received)\b/);
  });

  test('every problem in a file is listed, one line each', () => {
    const data = exampleData();
    data.municipality.number = '504';
    data.people.contact.email = 'kari@';
    delete data.people.leader;
    const err = thrown(() => readValidated(deltaFileSchema(), tmpFile(data)));
    const fields = err.message.split('\n').slice(1).map((l) => l.slice(0, l.indexOf(':')));
    expect(fields.sort()).toEqual(['municipality.number', 'people.contact.email', 'people.leader']);
  });

  test('a meeting the programme does not have is refused, naming the meetings it has', () => {
    const data = exampleData();
    data.meetings.kickoff = { start: '2027-01-12T09:00' };
    const file = readValidated(deltaFileSchema(), tmpFile(data)); // the file alone does not know the programme
    const err = thrown(() => parseOrThrow(deltaInputSchema(), { ...file, programme: loadProgramme('delta') }, 'overhalla-delta.yaml'));
    expect(err.type).toBe('ERR_INVALID_INPUT');
    expect(err.message).toBe(
      'overhalla-delta.yaml er ikke gyldig:\nmeetings.kickoff: ukjent møte; programmet har planningStartSeminar, startSeminar',
    );
  });

  test('a file that does not exist is named', () => {
    const missing = join(dir, 'finnes-ikke.yaml');
    const err = thrown(() => readValidated(deltaFileSchema(), missing));
    expect(err.type).toBe('ERR_INVALID_INPUT');
    expect(err.message).toBe(`Kan ikke lese ${missing}: filen finnes ikke eller kan ikke åpnes.`);
  });

  test('a file that is not YAML is named, with where it breaks', () => {
    const file = tmpFile('municipality: [ikke lukket\n  name: Overhalla: kommune\n');
    const err = thrown(() => readValidated(deltaFileSchema(), file));
    expect(err.type).toBe('ERR_INVALID_INPUT');
    expect(err.message.startsWith(`${file} er ikke gyldig YAML/JSON: `)).toBe(true);
    expect(err.message).toMatch(/line 1, column \d+/);
  });

  test('a YAML file that is not an object is refused as a whole', () => {
    const file = tmpFile('bare en tekst\n');
    const err = thrown(() => readValidated(deltaFileSchema(), file));
    expect(err.message).toBe(`${file} er ikke gyldig:\n(input): Ugyldig input: forventet object, fikk string`);
  });
});

describe('programme rules', () => {
  const delta = () => loadProgramme('delta');
  const withPlanning = (change: (m: Programme['meetings'][string]) => void): Programme => {
    const p = structuredClone(delta());
    change(p.meetings.planningStartSeminar!);
    return p;
  };

  test.each([
    ['at the escalation', [3, 8]],
    ['after the escalation', [9]],
  ])('a referat reminder %s is refused', (_what, reminders) => {
    const programme = withPlanning((m) => {
      m.referat = { dueWorkingDays: 5, reminderWorkingDaysAfter: reminders, escalateWorkingDaysAfter: 8 };
    });
    const err = thrown(() => parseOrThrow(programmeSchema(), programme, 'delta.yaml'));
    expect(err.type).toBe('ERR_INVALID_INPUT');
    expect(err.message).toBe(
      'delta.yaml er ikke gyldig:\nmeetings.planningStartSeminar.referat.reminderWorkingDaysAfter: påminnelsene må komme før eskaleringen',
    );
  });

  test('reminders before the escalation are fine', () => {
    const programme = withPlanning((m) => {
      m.referat = { dueWorkingDays: 5, reminderWorkingDaysAfter: [3, 7], escalateWorkingDaysAfter: 8 };
    });
    expect(parseOrThrow(programmeSchema(), programme, 'delta.yaml').meetings.planningStartSeminar!.referat?.reminderWorkingDaysAfter).toEqual([3, 7]);
  });

  test('a sequence entry that is not a meeting is refused', () => {
    const programme = { ...delta(), sequence: ['planningStartSeminar', 'kickoff'] };
    const err = thrown(() => parseOrThrow(programmeSchema(), programme, 'delta.yaml'));
    expect(err.message).toBe('delta.yaml er ikke gyldig:\nsequence.1: møtet «kickoff» finnes ikke under meetings');
  });

  test('the same rules apply when the programme file is read from disk', () => {
    const data = parseYaml(readFileSync(join(projectRoot, 'templates', 'programmes', 'delta.yaml'), 'utf8'));
    data.meetings.startSeminar.referat = { dueWorkingDays: 5, reminderWorkingDaysAfter: [10], escalateWorkingDaysAfter: 10 };
    const file = tmpFile(data);
    const err = thrown(() => readValidated(programmeSchema(), file));
    expect(err.message).toContain('meetings.startSeminar.referat.reminderWorkingDaysAfter: påminnelsene må komme før eskaleringen');
  });
});

describe('loadConfig', () => {
  const defaults = {
    temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'plansyklus', tls: false, apiKey: undefined },
    smtpUrl: 'smtp://127.0.0.1:2525',
    mailFrom: 'plansyklus <plansyklus@localhost>',
    dataDir: 'data',
    sentLogUrl: undefined,
    templatesDir: undefined,
    codecKeys: undefined,
    codec: { port: 8888, corsOrigin: 'http://localhost:8080' },
    logLevel: 'INFO',
    uiPort: 8233,
    workflowCache: 800,
  };

  test('an empty environment gives the defaults', () => {
    expect(loadConfig({})).toEqual(defaults);
  });

  test('empty values count as unset, and unrelated variables are ignored', () => {
    expect(loadConfig({ PLANSYKLUS_NAMESPACE: '', PLANSYKLUS_SMTP_URL: '', HOME: '/root', PATH: '/bin' })).toEqual(defaults);
  });

  test('set values are used', () => {
    const config = loadConfig({
      PLANSYKLUS_TEMPORAL_ADDRESS: 'temporal.korus.example:7233',
      PLANSYKLUS_SMTP_URL: 'smtps://smtp.korus.example:465',
      PLANSYKLUS_MAIL_FROM: 'KoRus Midt <noreply@korus.example>',
      PLANSYKLUS_UI_PORT: '9000',
      PLANSYKLUS_WORKFLOW_CACHE: '500',
    });
    expect(config.temporal.address).toBe('temporal.korus.example:7233');
    expect(config.smtpUrl).toBe('smtps://smtp.korus.example:465');
    expect(config.mailFrom).toBe('KoRus Midt <noreply@korus.example>');
    expect(config.uiPort).toBe(9000);
    expect(config.workflowCache).toBe(500);
  });

  test('an API key or a client certificate turns TLS on; cert and key come together', () => {
    expect(loadConfig({ PLANSYKLUS_TEMPORAL_API_KEY: 'abc' }).temporal).toMatchObject({ tls: {}, apiKey: 'abc' });
    expect(loadConfig({ PLANSYKLUS_TEMPORAL_TLS: 'true' }).temporal.tls).toEqual({});
    expect(loadConfig({ PLANSYKLUS_TEMPORAL_TLS_CERT: '/c.pem', PLANSYKLUS_TEMPORAL_TLS_KEY: '/c.key' }).temporal.tls).toEqual({
      certPath: '/c.pem',
      keyPath: '/c.key',
    });
    expect(thrown(() => loadConfig({ PLANSYKLUS_TEMPORAL_TLS_CERT: '/c.pem' })).message).toContain('må settes sammen');
  });

  test('codec keys are id=base64 pairs, the first one current', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ PLANSYKLUS_CODEC_KEYS: `k2=${key}, k1=${key}` }).codecKeys).toEqual([`k2=${key}`, `k1=${key}`]);
    expect(thrown(() => loadConfig({ PLANSYKLUS_CODEC_KEYS: 'k1=kort' })).message).toContain('PLANSYKLUS_CODEC_KEYS.0: hver nøkkel må være id=<32 byte i base64>');
  });

  // Valid values that must never be echoed back when another variable is wrong.
  const others = {
    PLANSYKLUS_SMTP_URL: 'smtp://plansyklus:hemmelig-passord@smtp.korus.example:587',
    PLANSYKLUS_MAIL_FROM: 'Hemmelig Avsender <skjult@korus.example>',
    PLANSYKLUS_NAMESPACE: 'hemmelig-navnerom',
  };

  test.each([
    ['PLANSYKLUS_TEMPORAL_ADDRESS', 'nohost', 'må være vert:port, f.eks. 127.0.0.1:7233'],
    ['PLANSYKLUS_SMTP_URL', 'http://x', 'må være en smtp://- eller smtps://-adresse, f.eks. smtp://127.0.0.1:2525'],
    ['PLANSYKLUS_UI_PORT', '70000', 'For stor(t): forventet number til å ha <=65535'],
    ['PLANSYKLUS_LOG_LEVEL', 'LOUD', 'må være en av DEBUG, INFO, WARN, ERROR'],
    ['PLANSYKLUS_WORKFLOW_CACHE', '1', 'må være minst 2 (en arbeider holder minst to arbeidsflyter i minnet)'],
    ['PLANSYKLUS_WORKFLOW_CACHE', 'mange', 'må være et heltall'],
    ['PLANSYKLUS_TEMPORAL_TLS', 'ja', 'må være true eller false'],
    ['PLANSYKLUS_SENT_LOG_URL', 'mysql://x', 'må være en postgres://-adresse, f.eks. postgres://plansyklus@db:5432/plansyklus'],
    ['PLANSYKLUS_MAIL_FROM', 'ikke en adresse', 'må være en avsenderadresse, f.eks. "plansyklus <noreply@example.no>"'],
  ])('%s=%s is refused, naming the variable', (name, value, reason) => {
    const env = { ...others, [name]: value };
    const err = thrown(() => loadConfig(env));
    expect(err.type).toBe('ERR_INVALID_INPUT');
    const [head, ...problems] = err.message.split('\n');
    expect(head).toBe('Ugyldig miljøvariabel:');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(`${name}: ${reason}`);
    for (const [other, secret] of Object.entries(others)) {
      if (other !== name) expect(err.message).not.toContain(secret);
    }
    expect(err.message).not.toMatch(/hemmelig|skjult/);
  });
});

describe('fill', () => {
  const same = (s: string) => s;

  test('inserts values, passing each through escape and leaving the template alone', () => {
    expect(fill('<b>{{a}}</b> & {{b}}', { a: 'x<y', b: 'Tom & Jerry' }, escapeHtml)).toBe('<b>x&lt;y</b> & Tom &amp; Jerry');
    expect(fill('{{a}}', { a: 'x<y' }, same)).toBe('x<y');
  });

  test('escapeHtml covers markup, quotes and line breaks', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>\nny linje`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;<br>ny linje',
    );
  });

  test('a section repeats over a list of strings, {{.}} being the item', () => {
    expect(fill('<ol>{{#items}}<li>{{.}}</li>{{/items}}</ol>', { items: ['én', 'to & tre'] }, escapeHtml)).toBe(
      '<ol><li>én</li><li>to &amp; tre</li></ol>',
    );
  });

  test('a section repeats over a list of records', () => {
    const model = { rows: [{ label: 'Når', value: 'i dag' }, { label: 'Hvor', value: 'Rådhuset' }] };
    expect(fill('{{#rows}}{{label}}: {{value}}\n{{/rows}}', model, same)).toBe('Når: i dag\nHvor: Rådhuset\n');
  });

  test('an empty list gives nothing', () => {
    expect(fill('a{{#items}}<li>{{.}}</li>{{/items}}b', { items: [] }, same)).toBe('ab');
  });

  test('a section over a string shows when the string is non-empty, with the outer values', () => {
    const template = '{{#heading}}<h1>{{heading}}</h1>{{/heading}}|';
    expect(fill(template, { heading: 'Agenda' }, same)).toBe('<h1>Agenda</h1>|');
    expect(fill(template, { heading: '' }, same)).toBe('|');
    expect(fill(template, { heading: undefined }, same)).toBe('|');
    expect(fill(template, {}, same)).toBe('|');
  });

  test('sections nest', () => {
    const template = '{{#has}}<table>{{#rows}}<tr>{{label}}</tr>{{/rows}}</table>{{/has}}';
    expect(fill(template, { has: 'yes', rows: [{ label: 'a' }, { label: 'b' }] }, same)).toBe('<table><tr>a</tr><tr>b</tr></table>');
    expect(fill(template, { has: undefined, rows: [{ label: 'a' }] }, same)).toBe('');
  });

  test('a missing value throws, naming it', () => {
    expect(() => fill('Hei {{recipientName}},', {}, same)).toThrow('template value "recipientName" is missing');
    expect(() => fill('{{#rows}}{{label}}{{/rows}}', { rows: [{ value: 'x' }] }, same)).toThrow('"label"');
    // A list is not a value.
    expect(() => fill('{{items}}', { items: ['a'] }, same)).toThrow('"items"');
  });

  test('a value that contains tags is shown as typed, never filled in', () => {
    const model = { items: ['{{secret}}', '{{.}}'], secret: 'S', name: '{{secret}}' };
    expect(fill('{{#items}}[{{.}}]{{/items}} {{name}}', model, same)).toBe('[{{secret}}][{{.}}] {{secret}}');
    expect(fill('{{#rows}}{{value}}{{/rows}}', { rows: [{ value: '{{nope}}' }] }, same)).toBe('{{nope}}');
  });
});

