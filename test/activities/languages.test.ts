import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { mailTextsSchema } from '../../activities/render';
import { languages } from '../../domain/language';
import { mailKinds } from '../../domain/mail';
import { templatesDir } from '../../infra/paths';
import { chromiumPath, preview } from '../../client/preview';

// Every mail kind exists in bokmål, nynorsk, Danish and English: a missing key in any language
// fails here (and stops the worker at start-up), naming the file and the key.
const file = (lang: string) => join(templatesDir, 'i18n', `${lang}.yaml`);

test.each(languages.map((l) => [l]))('%s has every key of every mail kind', (lang) => {
  const parsed = mailTextsSchema.safeParse(parse(readFileSync(file(lang), 'utf8')));
  expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))).toEqual([]);
});

test('a missing key is reported with its path', () => {
  const texts = parse(readFileSync(file('nn'), 'utf8'));
  delete texts.kinds.referatReminder.lead;
  delete texts.lists.agenda;
  const parsed = mailTextsSchema.safeParse(texts);
  expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))).toEqual(['lists.agenda', 'kinds.referatReminder.lead']);
});

const greetings = { nb: 'Hei Kari Nordmann,', nn: 'Hei Kari Nordmann,', da: 'Kære Kari Nordmann', en: 'Dear Kari Nordmann,' };

test.each(languages.flatMap((lang) => mailKinds.map((kind) => [lang, kind])))('%s %s renders with every placeholder filled', async (lang, kind) => {
  const result = await preview(kind as never, lang as never, `/tmp/plansyklus-preview-${process.pid}`, undefined, false);
  const text = readFileSync(result.text, 'utf8');
  const html = readFileSync(result.html, 'utf8');
  expect(text).toContain(greetings[lang as keyof typeof greetings]);
  expect(text).not.toMatch(/\{\w+\}/);
  expect(html).toContain(`lang="${lang}"`);
});

test('preview draws the HTML as a PNG in headless Chromium', async () => {
  expect(chromiumPath()).toBeDefined(); // npm run setup installs Debian's chromium
  const result = await preview('invitation', 'nn', `/tmp/plansyklus-preview-${process.pid}`);
  const png = readFileSync(result.png!);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.length).toBeGreaterThan(10_000);
}, 60_000);
