import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { directorySchema, resolveOwner, type Directory } from '../../domain/plan/directory';
import { importPlan } from '../../domain/plan/import';
import { projectRoot } from '../../infra/paths';

// A plan file and a directory of owners together: what the plan cycle will run on.
const example = (name: string) => readFileSync(join(projectRoot, 'examples', 'plans', name), 'utf8');
const directory = (name: string): Directory => directorySchema().parse(parse(example(name)));
const overhalla = directory('overhalla-directory.yaml');
const varde = directory('varde-directory.yaml');

test('the Overhalla plan (Norwegian layout) imports in both formats, with periods and owners', () => {
  const csv = importPlan(example('overhalla-2011.csv'), 'overhalla-2011.csv', overhalla, { from: 2011, to: 2015 });
  if (!csv.ok) throw new Error(JSON.stringify(csv.issues));
  expect(csv.plan.layout).toBe('no');
  expect(csv.plan.measures).toHaveLength(22);
  const first = csv.plan.measures[0];
  expect(first).toMatchObject({
    id: '1.1',
    section: 'Primærforebygging',
    measure: 'PREMIS (ulike forebyggingsprogram)',
    period: { kind: 'range', from: '2011-01-01', to: '2013-12-31' },
    owner: { owner: 'Oppvekst', person: { email: 'tone.aune@overhalla.example' }, leader: { name: 'Tone Aune' } },
    coOwners: ['Helse', 'KoRus', 'FM'],
  });
  expect(csv.plan.measures.map((m) => m.period.kind)).toEqual(expect.arrayContaining(['range', 'recurring', 'continuous']));
  const yaml = importPlan(example('overhalla-2011.yaml'), 'overhalla-2011.yaml', overhalla, { from: 2011, to: 2015 });
  expect(yaml.ok && yaml.plan.measures.length).toBe(7);
});

test('the Varde plan (Danish layout) imports: the first name under Hvem is the owner', () => {
  const result = importPlan(example('varde-2013.tsv'), 'varde-2013.tsv', varde, { from: 2013, to: 2018 });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  expect(result.plan.measures).toHaveLength(20);
  expect(result.plan.measures[0]).toMatchObject({
    id: '5.1',
    period: { kind: 'due', due: '2014-06-30' }, // «i skoleåret 2013-14»
    owner: { owner: 'Jens Holm' },
    coOwners: ['Skolerådgivere'],
  });
});

test('every bad row is reported with line, column and reason, and nothing is imported', () => {
  const file = [
    'Delmål;Tiltak;Tidsperiode;Kostnad;Beskrivelse/gjennomføring;Ansvar;Resultat',
    'Primærforebygging;;;;;;',
    'Tydelig folkehelseperspektiv;Ungdomsklubb;2012;;;Kultur;',
    ';Foreldremøter;en gang iblant;;;Oppvekst;',
    ';Rusfri 17. mai;2013;;;Ordføreren;',
    ';Kurs for skjenkesteder;1911;;;Bevillingsgiver, Helse;',
  ].join('\n');
  const result = importPlan(file, 'plan.csv', overhalla, { from: 2011, to: 2015 });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.issues.map((i) => `${i.line} ${i.column}: ${i.reason.split(/[.:] /)[0]}`)).toEqual([
    '4 Tidsperiode: Forstod ikke tidsperioden «en gang iblant»',
    '5 Ansvar: «Ordføreren» finnes ikke i katalogen; legg til eieren (eller et alias) under owners',
    '6 Tidsperiode: Forstod ikke tidsperioden «1911»',
  ]);
});

test('a directory names leaders that exist and owners only once', () => {
  const bad = directorySchema().safeParse({
    leaders: { sjef: { name: 'A', email: 'a@x.example' } },
    owners: [
      { owner: 'Helse', name: 'B', email: 'b@x.example', leader: 'sjef' },
      { owner: 'Oppvekst', aliases: ['helse '], name: 'C', email: 'c@x.example', leader: 'rektor' },
    ],
  });
  expect(bad.success).toBe(false);
  expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
    'owners.1.leader: «rektor» finnes ikke under leaders',
    'owners.1.owner: «helse» står også på eier nummer 1',
  ]);
  expect(resolveOwner(overhalla, '  fagsjef  HELSE ')?.owner).toBe('Helse');
});
