/**
 * Makes equal strings in decoded data one string, in place. A workflow's input and carried
 * state come from JSON, which gives every occurrence of a string its own copy: a plan repeats
 * each owner's leader, title and focus area in every measure, in its input and again in its
 * state, and in bench:scale such copies were a fifth of the workflow thread's heap. Strings
 * cannot change, so sharing them changes nothing a workflow computes; a cached workflow only
 * holds less. Walks arrays and plain objects; returns `value`.
 */
export function shareStrings<T>(value: T): T {
  const seen = new Map<string, string>();
  const share = (s: string): string => {
    const first = seen.get(s);
    if (first !== undefined) return first;
    seen.set(s, s);
    return s;
  };
  // Object.keys gives an array's indices too, so one loop walks both.
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string') record[key] = share(item);
      else visit(item);
    }
  };
  visit(value);
  return value;
}
