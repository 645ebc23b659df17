import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ErrorType, parseOrThrow, PlansyklusError } from '../domain/errors';
import { programmeSchema, type Programme } from '../domain/programme';
import type { z } from 'zod';
import { templatesDir } from '../infra/paths';


/** Reads a YAML or JSON file (JSON is YAML) and validates it; errors name the file and fields. */
export function readValidated<T extends z.ZodType>(schema: T, file: string): z.output<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new PlansyklusError(ErrorType.invalidInput, `Kan ikke lese ${file}: filen finnes ikke eller kan ikke åpnes.`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new PlansyklusError(ErrorType.invalidInput, `${file} er ikke gyldig YAML/JSON: ${(err as Error).message}`);
  }
  return parseOrThrow(schema, data, file);
}

/** A programme definition from templates/programmes/ (or another templates folder), validated. */
export function loadProgramme(id: string, dir: string = templatesDir): Programme {
  return readValidated(programmeSchema(), join(dir, 'programmes', `${id}.yaml`));
}
