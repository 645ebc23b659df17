/**
 * A tiny logic-less template filler for the compiled layouts: `{{name}}` inserts a value
 * (passed through `escape`), `{{#name}}…{{/name}}` repeats over a list (`{{.}}` is the item)
 * or shows its body when the value is a non-empty string. Values never pass through MJML.
 */
export type FillValue = string | string[] | FillModel[] | undefined;
export interface FillModel {
  [name: string]: FillValue;
}

// One pass over the template: a section or a variable. Text a value brings in is never
// scanned again, so a value that happens to contain `{{…}}` is shown as typed.
// `{{{name}}}` inserts a value as it is: only for HTML the code itself built with every value escaped (the plan report).
const tag = /\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}|\{\{\{(\w+)\}\}\}|\{\{(\.|\w+)\}\}/g;

export function fill(template: string, model: FillModel, escape: (s: string) => string): string {
  return template.replace(tag, (_, section: string | undefined, body: string, raw: string | undefined, name: string) => {
    if (raw !== undefined) {
      const value = model[raw];
      return typeof value === 'string' ? value : '';
    }
    if (section !== undefined) {
      const value = model[section];
      if (Array.isArray(value)) {
        return value
          .map((item) => fill(body, typeof item === 'string' ? { '.': item } : item, escape))
          .join('');
      }
      return value ? fill(body, model, escape) : '';
    }
    const value = model[name];
    if (typeof value !== 'string') throw new Error(`template value "${name}" is missing`);
    return escape(value);
  });
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\n/g, '<br>');
}
