import { z } from './z';
import { describeIssues, ErrorType, PlansyklusError } from './errors';

const hostPort = z.string().regex(/^[\w.-]+:\d{1,5}$/, 'må være vert:port, f.eks. 127.0.0.1:7233');

/** Every setting plansyklus reads from the environment; `.env.example` lists the same. */
export const configSchema = z.object({
  PLANSYKLUS_TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  PLANSYKLUS_NAMESPACE: z.string().min(1).default('default'),
  PLANSYKLUS_TASK_QUEUE: z.string().min(1).default('plansyklus'),
  PLANSYKLUS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'må være en smtp://- eller smtps://-adresse, f.eks. smtp://127.0.0.1:2525')
    .default('smtp://127.0.0.1:2525'),
  PLANSYKLUS_MAIL_FROM: z
    .string()
    .regex(/^[^<>]*<[^@\s<>]+@[^@\s<>]+>$|^[^@\s<>]+@[^@\s<>]+$/, 'må være en avsenderadresse, f.eks. "plansyklus <noreply@example.no>"')
    .default('plansyklus <plansyklus@localhost>'),
  PLANSYKLUS_DATA_DIR: z.string().min(1).default('data'),
  PLANSYKLUS_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
});

export interface Config {
  temporal: { address: string; namespace: string; taskQueue: string };
  smtpUrl: string;
  mailFrom: string;
  dataDir: string;
  uiPort: number;
}

/** Validates the environment once; a bad value stops start-up naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const picked = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = configSchema.safeParse(picked);
  if (!result.success) {
    throw new PlansyklusError(ErrorType.invalidInput, `Ugyldig miljøvariabel:\n${describeIssues(result.error)}`);
  }
  const c = result.data;
  return {
    temporal: { address: c.PLANSYKLUS_TEMPORAL_ADDRESS, namespace: c.PLANSYKLUS_NAMESPACE, taskQueue: c.PLANSYKLUS_TASK_QUEUE },
    smtpUrl: c.PLANSYKLUS_SMTP_URL,
    mailFrom: c.PLANSYKLUS_MAIL_FROM,
    dataDir: c.PLANSYKLUS_DATA_DIR,
    uiPort: c.PLANSYKLUS_UI_PORT,
  };
}
