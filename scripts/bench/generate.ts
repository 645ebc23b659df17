import { planInput } from '../../client/plan';
import { loadProgramme } from '../../client/files';
import { scenarioSchema, type ScenarioAction } from '../../client/simulate/scenario';
import { addWorkingDays, atLocal } from '../../domain/calendar';
import { deltaInputSchema, deltaWorkflowId, type DeltaInput } from '../../domain/delta/input';
import { parseOrThrow } from '../../domain/errors';
import { rulesFor } from '../../domain/municipality';
import { dueDateOf } from '../../domain/plan/followUp';
import { importPlan } from '../../domain/plan/import';
import { planDirectorySchema, planWorkflowId, type PlanInput } from '../../domain/plan/input';
import { newRound } from '../../domain/plan/round';
import type { Traffic } from '../../domain/plan/report';

/**
 * Invented municipalities, action plans and DelTa collaborations for `bench:scale`, the same on
 * every run for the same sizes. Plans are written as the files people import (the Norwegian
 * CSV layout, or the Danish one) with a directory, and go through the real import; who answers
 * what, and when, is decided here too.
 */

/** A small deterministic generator (mulberry32): the same sizes give the same inputs. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(rnd: () => number, options: [number, T][]): T {
  const total = options.reduce((s, [w]) => s + w, 0);
  let x = rnd() * total;
  for (const [w, v] of options) if ((x -= w) < 0) return v;
  return options[options.length - 1][1];
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

const firstNames = ['Kari', 'Per', 'Ingrid', 'Ola', 'Liv', 'Nils', 'Anne', 'Erik', 'Guri', 'Hans', 'Siri', 'Arne', 'Tone', 'Jon', 'Marit', 'Knut', 'Randi', 'Geir', 'Sissel', 'Trond'];
const lastNames = ['Nordmann', 'Hansen', 'Berg', 'Moen', 'Strand', 'Vik', 'Lie', 'Lund', 'Dahl', 'Holm', 'Foss', 'Aune', 'Bakken', 'Haugen', 'Solberg', 'Eide', 'Lien', 'Myhre'];
const danishFirst = ['Jens', 'Sofie', 'Lone', 'Poul', 'Grete', 'Mette', 'Anders', 'Birgit', 'Lars', 'Hanne'];
const danishLast = ['Holm', 'Bak', 'Bech', 'Krogh', 'Lund', 'Kjær', 'Friis', 'Nørgaard', 'Møller', 'Juhl'];
const placeStart = ['Nord', 'Sør', 'Øst', 'Vest', 'Øvre', 'Nedre', 'Lille', 'Store', 'Midt', 'Indre', 'Ytre', 'Gamle'];
const placeEnd = ['fjord', 'dal', 'vik', 'berg', 'nes', 'øy', 'sund', 'land', 'haug', 'stad', 'mo', 'våg', 'strand', 'heim'];
const danishEnd = ['by', 'bjerg', 'holm', 'lev', 'sted', 'rup', 'torp', 'skov'];

const norwegianOwners = ['Helse', 'Oppvekst', 'Kultur', 'NAV', 'Barnevern', 'Jordmor', 'Fastlege', 'Politiet', 'Skjenkekontroll', 'Ungdomsklubben', 'Psykisk helse', 'Frivilligsentralen', 'Skolene', 'Helsestasjonen'];
const danishOwners = ['Sundhedsplejen', 'Skolerne', 'SSP', 'Misbrugscentret', 'Jobcentret', 'Ungdomsskolen', 'Familieafdelingen', 'Politiet', 'Klubberne', 'Socialpsykiatrien', 'Tandplejen', 'PPR'];
const norwegianSections = ['Primærforebygging', 'Sekundærforebygging', 'Behandling og oppfølging', 'Skjenkepolitikk og kontroll'];
const norwegianGoals = ['Tydelig folkehelseperspektiv', 'Bedre kvalitet og økt kompetanse', 'Mer tilgjengelige tjenester', 'Økt brukerinnflytelse', 'Ansvarlig skjenking'];
const norwegianMeasures = ['Foreldremøter om rus i ungdomsskolen', 'Kurs i ansvarlig vertskap', 'Kartlegging av russituasjonen', 'Tett oppfølging av ungdom som dropper ut', 'Lavterskeltilbud for unge', 'Rutiner for samtaler med gravide', 'Informasjon om russituasjonen', 'Kontroll av salgs- og skjenkesteder', 'Kompetanseheving for ansatte', 'Samarbeid med frivillige lag', 'Rusfrie arrangementer for ungdom', 'Oppfølging etter rusbehandling'];
const danishMeasures = ['Temamøder for forældre', 'Hjælpepakke til sundhedsplejen', 'Kompetenceløft for pædagoger', 'Kontrol med alkoholsalg til unge', 'Rusfrie fester for unge', 'Tidlig opsporing i skolen', 'Samarbejde med foreningslivet', 'Opfølgning efter behandling'];

/** Period texts as plans write them, by what they mean for the simulated year `y`. */
function norwegianPeriods(y: number): [number, string[]][] {
  const yy = String(y).slice(2);
  return [
    [15, ['Løpende', 'Hele perioden', 'Kontinuerlig']],
    [10, ['Årlig', 'Hvert år']],
    [15, [`${y - 1}–${y + 2}`, `${y - 1}-${y + 2}`]],
    [8, [`${y}–${y + 1}`, `fra ${y} til ${y + 2}`]],
    [5, [`${y - 1}`, `høsten ${y - 1}`]],
    [5, [`${y - 1}–${y}`]],
    [42, [`innen 1. mars ${y}`, `1. kvartal ${y}`, `våren ${y}`, `juni ${y}`, `innen 15. september ${y}`, `høsten ${y}`, `${y}`, `2. halvår ${y}`, `primo ${y}`, `medio ${y}`, `april ${y}`, `skoleåret ${y - 1}-${yy}`, `innen utgangen av oktober ${y}`, `15.08.${y}`, `3. kvartal ${y}`, `februar ${y}`]],
  ];
}

function danishPeriods(y: number): [number, string[]][] {
  const yy = String(y).slice(2);
  return [
    [15, ['Løbende']],
    [10, ['Årligt']],
    [15, [`${y - 1}-${y + 2}`]],
    [8, [`${y}-${y + 1}`]],
    [5, [`${y - 1}`]],
    [5, [`${y - 1}-${y}`]],
    [42, [`foråret ${y}`, `efteråret ${y}`, `medio ${y}`, `ultimo ${y}`, `1. kvartal ${y}`, `inden 1. juni ${y}`, `${y}`, `i løbet af ${y}`, `juni ${y}`, `skoleåret ${y - 1}-${yy}`]],
  ];
}

/** An answer someone gives to a plan: through `answerStatus`, at a moment in the year. */
export interface PlanAnswer {
  at: string;
  measure: string;
  status: Traffic;
  comment?: string;
}

export interface GeneratedPlan {
  workflowId: string;
  input: PlanInput;
  answers: PlanAnswer[];
  /** Owners who never answer anything. */
  silentOwners: string[];
}

export interface GeneratedDelta {
  workflowId: string;
  input: DeltaInput;
  /** When the collaboration is started (`delta start`): the agreement day, 08:00. */
  startAt: string;
  /** What people do, relative to the collaboration's own progress (as a simulation scenario). */
  actions: ScenarioAction[];
  profile: 'onTime' | 'late' | 'silent';
}

/** People answer at this local time: clear of every mail instant (09:00, meeting ends on the quarter hour). */
export const answerTime = '10:40';

const csvCell = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Plan number `i` of the run: municipality 1000 + i, its plan, its directory and its people's answers. */
export function generatePlan(i: number, measures: number, year: number): GeneratedPlan {
  const rnd = random(1_000_003 * (i + 1));
  const danish = i % 20 === 7;
  const language = danish ? 'da' : i % 7 === 3 ? 'nn' : 'nb';
  const number = String(1000 + i);
  const name = danish ? `${pick(rnd, placeStart)}${pick(rnd, danishEnd)} Kommune` : `${pick(rnd, placeStart)}${pick(rnd, placeEnd)} kommune`;
  const domain = `plan${i}.example`;
  const person = (first: readonly string[], last: readonly string[], email: string, title?: string) => ({
    name: `${pick(rnd, first)} ${pick(rnd, last)}`,
    email,
    ...(title ? { title } : {}),
  });
  const [first, last] = danish ? [danishFirst, danishLast] : [firstNames, lastNames];
  const ownerCount = Math.max(1, Math.min(10, Math.ceil(measures / 4)));
  const ownerNames = (danish ? danishOwners : norwegianOwners).slice(0, ownerCount);
  const years = { from: year - 1, to: year + 2 };
  const directory = parseOrThrow(
    planDirectorySchema(),
    {
      municipality: { name, number, country: danish ? 'DK' : 'NO', language, quietPeriod: !danish },
      plan: danish ? `Rusmiddelstrategi ${years.from}–${years.to}` : `Rusmiddelpolitisk handlingsplan ${years.from}–${years.to}`,
      coordinator: person(first, last, `koordinator@${domain}`, danish ? 'Sundhedskoordinator' : 'Folkehelsekoordinator'),
      leaders: Object.fromEntries([1, 2, 3].map((n) => [`leder${n}`, person(first, last, `leder${n}@${domain}`, danish ? 'Chef' : 'Kommunalsjef')])),
      owners: ownerNames.map((owner, k) => ({ owner, ...person(first, last, `eier${k + 1}@${domain}`), leader: `leder${(k % 3) + 1}` })),
    },
    `generated directory ${i}`,
  );

  // Every owner has at least one measure; the rest go unevenly, as in real plans.
  const ownerOf = (j: number) => (j < ownerCount ? j : Math.floor(rnd() ** 1.6 * ownerCount));
  const periods = danish ? danishPeriods(year) : norwegianPeriods(year);
  let text: string;
  if (danish) {
    const rows = [`Nr.\tMål\tHvem? (Øverste navn er tovholder)\tHvordan?\tStatus nu (${year - 1})\tTidsplan (${years.from}-${years.to})`];
    for (let j = 0; j < measures; j++) {
      const o = ownerOf(j);
      const co = j % 3 === 0 ? ` / ${ownerNames[(o + 1) % ownerCount]}` : '';
      rows.push([`${Math.floor(j / 10) + 1}.${(j % 10) + 1}`, `${pick(rnd, danishMeasures)} (${j + 1})`, `${ownerNames[o]}${co}`, 'Aftales i rusmiddelteamet', 'Kører', pick(rnd, weighted(rnd, periods))].join('\t'));
    }
    text = `${rows.join('\n')}\n`;
  } else {
    const rows = ['Delmål;Tiltak;Tidsperiode;Kostnad;Beskrivelse/gjennomføring;Ansvar;Resultat'];
    const perSection = Math.ceil(measures / norwegianSections.length);
    for (let j = 0; j < measures; j++) {
      if (j % perSection === 0) rows.push(`${norwegianSections[j / perSection]};;;;;;`);
      const o = ownerOf(j);
      const owners = j % 3 === 0 ? `${ownerNames[o]}, ${ownerNames[(o + 1) % ownerCount]}` : ownerNames[o];
      const goal = j % perSection === 0 || rnd() < 0.3 ? pick(rnd, norwegianGoals) : '';
      rows.push([goal, `${pick(rnd, norwegianMeasures)} (${j + 1})`, pick(rnd, weighted(rnd, periods)), 'Innenfor eksisterende budsjett', 'Etter plan', owners, 'Evalueres årlig'].map(csvCell).join(';'));
    }
    text = `${rows.join('\n')}\n`;
  }
  const imported = importPlan(text, danish ? `plan-${number}.tsv` : `plan-${number}.csv`, directory, years);
  if (!imported.ok) {
    throw new Error(`generated plan ${i} does not import: ${imported.issues.map((x) => `line ${x.line} ${x.column ?? ''}: ${x.reason}`).join('; ')}`);
  }
  // Imported on New Year's Day of the simulated year: the first round is this year's.
  const input = planInput(imported.plan, directory, `${year}-01-01`);
  return { workflowId: planWorkflowId(input), input, ...planAnswers(i, input, year) };
}

/**
 * Who answers what, and when. One owner in five never answers anything. The others answer the
 * yearly round for all their measures at once — most before the first reminder, some after it,
 * some after the due date, a few only after their leader has heard of it — and report measures
 * with a due date in the year done: most before the due date, some after one or two weekly
 * digests, a few only after the escalation. A measure reported done is not answered again.
 */
function planAnswers(i: number, input: PlanInput, year: number): { answers: PlanAnswer[]; silentOwners: string[] } {
  const rnd = random(7_919 * (i + 1));
  const rules = rulesFor(input.municipality);
  const round = newRound(year, input.cycle, rules);
  const requestDay = round.requestAt.slice(0, 10);
  const at = (day: string) => atLocal(addWorkingDays(day, 0, rules), answerTime, rules.zone);
  const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const end = `${year + 1}-01-01`;
  const owners = [...new Set(input.measures.map((m) => m.owner.owner))];
  const silentOwners = owners.filter((_, k) => (k + i) % 5 === 0);
  const answers: PlanAnswer[] = [];
  for (const owner of owners) {
    if (silentOwners.includes(owner)) continue;
    const roundDay = weighted(rnd, [
      [50, addWorkingDays(requestDay, 2 + Math.floor(rnd() * 5), rules)],
      [25, addWorkingDays(round.due, -1, rules)],
      [15, addWorkingDays(round.due, 3, rules)],
      [10, addWorkingDays(round.due, 8, rules)],
    ]);
    const roundAt = at(roundDay);
    for (const m of input.measures.filter((x) => x.owner.owner === owner)) {
      const due = dueDateOf({ ...m, answers: {} });
      let doneAt: string | undefined;
      if (due && due >= `${year}-01-01` && due < end) {
        const offset = weighted(rnd, [
          [40, -10],
          [30, 3],
          [20, 12],
          [10, 30],
        ]);
        const day = addWorkingDays(plusDays(due, offset), 0, rules);
        if (day < end) doneAt = at(day);
      }
      if (!doneAt || doneAt > roundAt) {
        const status = weighted<Traffic>(rnd, [
          [55, 'green'],
          [30, 'yellow'],
          [15, 'red'],
        ]);
        answers.push({ at: roundAt, measure: m.id, status, comment: `Svar ${year}` });
      }
      if (doneAt) answers.push({ at: doneAt, measure: m.id, status: 'done', comment: 'Gjennomført' });
    }
  }
  return { answers: answers.sort((a, b) => a.at.localeCompare(b.at)), silentOwners };
}

const centres = ['KoRus Midt-Norge', 'KoRus Nord', 'KoRus Vest Bergen', 'KoRus Vest Stavanger', 'KoRus Øst', 'KoRus Sør', 'KoRus Oslo'];

/**
 * DelTa collaboration number `k`: municipality 8000 + k, agreed on a working day in the first
 * eight weeks of the year, its planning meeting agreed at the start (and for every third, the
 * start seminar too). Three in five answer on time, one in five late (a moved start seminar,
 * a 30-day pause, an action plan that never comes), one in five never answers anything.
 */
export function generateDelta(k: number, year: number): GeneratedDelta {
  const rnd = random(104_729 * (k + 1));
  const municipality = { name: `${pick(rnd, placeStart)}${pick(rnd, placeEnd)} kommune`, number: String(8000 + k), country: 'NO' as const, language: k % 6 === 5 ? ('nn' as const) : ('nb' as const), quietPeriod: true };
  const rules = rulesFor(municipality);
  const agreementDate = addWorkingDays(`${year}-01-04`, k % 40, rules);
  const domain = `delta${k}.example`;
  const who = (email: string, title: string) => ({ name: `${pick(rnd, firstNames)} ${pick(rnd, lastNames)}`, email, title });
  const meetings: Record<string, { start: string; location: string }> = {
    planningStartSeminar: { start: `${addWorkingDays(agreementDate, 12 + (k % 5), rules)}T10:00`, location: `Rådhuset, møterom ${1 + (k % 4)}` },
  };
  if (k % 3 === 0) meetings.startSeminar = { start: `${addWorkingDays(agreementDate, 50 + (k % 7), rules)}T09:30`, location: 'Kulturhuset' };
  const input = parseOrThrow(
    deltaInputSchema(),
    {
      municipality,
      centre: centres[k % centres.length],
      agreementDate,
      people: {
        contact: who(`kontakt@${domain}`, 'Folkehelsekoordinator'),
        leader: who(`leder@${domain}`, 'Kommunalsjef helse og velferd'),
        adviser: who(`radgiver${k % 9}@korus.example`, 'Rådgiver'),
      },
      meetings,
      programme: loadProgramme('delta'),
    },
    `generated collaboration ${k}`,
  );
  const a1 = 1 + (k % 10);
  let a2 = 1 + ((k * 3 + 4) % 10);
  if (a2 === a1) a2 = (a1 % 10) + 1;
  const profile = k % 5 === 4 ? 'silent' : k % 5 === 3 ? 'late' : 'onTime';
  const time = answerTime;
  const raw: unknown[] =
    profile === 'silent'
      ? []
      : profile === 'onTime'
        ? [
            { afterHeld: 'planningStartSeminar', workingDays: 1, time, do: 'referat', meeting: 'planningStartSeminar' },
            ...(k % 3 === 0 ? [] : [{ afterHeld: 'planningStartSeminar', workingDays: 2, time, do: 'schedule', meeting: 'startSeminar', start: { afterHeld: 'planningStartSeminar', workingDays: 30, time: '09:30' }, location: 'Kulturhuset' }]),
            { afterHeld: 'startSeminar', workingDays: 1, time, do: 'chooseFocusAreas', areas: [a1, a2] },
            ...[a1, a2].flatMap((a) => [
              { afterHeld: `area${a}.planningMeasures`, workingDays: 2, time, do: 'referat', meeting: `area${a}.planningMeasures` },
              { afterDue: `area${a}.actionPlan`, workingDays: -1, time, do: 'actionPlan', area: a },
              { afterHeld: `area${a}.workSeminar`, workingDays: 5, time, do: 'measures', area: a, measures: [{ title: 'Rusfrie arrangementer for ungdom', responsible: 'Kulturenheten' }, { title: 'Foreldremøter om alkohol', responsible: 'Skolene' }] },
              { afterHeld: `area${a}.evaluationMeeting`, workingDays: 2, time, do: 'referat', meeting: `area${a}.evaluationMeeting` },
              { afterDue: `area${a}.evaluationForm`, workingDays: -2, time, do: 'evaluation', area: a, signedBy: 'Leder' },
            ]),
          ]
        : [
            { afterDue: 'planningStartSeminar', workingDays: 9, time, do: 'referat', meeting: 'planningStartSeminar' },
            { afterHeld: 'planningStartSeminar', workingDays: 8, time, do: 'schedule', meeting: 'startSeminar', start: { afterHeld: 'planningStartSeminar', workingDays: 35, time: '09:30' }, location: 'Samfunnshuset' },
            { afterHeld: 'startSeminar', workingDays: 9, time, do: 'chooseFocusAreas', areas: [a1, a2] },
            { day: 150, time, do: 'pause', days: 30 },
            { afterDue: `area${a1}.planningMeasures`, workingDays: 4, time, do: 'referat', meeting: `area${a1}.planningMeasures` },
            { afterDue: `area${a1}.actionPlan`, workingDays: 3, time, do: 'actionPlan', area: a1 },
            { day: 100, time, do: 'contacts', contact: { name: 'Ny Kontaktperson', email: `ny.kontakt@${domain}` } },
          ];
  const actions = scenarioSchema.shape.actions.parse(raw);
  return {
    workflowId: deltaWorkflowId(input),
    input,
    startAt: atLocal(agreementDate, '08:00', rules.zone),
    actions,
    profile,
  };
}
