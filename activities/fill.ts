/**
 * A tiny logic-less template filler for the compiled layouts: `{{name}}` inserts a value
 * (passed through `escape`), `{{#name}}…{{/name}}` repeats over a list (`{{.}}` is the item)
 * or shows its body when the value is a non-empty string. Values never pass through MJML.
 */
export type FillValue = string | string[] | Record<string, string>[] | undefined;
export type FillModel = Record<string, FillValue>;

const section = /\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g;
const variable = /\{\{(\.|\w+)\}\}/g;

export function fill(template: string, model: FillModel, escape: (s: string) => string): string {
  const withSections = template.replace(section, (_, name: string, body: string) => {
    const value = model[name];
    if (Array.isArray(value)) {
      return value
        .map((item) => fill(body, typeof item === 'string' ? { '.': item } : item, escape))
        .join('');
    }
    return value ? fill(body, model, escape) : '';
  });
  return withSections.replace(variable, (_, name: string) => {
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
