import { z } from 'zod';
import { shared } from '../schema';
import { personSchema, type Person } from '../people';

/**
 * Who the owners in an action plan are. A plan names owners as people write them — a person
 * ("Per Mårtensson") or a service or role ("Oppvekst", "Skolerådgivere"); the directory maps
 * each to the person who gets the mail and that person's leader. Matching ignores case and
 * spacing; `aliases` cover other spellings. Names and addresses are personal data: they live
 * in this file and in the plan's state, never in logs or workflow ids.
 */
const key = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, 'nøkler skrives med bokstaver, tall og bindestrek');

export const directorySchema = shared(z
  .object({
    leaders: z.record(key, personSchema()),
    owners: z
      .array(
        personSchema().extend({
          /** The owner as written in the plan. */
          owner: z.string().trim().min(1, 'eieren mangler'),
          aliases: z.array(z.string().trim().min(1)).default([]),
          /** A key under `leaders`. */
          leader: key,
        }),
      )
      .min(1, 'katalogen har ingen eiere'),
  })
  .superRefine((d, ctx) => {
    const seen = new Map<string, number>();
    d.owners.forEach((o, i) => {
      if (!(o.leader in d.leaders)) {
        ctx.addIssue({ code: 'custom', path: ['owners', i, 'leader'], message: `«${o.leader}» finnes ikke under leaders` });
      }
      for (const label of [o.owner, ...o.aliases]) {
        const k = normaliseOwner(label);
        const before = seen.get(k);
        if (before !== undefined && before !== i) {
          ctx.addIssue({ code: 'custom', path: ['owners', i, 'owner'], message: `«${label}» står også på eier nummer ${before + 1}` });
        }
        seen.set(k, i);
      }
    });
  }));
export type Directory = z.infer<ReturnType<typeof directorySchema>>;

export interface ResolvedOwner {
  /** The directory's name for the owner, e.g. "Oppvekst". */
  owner: string;
  person: Person;
  leader: Person;
}

export function normaliseOwner(label: string): string {
  return label.toLocaleLowerCase('nb').replace(/[.,:;]+$/g, '').replace(/\s+/g, ' ').trim();
}

/** Finds an owner as written in a plan; undefined when the directory does not know it. */
export function resolveOwner(directory: Directory, label: string): ResolvedOwner | undefined {
  const wanted = normaliseOwner(label);
  const entry = directory.owners.find((o) => [o.owner, ...o.aliases].some((l) => normaliseOwner(l) === wanted));
  if (!entry) return undefined;
  const { owner, aliases: _aliases, leader, ...person } = entry;
  return { owner, person, leader: directory.leaders[leader] };
}
