import { z } from 'zod';

// Everything people read is in bokmål, zod's own messages included.
z.config(z.locales.no());

/**
 * A schema handed out through a function: `personSchema()`. The worker loads the domain modules
 * once and every workflow shares them (worker/createWorker.ts); the SDK deep-freezes what a
 * shared module exports, and a frozen zod 4 schema fails on first use. A schema inside a
 * function's closure is built once, at load, and never frozen. For the same reason a shared
 * module imports `z` from zod itself: exporting it again would freeze zod's own patterns.
 */
export const shared =
  <T extends z.ZodType>(schema: T): (() => T) =>
  () =>
    schema;

/**
 * zod's own pattern for a format, copied for the module that checks with it. zod resets a
 * pattern's `lastIndex` on every check, and its own patterns are frozen with it in a worker.
 */
export const ownPattern = (pattern: RegExp): RegExp => new RegExp(pattern.source, pattern.flags);

/** A calendar date yyyy-mm-dd, checked as `z.iso.date()` checks it, with a pattern of its own. */
export const calendarDate = (message?: string) => z.stringFormat('date', ownPattern(z.regexes.date), message === undefined ? undefined : { message });
