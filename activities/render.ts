import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import mjml2html from 'mjml';
import { parse as parseYaml } from 'yaml';
import { z } from '../domain/z';
import { parseOrThrow } from '../domain/errors';
import { languages, type Language } from '../domain/language';
import { listHeadings, mailKinds, type ListHeading, type ListItem, type MailRequest } from '../domain/mail';
import { Memo } from '../domain/memo';
import { reportHtml, reportMarkdown } from '../domain/plan/report';
import { compile, escapeHtml } from './fill';
import { writeDay, writeInstant } from '../domain/writtenDate';

const kindTextsSchema = z.object({
  subject: z.string().min(1),
  heading: z.string().min(1),
  lead: z.string().min(1),
  details: z.array(z.tuple([z.string().min(1), z.string().min(1)])).default([]),
  paragraphs: z.array(z.string().min(1)).default([]),
});

export const mailTextsSchema = z.object({
  locale: z.string().min(2),
  /** The header line and the footer, per kind of work: a DelTa collaboration or an action plan. */
  programmes: z.object({ delta: z.string().min(1), plan: z.string().min(1) }),
  dateTime: z.string().min(1),
  date: z.string().min(1),
  time: z.string().min(1),
  greeting: z.string().min(1),
  /** Joins the last two items of a list in running text. */
  and: z.string().min(1),
  signature: z.string().min(1),
  footers: z.object({ delta: z.string().min(1), plan: z.string().min(1) }),
  lists: z.object(Object.fromEntries(listHeadings.map((h) => [h, z.string().min(1)])) as Record<ListHeading, z.ZodString>),
  /** How a meeting, referat or deliverable is written in a list. */
  items: z.object({
    meeting: z.string().min(1),
    meetingUnscheduled: z.string().min(1),
    referat: z.string().min(1),
    deliverable: z.string().min(1),
    deliverableWaiting: z.string().min(1),
  }),
  /** The milestone a leader's summary reports, by kind. */
  milestones: z.object({ meetingHeld: z.string().min(1), deliverableIn: z.string().min(1), ended: z.string().min(1) }),
  kinds: z.object(Object.fromEntries(mailKinds.map((k) => [k, kindTextsSchema])) as Record<
    (typeof mailKinds)[number],
    typeof kindTextsSchema
  >),
});
export type MailTexts = z.infer<typeof mailTextsSchema>;


export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface MailTemplates {
  render(req: MailRequest): RenderedMail;
}

class MissingValue extends Error {}

/** A placeholder's value, or how to write it when a text asks for it (the dates). */
type Value = string | (() => string);
type Vars = Record<string, Value>;

// A text of the templates split at its placeholders once: text, name, text, …, name, text.
const placeholder = /\{(\w+)\}/;
const splitTexts = new Memo<string[]>(10_000);

function interpolate(text: string, vars: Vars): string {
  const parts = splitTexts.get(text, () => text.split(placeholder));
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const value = lookup(vars, parts[i]);
    if (value === undefined) throw new MissingValue(parts[i]);
    out += value + parts[i + 1];
  }
  return out;
}

function lookup(vars: Vars, name: string): string | undefined {
  const value = vars[name];
  return typeof value === 'function' ? (vars[name] = value()) : value;
}

/**
 * Every placeholder value of a mail: its plain values plus its dates written for the reader.
 * A date is written only when a text of the mail uses it: an invitation shows the start in
 * three ways but the end only as a time (domain/writtenDate.ts writes them).
 */
function variables(req: MailRequest, texts: MailTexts): Vars {
  const vars: Vars = Object.assign(Object.create(null) as Vars, req.values);
  for (const [name, iso] of Object.entries(req.dates ?? {})) {
    vars[name] = () => writeInstant(iso, req.zone, texts.dateTime, texts.locale);
    vars[`${name}Day`] = () => writeInstant(iso, req.zone, texts.date, texts.locale);
    vars[`${name}Time`] = () => writeInstant(iso, req.zone, texts.time, texts.locale);
  }
  for (const [name, isoDate] of Object.entries(req.days ?? {})) {
    vars[name] = () => writeDay(isoDate, req.zone, texts.date, texts.locale);
  }
  if (req.milestones?.length) {
    const phrases = req.milestones.map((m) => interpolate(texts.milestones[m.kind], { subject: m.subject }));
    vars.milestone = phrases.length > 1 ? `${phrases.slice(0, -1).join(', ')} ${texts.and} ${phrases[phrases.length - 1]}` : phrases[0];
  }
  return vars;
}

function writeItem(item: string | ListItem, zone: string, texts: MailTexts): string {
  if (typeof item === 'string') return item;
  const at = item.at && writeInstant(item.at, zone, texts.dateTime, texts.locale);
  const day = item.day && writeDay(item.day, zone, texts.date, texts.locale);
  const format =
    item.what === 'meeting'
      ? at ? texts.items.meeting : texts.items.meetingUnscheduled
      : item.what === 'referat'
        ? texts.items.referat
        : day ? texts.items.deliverable : texts.items.deliverableWaiting;
  return interpolate(format, { subject: item.subject, at: at ?? '', day: day ?? '' });
}

/**
 * Loads the layouts and texts from templates/ and compiles the MJML once; rendering is then
 * plain string filling, with every value HTML-escaped.
 */
export async function loadTemplates(dir: string): Promise<MailTemplates> {
  const compiled = await mjml2html(readFileSync(join(dir, 'mail', 'layout.mjml'), 'utf8'), { validationLevel: 'strict' });
  if (compiled.errors.length) throw new Error(`templates/mail/layout.mjml: ${compiled.errors.map((e) => e.formattedMessage).join('; ')}`);
  const htmlLayout = compile(compiled.html);
  const textLayout = compile(readFileSync(join(dir, 'mail', 'layout.txt'), 'utf8'));
  const texts = new Map<Language, MailTexts>();
  for (const lang of languages) {
    const file = join(dir, 'i18n', `${lang}.yaml`);
    // Every language has every key: a missing one stops the worker at start, naming it.
    if (existsSync(file)) texts.set(lang, parseOrThrow(mailTextsSchema, parseYaml(readFileSync(file, 'utf8')), file));
  }
  if (!texts.has('nb')) throw new Error(`${dir}/i18n/nb.yaml is missing`);

  return {
    render(req) {
      const t = texts.get(req.lang) ?? texts.get('nb')!;
      const kind = t.kinds[req.kind];
      const vars = variables(req, t);
      const say = (text: string) => interpolate(text, vars);
      const details = kind.details.flatMap(([label, value]) => {
        try {
          return [{ label: say(label), value: say(value) }];
        } catch (err) {
          if (err instanceof MissingValue) return [];
          throw err;
        }
      });
      const model = {
        lang: req.lang,
        subject: say(kind.subject),
        programme: t.programmes[req.programme ?? 'delta'],
        municipality: lookup(vars, 'municipality') ?? '',
        heading: say(kind.heading),
        greeting: say(t.greeting),
        lead: say(kind.lead),
        details,
        hasDetails: details.length ? 'yes' : undefined,
        lists: (req.lists ?? [])
          .filter((l) => l.items.length)
          .map((l) => ({ heading: t.lists[l.heading], items: l.items.map((i) => writeItem(i, req.zone, t)) })),
        paragraphs: kind.paragraphs.map(say),
        signature: say(t.signature),
        footer: say(t.footers[req.programme ?? 'delta']),
        report: req.report ? reportHtml(req.report) : undefined,
        reportText: req.report ? reportMarkdown(req.report) : undefined,
      };
      return {
        subject: model.subject,
        html: htmlLayout(model, escapeHtml),
        text: textLayout(model, (s) => s).replace(/\n{3,}/g, '\n\n'),
      };
    },
  };
}
