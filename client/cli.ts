import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../domain/config';
import { changeContactsSchema, changeContactsUpdate, pauseUpdate, resumeUpdate } from '../domain/delta/messages';
import { ErrorType, PlansyklusError } from '../domain/errors';
import { withClient } from './connection';
import { deltaStatus, formatStatus, listDelta, startDelta } from './delta';
import { exitWithError } from './exit';
import { readValidated } from './files';
import { cancelMeeting, scheduleMeeting } from './meeting';
import { registerReferat } from './referat';

interface Command {
  usage: string;
  help: string;
  options?: Record<string, { type: 'boolean' | 'string'; short?: string }>;
  positionals: string[];
  run(config: Config, args: string[], flags: Record<string, string | boolean | undefined>): Promise<void>;
}

const print = (text: string): void => void process.stdout.write(`${text}\n`);
const json = (value: unknown): void => print(JSON.stringify(value, null, 2));

const commands: Record<string, Command> = {
  'delta start': {
    usage: 'plansyklus delta start <fil>',
    help: 'Starter et DelTa-samarbeid fra en YAML- eller JSON-fil (se examples/overhalla-delta.yaml).',
    positionals: ['fil'],
    async run(config, [file]) {
      const id = await withClient(config, (c) => startDelta(c, config, file));
      print(`Startet ${id}. Se status med: plansyklus delta status ${id}`);
    },
  },
  'delta status': {
    usage: 'plansyklus delta status <id> [--json]',
    help: 'Viser fase, neste frist, møtene og hva som er sendt.',
    options: { json: { type: 'boolean' } },
    positionals: ['id'],
    async run(config, [id], flags) {
      const status = await withClient(config, (c) => deltaStatus(c, id));
      if (flags.json) json(status);
      else print(formatStatus(status));
    },
  },
  'delta list': {
    usage: 'plansyklus delta list [--json]',
    help: 'Lister alle DelTa-samarbeid.',
    options: { json: { type: 'boolean' } },
    positionals: [],
    async run(config, _args, flags) {
      const rows = await withClient(config, (c) => listDelta(c));
      if (flags.json) return json(rows);
      if (!rows.length) return print('Ingen DelTa-samarbeid ennå.');
      rows.forEach((r) => print(`${r.workflowId}\t${r.status}\tstartet ${r.startTime.slice(0, 10)}`));
    },
  },
  'delta pause': {
    usage: 'plansyklus delta pause <id>',
    help: 'Setter samarbeidet på pause: ingen e-post går ut, og referatfristene flyttes like lenge som pausen varer.',
    positionals: ['id'],
    async run(config, [id]) {
      await withClient(config, (c) => c.workflow.getHandle(id).executeUpdate(pauseUpdate));
      print(`${id} er satt på pause. Fortsett med: plansyklus delta resume ${id}`);
    },
  },
  'delta resume': {
    usage: 'plansyklus delta resume <id>',
    help: 'Tar samarbeidet opp igjen etter en pause.',
    positionals: ['id'],
    async run(config, [id]) {
      const status = await withClient(config, (c) => c.workflow.getHandle(id).executeUpdate(resumeUpdate));
      print(`${id} er i gang igjen.\n\n${formatStatus(status)}`);
    },
  },
  'delta contacts': {
    usage: 'plansyklus delta contacts <id> <fil>',
    help: 'Bytter kontaktperson, leder og/eller KoRus-rådgiver (YAML med contact/leader/adviser: name, email). Gjelder e-post fra nå av.',
    positionals: ['id', 'fil'],
    async run(config, [id, file]) {
      const change = readValidated(changeContactsSchema, file);
      await withClient(config, (c) => c.workflow.getHandle(id).executeUpdate(changeContactsUpdate, { args: [change] }));
      print(`Kontaktene for ${id} er oppdatert: ${Object.keys(change).join(', ')}.`);
    },
  },
  'meeting schedule': {
    usage: 'plansyklus meeting schedule <id> <møte> <åååå-mm-ddTTT:mm> [--location <sted>]',
    help: 'Setter opp eller flytter et møte (lokal tid). Er invitasjonen sendt, får alle en oppdatert kalenderinvitasjon.',
    options: { location: { type: 'string' } },
    positionals: ['id', 'møte', 'start'],
    async run(config, [id, meeting, start], flags) {
      const location = flags.location as string | undefined;
      const result = await withClient(config, (c) => scheduleMeeting(c, id, { meeting, start, location }));
      print(`«${result.title}» er satt til ${result.start} (sekvens ${result.sequence}).`);
    },
  },
  'meeting cancel': {
    usage: 'plansyklus meeting cancel <id> <møte>',
    help: 'Avlyser et møte; de som er invitert, får en kansellering i kalenderen.',
    positionals: ['id', 'møte'],
    async run(config, [id, meeting]) {
      const result = await withClient(config, (c) => cancelMeeting(c, id, meeting));
      print(`«${result.title}» er avlyst.`);
    },
  },
  'referat register': {
    usage: 'plansyklus referat register <id> <møte> [--file <fil>]',
    help: 'Registrerer referatet fra et møte (teksten fra --file, ellers fra standard inn). Stopper påminnelsene.',
    options: { file: { type: 'string', short: 'f' } },
    positionals: ['id', 'møte'],
    async run(config, [id, meeting], flags) {
      const text = readText(flags.file as string | undefined);
      const result = await withClient(config, (c) => registerReferat(c, id, meeting, text));
      print(`Referatet fra «${result.title}» er registrert ${result.referatRegisteredAt}.`);
    },
  },
};

function readText(file: string | undefined): string {
  try {
    return readFileSync(file ?? 0, 'utf8');
  } catch {
    throw new PlansyklusError(ErrorType.invalidInput, `--file: kan ikke lese ${file ?? 'standard inn'}`);
  }
}

function overview(): string {
  return [
    'plansyklus – arbeidsflyt for kommunalt rusplanarbeid (DelTa med KoRus)',
    '',
    'Bruk:',
    ...Object.values(commands).map((c) => `  ${c.usage.padEnd(58)} ${c.help}`),
    '',
    'Alle kommandoer tar --help. Innstillinger leses fra miljøet (se .env.example).',
    'Avslutningskoder: 0 ok, 2 ugyldig input, 3 finnes allerede / konflikt, 4 ikke funnet, 1 annen feil.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<void> {
  const [group, verb, ...rest] = argv;
  if (!group || group === '--help' || group === '-h' || group === 'help') return print(overview());
  const name = `${group} ${verb ?? ''}`.trim();
  const command = commands[name];
  if (!command) {
    if (verb === undefined || verb === '--help') {
      const inGroup = Object.values(commands).filter((c) => c.usage.startsWith(`plansyklus ${group} `));
      if (inGroup.length) return print(inGroup.map((c) => `${c.usage}\n  ${c.help}`).join('\n'));
    }
    throw new PlansyklusError(ErrorType.invalidInput, `Ukjent kommando «${name}».\n\n${overview()}`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new PlansyklusError(ErrorType.invalidInput, `${(err as Error).message}\nBruk: ${command.usage}`);
  }
  if (parsed.values.help) return print(`${command.usage}\n\n${command.help}`);
  if (parsed.positionals.length !== command.positionals.length) {
    const missing = command.positionals.slice(parsed.positionals.length);
    const what = missing.length ? `mangler ${missing.map((p) => `<${p}>`).join(' ')}` : 'for mange argumenter';
    throw new PlansyklusError(ErrorType.invalidInput, `${name}: ${what}.\nBruk: ${command.usage}`);
  }
  const config = loadConfig(process.env);
  await command.run(config, parsed.positionals, parsed.values as Record<string, string | boolean | undefined>);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch(exitWithError);
}
