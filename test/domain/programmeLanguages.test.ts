import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadProgramme, readValidated } from '../../client/files';
import { languages } from '../../domain/language';
import { revisionSpecSchema } from '../../domain/plan/revision';
import { templatesDir } from '../../infra/paths';

// The data-driven texts people read in mail (meeting titles, agendas, focus areas, deliverables,
// revision milestones) exist in every language: a municipality writing nynorsk, Danish or English
// must not get bokmål mixed into its mail. A text is any object with an `nb` key.

const revisionFile = join(templatesDir, 'plan', 'revision.yaml');

/**
 * Paths of the texts that lack a language, or whose translation is not of the same kind as the
 * bokmål (text vs list) or, for a list, not of the same length.
 */
function missingTranslations(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => missingTranslations(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  if (!('nb' in obj)) return Object.entries(obj).flatMap(([k, v]) => missingTranslations(v, path ? `${path}.${k}` : k));
  const nb = obj.nb;
  const problems: string[] = [];
  for (const lang of languages) {
    if (lang === 'nb') continue;
    const text = obj[lang];
    const at = `${path}.${lang}`;
    if (text === undefined) problems.push(`${at}: mangler`);
    else if (Array.isArray(nb) !== Array.isArray(text) || (!Array.isArray(nb) && typeof nb !== typeof text)) problems.push(`${at}: ikke samme type som nb`);
    else if (Array.isArray(nb) && Array.isArray(text) && nb.length !== text.length) {
      problems.push(`${at}: ${text.length} punkter, nb har ${nb.length}`);
    }
  }
  return problems;
}

/** Keys beside the languages in a text object of the raw YAML: `{ nb: a, b }` splits the text silently. */
function strayKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => strayKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  if ('nb' in obj) return Object.keys(obj).filter((k) => !(languages as readonly string[]).includes(k)).map((k) => `${path}.${k}`);
  return Object.entries(obj).flatMap(([k, v]) => strayKeys(v, path ? `${path}.${k}` : k));
}

describe('every text has nb, nn, da and en', () => {
  test('templates/programmes/delta.yaml', () => {
    expect(missingTranslations(loadProgramme('delta'))).toEqual([]);
  });

  test('templates/plan/revision.yaml', () => {
    expect(missingTranslations(readValidated(revisionSpecSchema(), revisionFile))).toEqual([]);
  });

  test('the raw YAML has no keys beside the languages in a text (e.g. an unquoted comma in a flow mapping)', () => {
    for (const file of [join(templatesDir, 'programmes', 'delta.yaml'), revisionFile]) {
      expect(strayKeys(parseYaml(readFileSync(file, 'utf8'))).map((p) => `${file}: ${p}`)).toEqual([]);
    }
  });

  test('the check finds the texts there are', () => {
    // Guards against a walk that silently visits nothing.
    const count = (v: unknown): number =>
      Array.isArray(v) ? v.reduce((n: number, x) => n + count(x), 0)
      : v !== null && typeof v === 'object' ? ('nb' in v ? 1 : Object.values(v).reduce((n: number, x) => n + count(x), 0))
      : 0;
    expect(count(loadProgramme('delta'))).toBeGreaterThan(50);
    expect(count(readValidated(revisionSpecSchema(), revisionFile))).toBeGreaterThan(15);
  });
});

describe('missingTranslations', () => {
  test('names the path of a missing language, a wrong type and a list of another length', () => {
    const data = {
      name: { nb: 'Navn', nn: 'Namn', da: 'Navn' },
      meetings: {
        a: { agenda: { nb: ['1', '2'], nn: ['1', '2'], da: ['1'], en: 'one' } },
      },
      areas: [{ n: 1, title: { nb: 'T', nn: 'T', da: 'T', en: 'T' } }, { n: 2, short: { nb: 'S' } }],
    };
    expect(missingTranslations(data)).toEqual([
      'name.en: mangler',
      'meetings.a.agenda.da: 1 punkter, nb har 2',
      'meetings.a.agenda.en: ikke samme type som nb',
      'areas[1].short.nn: mangler',
      'areas[1].short.da: mangler',
      'areas[1].short.en: mangler',
    ]);
  });
});
