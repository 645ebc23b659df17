import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../domain/config';
import {
  cancelMeetingUpdate,
  changeContactsSchema,
  changeContactsUpdate,
  chooseFocusAreasSchema,
  chooseFocusAreasUpdate,
  confirmHeldUpdate,
  meetingRefSchema,
  pauseUpdate,
  registerEvaluationSchema,
  registerEvaluationUpdate,
  registerMeasuresSchema,
  registerMeasuresUpdate,
  registerReferatSchema,
  registerReferatUpdate,
  resumeUpdate,
  scheduleMeetingSchema,
  scheduleMeetingUpdate,
  submitActionPlanSchema,
  submitActionPlanUpdate,
} from '../domain/delta/messages';
import { ErrorType, parseOrThrow, PlansyklusError } from '../domain/errors';
import {
  addMeasureSchema,
  addMeasureUpdate,
  answerStatusSchema,
  answerStatusUpdate,
  changeMeasureSchema,
  changeMeasureUpdate,
  changeOwnerSchema,
  changeOwnerUpdate,
  planReportQuery,
  planStatusQuery,
  retireMeasureSchema,
  retireMeasureUpdate,
} from '../domain/plan/messages';
import { reportHtml, reportJson, reportMarkdown } from '../domain/plan/report';
import { z } from '../domain/z';
import { withClient } from './connection';
import { deltaStatus, formatStatus, listDelta, phaseNames, startDelta, statusJsonSchema } from './delta';
import { exitWithError } from './exit';
import { readValidated } from './files';
import { formatPlan, formatPlanStatus, newMeasure, ownerOrThrow, periodOrThrow, planInput, readPlan, startPlan, todayInOslo, trafficFromWord, yearsSchema } from './plan';
import { preview, previewArgsSchema } from './preview';
import { steer, updateLatestRun } from './steer';
import { reloadTemplates } from './templates';

interface Command {
  usage: string;
  help: string;
  options?: Record<string, { type: 'boolean' | 'string'; short?: string }>;
  positionals: string[];
  /** Takes any number of further arguments (ids). */
  variadic?: boolean;
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
    usage: 'plansyklus delta list [--phase <fase>] [--municipality <nr>] [--json]',
    help: 'Lister DelTa-samarbeid, eventuelt bare de i én fase (f.eks. choosingFocusAreas, focusAreaWork, ended) eller én kommune.',
    options: { json: { type: 'boolean' }, phase: { type: 'string' }, municipality: { type: 'string' } },
    positionals: [],
    async run(config, _args, flags) {
      const filter = parseOrThrow(listFilterSchema, { phase: flags.phase, municipality: flags.municipality }, 'Filteret');
      const rows = await withClient(config, (c) => listDelta(c, filter));
      if (flags.json) return json(rows);
      if (!rows.length) return print('Ingen DelTa-samarbeid funnet.');
      rows.forEach((r) => print(`${r.workflowId}\t${r.status}\t${phaseNames[r.phase ?? ''] ?? r.phase ?? '—'}\tstartet ${r.startTime.slice(0, 10)}`));
    },
  },
  'delta schema': {
    usage: 'plansyklus delta schema',
    help: 'Skriver JSON Schema for «delta status --json» (samme som docs/delta-status.schema.json).',
    positionals: [],
    async run() {
      json(statusJsonSchema());
    },
  },
  'delta focus-areas': {
    usage: 'plansyklus delta focus-areas <id> <områder>',
    help: 'Registrerer kommunens valg av innsatsområder, f.eks. «2,5». Arbeidet med hvert område planlegges da.',
    positionals: ['id', 'områder'],
    async run(config, [id, list]) {
      const areas = list.split(',').map((n) => (/^\s*\d+\s*$/.test(n) ? Number(n) : n));
      const status = await withClient(config, (c) => steer(c, id, chooseFocusAreasUpdate, chooseFocusAreasSchema(), { areas }, 'Valget'));
      print(`Valgt: ${status.focusAreas.map((a) => `${a.n}. ${a.title}`).join('; ')}.`);
    },
  },
  'delta action-plan': {
    usage: 'plansyklus delta action-plan <id> <område> [--file <fil>]',
    help: 'Registrerer handlingsplanen for et innsatsområde (teksten fra --file, ellers fra standard inn).',
    options: { file: { type: 'string', short: 'f' } },
    positionals: ['id', 'område'],
    async run(config, [id, area], flags) {
      const text = readText(flags.file as string | undefined);
      const d = await withClient(config, (c) => steer(c, id, submitActionPlanUpdate, submitActionPlanSchema(), { area: areaNumber(area), text }, 'Handlingsplanen'));
      print(`«${d.title}» er levert.`);
    },
  },
  'delta measures': {
    usage: 'plansyklus delta measures <id> <område> <fil>',
    help: 'Registrerer tiltak for et innsatsområde fra en YAML-fil: en liste med title, responsible og due (åååå-mm-dd).',
    positionals: ['id', 'område', 'fil'],
    async run(config, [id, area, file]) {
      const measures = readValidated(z.array(z.unknown()), file);
      const status = await withClient(config, (c) =>
        steer(c, id, registerMeasuresUpdate, registerMeasuresSchema(), { area: areaNumber(area), measures }, 'Tiltakene'),
      );
      const n = status.focusAreas.find((a) => a.n === areaNumber(area))?.measures.length;
      print(`Tiltakene er registrert; området har nå ${n} tiltak.`);
    },
  },
  'delta evaluation': {
    usage: 'plansyklus delta evaluation <id> <område> --signed-by <navn> --signed-on <åååå-mm-dd> [--file <fil>]',
    help: 'Registrerer det signerte evalueringsskjemaet for et innsatsområde (teksten fra --file, ellers fra standard inn).',
    options: { file: { type: 'string', short: 'f' }, 'signed-by': { type: 'string' }, 'signed-on': { type: 'string' } },
    positionals: ['id', 'område'],
    async run(config, [id, area], flags) {
      const args = { area: areaNumber(area), signedBy: flags['signed-by'], signedOn: flags['signed-on'] };
      parseOrThrow(registerEvaluationSchema().omit({ text: true }), args, 'Evalueringen');
      const text = readText(flags.file as string | undefined);
      const d = await withClient(config, (c) => steer(c, id, registerEvaluationUpdate, registerEvaluationSchema(), { ...args, text }, 'Evalueringen'));
      print(`«${d.title}» er registrert.`);
    },
  },
  'delta pause': {
    usage: 'plansyklus delta pause <id>',
    help: 'Setter samarbeidet på pause: ingen e-post går ut, og referatfristene flyttes like lenge som pausen varer.',
    positionals: ['id'],
    async run(config, [id]) {
      await withClient(config, (c) => updateLatestRun(c.workflow.getHandle(id), (h) => h.executeUpdate(pauseUpdate)));
      print(`${id} er satt på pause. Fortsett med: plansyklus delta resume ${id}`);
    },
  },
  'delta resume': {
    usage: 'plansyklus delta resume <id>',
    help: 'Tar samarbeidet opp igjen etter en pause.',
    positionals: ['id'],
    async run(config, [id]) {
      const status = await withClient(config, (c) => updateLatestRun(c.workflow.getHandle(id), (h) => h.executeUpdate(resumeUpdate)));
      print(`${id} er i gang igjen.\n\n${formatStatus(status)}`);
    },
  },
  'delta contacts': {
    usage: 'plansyklus delta contacts <id> <fil>',
    help: 'Bytter kontaktperson, leder og/eller KoRus-rådgiver (YAML med contact/leader/adviser: name, email). Gjelder e-post fra nå av.',
    positionals: ['id', 'fil'],
    async run(config, [id, file]) {
      const change = readValidated(changeContactsSchema(), file);
      await withClient(config, (c) => updateLatestRun(c.workflow.getHandle(id), (h) => h.executeUpdate(changeContactsUpdate, { args: [change] })));
      print(`Kontaktene for ${id} er oppdatert: ${Object.keys(change).join(', ')}.`);
    },
  },
  'meeting schedule': {
    usage: 'plansyklus meeting schedule <id> <møte> <åååå-mm-ddTTT:mm> [--location <sted>]',
    help: 'Setter opp eller flytter et møte (lokal tid). Er invitasjonen sendt, får alle en oppdatert kalenderinvitasjon.',
    options: { location: { type: 'string' } },
    positionals: ['id', 'møte', 'start'],
    async run(config, [id, meeting, start], flags) {
      const args = { meeting, start, location: flags.location };
      const m = await withClient(config, (c) => steer(c, id, scheduleMeetingUpdate, scheduleMeetingSchema(), args, 'Møtetiden'));
      print(`«${m.title}» er satt til ${m.start} (sekvens ${m.sequence}).`);
    },
  },
  'meeting cancel': {
    usage: 'plansyklus meeting cancel <id> <møte>',
    help: 'Avlyser et møte; de som er invitert, får en kansellering i kalenderen.',
    positionals: ['id', 'møte'],
    async run(config, [id, meeting]) {
      const m = await withClient(config, (c) => steer(c, id, cancelMeetingUpdate, meetingRefSchema(), { meeting }, 'Avlysningen'));
      print(`«${m.title}» er avlyst.`);
    },
  },
  'meeting held': {
    usage: 'plansyklus meeting held <id> <møte>',
    help: 'Bekrefter at et møte som har begynt, er holdt (ellers regnes det som holdt når sluttiden er passert).',
    positionals: ['id', 'møte'],
    async run(config, [id, meeting]) {
      const m = await withClient(config, (c) => steer(c, id, confirmHeldUpdate, meetingRefSchema(), { meeting }, 'Bekreftelsen'));
      print(`«${m.title}» er registrert som holdt.`);
    },
  },
  'referat register': {
    usage: 'plansyklus referat register <id> <møte> [--file <fil>]',
    help: 'Registrerer referatet fra et møte (teksten fra --file, ellers fra standard inn). Stopper påminnelsene.',
    options: { file: { type: 'string', short: 'f' } },
    positionals: ['id', 'møte'],
    async run(config, [id, meeting], flags) {
      const text = readText(flags.file as string | undefined);
      const m = await withClient(config, (c) => steer(c, id, registerReferatUpdate, registerReferatSchema(), { meeting, text }, 'Referatet'));
      print(`Referatet fra «${m.title}» er registrert ${m.referatRegisteredAt}.`);
    },
  },
  'plan import': {
    usage: 'plansyklus plan import <fil> --directory <katalog> --years <åååå-åååå> [--dry-run] [--json]',
    help:
      'Leser en handlingsplan (CSV, TSV eller YAML; norsk eller dansk oppsett) og katalogen over eiere, og starter den årlige runden. ' +
      'Alle feil meldes med linje og kolonne, og ingenting importeres før filen er feilfri. --dry-run viser planen uten å starte noe.',
    options: { directory: { type: 'string' }, years: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    positionals: ['fil'],
    async run(config, [file], flags) {
      const { directory, years } = parseOrThrow(
        z.object({ directory: directoryFlag, years: yearsSchema }),
        { directory: flags.directory, years: flags.years ?? '' },
        'Importen',
      );
      const { plan, directory: people } = readPlan(file, directory, years);
      if (flags['dry-run']) {
        if (flags.json) return json(plan.measures.map(({ owner, ...m }) => ({ ...m, owner: owner.owner })));
        return print(formatPlan(plan));
      }
      const input = planInput(plan, people, todayInOslo(), config.templatesDir);
      const { id, replaced } = await withClient(config, (c) => startPlan(c, config, input));
      print(`Startet ${id} med ${plan.measures.length} tiltak. Første runde: ${input.firstRound}. Se status med: plansyklus plan status ${id}`);
      for (const old of replaced) print(`${old} er erstattet av ${id} og avsluttet.`);
    },
  },
  'plan status': {
    usage: 'plansyklus plan status <id> [--json]',
    help: 'Viser årets runde: frist, hvilke tiltak som har fått status, og hva som er sendt.',
    options: { json: { type: 'boolean' } },
    positionals: ['id'],
    async run(config, [id], flags) {
      const status = await withClient(config, (c) => c.workflow.getHandle(id).query(planStatusQuery));
      if (flags.json) return json(status);
      print(formatPlanStatus(status));
    },
  },
  'plan answer': {
    usage: 'plansyklus plan answer <id> <tiltak> <grønn|gul|rød|ferdig> [--comment <tekst>]',
    help: 'Registrerer årets status for et tiltak (eieren svarer på e-posten, koordinatoren registrerer svaret).',
    options: { comment: { type: 'string' } },
    positionals: ['id', 'tiltak', 'status'],
    async run(config, [id, measure, word], flags) {
      const status = trafficFromWord(word);
      await withClient(config, (c) => steer(c, id, answerStatusUpdate, answerStatusSchema(), { measure, status, comment: flags.comment }, 'Svaret'));
      print(`Status for tiltak ${measure} er registrert.`);
    },
  },
  'plan report': {
    usage: 'plansyklus plan report <id> [--format md|html|json]',
    help: 'Skriver årsrapporten slik den står nå: per delmål, hvert tiltak med status og kommentar, antall per farge og hvem som ikke har svart.',
    options: { format: { type: 'string' } },
    positionals: ['id'],
    async run(config, [id], flags) {
      const format = parseOrThrow(z.object({ format: z.enum(['md', 'html', 'json']).default('md') }), { format: flags.format }, 'Formatet').format;
      const input = await withClient(config, (c) => c.workflow.getHandle(id).query(planReportQuery));
      if (format === 'json') return json(reportJson(input));
      print(format === 'html' ? reportHtml(input) : reportMarkdown(input));
    },
  },
  'plan add-measure': {
    usage: 'plansyklus plan add-measure <id> <fil> --directory <katalog>',
    help: 'Legger et nytt tiltak til planen fra en YAML-fil (id, goal, measure, period som folk skriver den, owner som i katalogen).',
    options: { directory: { type: 'string' } },
    positionals: ['id', 'fil'],
    async run(config, [id, file], flags) {
      const { directory } = parseOrThrow(z.object({ directory: directoryFlag }), flags, 'Tiltaket');
      await withClient(config, async (c) => {
        const { years } = await c.workflow.getHandle(id).query(planStatusQuery);
        const measure = newMeasure(file, directory, years);
        await steer(c, id, addMeasureUpdate, addMeasureSchema(), { measure }, 'Tiltaket');
      });
      print(`Tiltaket er lagt til i ${id}.`);
    },
  },
  'plan change-measure': {
    usage: 'plansyklus plan change-measure <id> <tiltak> [--text <tekst>] [--goal <delmål>] [--period <tidsperiode>]',
    help: 'Endrer teksten, delmålet eller tidsperioden for et tiltak (tidsperioden skrives som i planen, f.eks. «innen 1. juni 2027»).',
    options: { text: { type: 'string' }, goal: { type: 'string' }, period: { type: 'string' } },
    positionals: ['id', 'tiltak'],
    async run(config, [id, measure], flags) {
      await withClient(config, async (c) => {
        const { years } = await c.workflow.getHandle(id).query(planStatusQuery);
        const period = flags.period === undefined ? undefined : periodOrThrow(String(flags.period), years);
        await steer(c, id, changeMeasureUpdate, changeMeasureSchema(), { measure, text: flags.text, goal: flags.goal, period }, 'Endringen');
      });
      print(`Tiltak ${measure} er endret.`);
    },
  },
  'plan retire-measure': {
    usage: 'plansyklus plan retire-measure <id> <tiltak>',
    help: 'Tar et tiltak ut av planen: ingen flere runder eller påminnelser for det.',
    positionals: ['id', 'tiltak'],
    async run(config, [id, measure]) {
      await withClient(config, (c) => steer(c, id, retireMeasureUpdate, retireMeasureSchema(), { measure }, 'Endringen'));
      print(`Tiltak ${measure} er tatt ut av planen.`);
    },
  },
  'plan change-owner': {
    usage: 'plansyklus plan change-owner <id> <tiltak> <eier> --directory <katalog>',
    help: 'Gir et tiltak en ny ansvarlig (som katalogen kjenner); e-post om tiltaket går til den nye fra nå av.',
    options: { directory: { type: 'string' } },
    positionals: ['id', 'tiltak', 'eier'],
    async run(config, [id, measure, label], flags) {
      const { directory } = parseOrThrow(z.object({ directory: directoryFlag }), flags, 'Endringen');
      const owner = ownerOrThrow(label, directory);
      await withClient(config, (c) => steer(c, id, changeOwnerUpdate, changeOwnerSchema(), { measure, owner }, 'Endringen'));
      print(`Tiltak ${measure} har fått ny ansvarlig: ${owner.owner}.`);
    },
  },
  'templates reload': {
    usage: 'plansyklus templates reload [<id> …]',
    help: 'Sender programmet og plandataene slik de ligger i malmappen nå til samarbeid og planer som kjører (alle, eller de som er nevnt); de gjelder fra neste steg.',
    positionals: [],
    variadic: true,
    async run(config, ids) {
      const results = await withClient(config, (c) => reloadTemplates(c, config, ids));
      if (!results.length) return print('Ingen samarbeid eller planer kjører.');
      results.forEach((r) => print(`${r.workflowId}\t${r.outcome === 'ok' ? 'oppdatert' : `avvist: ${r.outcome.replace(/\n/g, '; ')}`}`));
      const refused = results.filter((r) => r.outcome !== 'ok').length;
      if (refused) throw new PlansyklusError(ErrorType.conflict, `${refused} av ${results.length} tok ikke imot endringene og går videre som før.`);
    },
  },
  'preview mail': {
    usage: 'plansyklus preview mail <type> [--lang nb|nn|da|en] [--data <fil>] [--out <mappe>]',
    help: 'Skriver HTML og tekst for en e-posttype med eksempeldata (verdier fra --data), og et PNG-bilde av HTML-en fra Chromium, uten å sende noe.',
    options: { lang: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' } },
    positionals: ['type'],
    async run(_config, [kind], flags) {
      const args = parseOrThrow(previewArgsSchema, { kind, lang: flags.lang }, 'Forhåndsvisningen');
      const result = await preview(args.kind, args.lang, (flags.out as string | undefined) ?? 'out/preview', flags.data as string | undefined);
      print([result.html, result.text, result.png ?? `(ingen PNG: ${result.noPng})`].join('\n'));
    },
  },
  'simulate delta': {
    usage: 'plansyklus simulate delta [--scenario <fil>] [--out <mappe>]',
    help: 'Kjører et helt DelTa-samarbeid på en tidshoppende testserver på sekunder: skriver all e-post som .eml, en tidslinje og en SVG-tegning.',
    options: { scenario: { type: 'string' }, out: { type: 'string' } },
    positionals: [],
    async run(_config, _args, flags) {
      const { simulateDelta } = await import('./simulate/run.js');
      await simulateDelta({ scenarioFile: (flags.scenario as string | undefined) ?? 'examples/scenarios/happy-path.yaml', outDir: flags.out as string | undefined, print });
    },
  },
};

const listFilterSchema = z.object({
  phase: z.enum(['planningStartSeminar', 'startSeminar', 'choosingFocusAreas', 'focusAreaWork', 'ended']).optional(),
  municipality: z.string().regex(/^\d{4}$/, 'må være et firesifret kommunenummer').optional(),
});

const directoryFlag = z.string({ error: 'oppgi katalogen over eiere med --directory' });

/** An area number as typed; the schema says what is wrong with it. */
const areaNumber = (text: string): number | string => (/^\d+$/.test(text) ? Number(text) : text);

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
  const count = parsed.positionals.length;
  if (count < command.positionals.length || (count > command.positionals.length && !command.variadic)) {
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
