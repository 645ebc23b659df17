/**
 * A tiny logic-less template filler for the compiled layouts: `{{name}}` inserts a value
 * (passed through `escape`), `{{{name}}}` inserts it as it is (only for HTML the code itself
 * built with every value escaped: the plan report), `{{#name}}…{{/name}}` repeats over a list
 * (`{{.}}` is the item) or shows its body when the value is a non-empty string. Values never
 * pass through MJML. A template is parsed once (`compile`); filling then only walks the parts.
 */
export type FillValue = string | string[] | FillModel[] | undefined;
export interface FillModel {
  [name: string]: FillValue;
}

type Part =
  | { text: string }
  | { value: string; raw: boolean }
  | { section: string; body: Part[] };

// A section, a raw value or a value. Text a value brings in is never scanned again, so a value
// that happens to contain `{{…}}` is shown as typed.
const tag = /\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}|\{\{\{(\w+)\}\}\}|\{\{(\.|\w+)\}\}/g;

function parse(template: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(tag)) {
    if (m.index > last) parts.push({ text: template.slice(last, m.index) });
    if (m[1] !== undefined) parts.push({ section: m[1], body: parse(m[2]) });
    else if (m[3] !== undefined) parts.push({ value: m[3], raw: true });
    else parts.push({ value: m[4], raw: false });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

function render(parts: Part[], model: FillModel, escape: (s: string) => string): string {
  let out = '';
  for (const part of parts) {
    if ('text' in part) {
      out += part.text;
    } else if ('section' in part) {
      const value = model[part.section];
      if (Array.isArray(value)) {
        for (const item of value) out += render(part.body, typeof item === 'string' ? { '.': item } : item, escape);
      } else if (value) {
        out += render(part.body, model, escape);
      }
    } else {
      const value = model[part.value];
      if (part.raw) {
        if (typeof value === 'string') out += value;
        continue;
      }
      if (typeof value !== 'string') throw new Error(`template value "${part.value}" is missing`);
      out += escape(value);
    }
  }
  return out;
}

/** Parses a template once; the returned function fills it. */
export function compile(template: string): (model: FillModel, escape: (s: string) => string) => string {
  const parts = parse(template);
  return (model, escape) => render(parts, model, escape);
}

export function fill(template: string, model: FillModel, escape: (s: string) => string): string {
  return compile(template)(model, escape);
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\n': '<br>' };

const htmlSpecial = /[&<>"'\n]/;
const htmlSpecials = /[&<>"'\n]/g;

export function escapeHtml(s: string): string {
  // Most values have nothing to escape; testing first spares building a new string.
  return htmlSpecial.test(s) ? s.replace(htmlSpecials, (c) => htmlEscapes[c]) : s;
}
