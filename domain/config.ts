import { z } from 'zod';
import { shared } from './schema';
import { describeIssues, ErrorType, PlansyklusError } from './errors';

const hostPort = z.string().regex(/^[\w.-]+:\d{1,5}$/, 'må være vert:port, f.eks. 127.0.0.1:7233');
const flag = z.enum(['true', 'false'], { message: 'må være true eller false' }).transform((v) => v === 'true');
const port = z.coerce.number().int().min(1).max(65535);

/** Log levels, least to most severe; the setting is the least severe that is written. */
export const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof logLevels)[number];

/** One codec key: an id (stored with every payload) and 32 bytes of AES-256 key in base64. */
const codecKey = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,40}=[A-Za-z0-9+/]{43}=$/, 'hver nøkkel må være id=<32 byte i base64>, f.eks. k2026=… (lag en med «openssl rand -base64 32»)');

/**
 * Workflows a worker keeps in memory between their steps (the SDK's `maxCachedWorkflows`). One
 * that is not kept is replayed from its history at its next step: slower, but the worker's
 * memory stays bounded however many plans run. 800 fit the worker's 640 MiB heap with room to
 * spare (README, Production: memory).
 */
export const defaultWorkflowCache = 800;

/** Every setting plansyklus reads from the environment; `.env.example` lists the same. */
export const configSchema = shared(z.object({
  PLANSYKLUS_TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  PLANSYKLUS_NAMESPACE: z.string().min(1).default('default'),
  PLANSYKLUS_TASK_QUEUE: z.string().min(1).default('plansyklus'),
  PLANSYKLUS_TEMPORAL_TLS: flag.default(false),
  PLANSYKLUS_TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  PLANSYKLUS_TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  PLANSYKLUS_TEMPORAL_API_KEY: z.string().min(1).optional(),
  PLANSYKLUS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'må være en smtp://- eller smtps://-adresse, f.eks. smtp://127.0.0.1:2525')
    .default('smtp://127.0.0.1:2525'),
  PLANSYKLUS_MAIL_FROM: z
    .string()
    .regex(/^[^<>]*<[^@\s<>]+@[^@\s<>]+>$|^[^@\s<>]+@[^@\s<>]+$/, 'må være en avsenderadresse, f.eks. "plansyklus <noreply@example.no>"')
    .default('plansyklus <plansyklus@localhost>'),
  PLANSYKLUS_DATA_DIR: z.string().min(1).default('data'),
  PLANSYKLUS_SENT_LOG_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'må være en postgres://-adresse, f.eks. postgres://plansyklus@db:5432/plansyklus')
    .optional(),
  PLANSYKLUS_TEMPLATES_DIR: z.string().min(1).optional(),
  PLANSYKLUS_CODEC_KEYS: z
    .string()
    .transform((s) => s.split(',').map((k) => k.trim()).filter(Boolean))
    .pipe(z.array(codecKey).min(1, 'minst én nøkkel'))
    .optional(),
  PLANSYKLUS_CODEC_PORT: port.default(8888),
  PLANSYKLUS_CODEC_CORS_ORIGIN: z.string().min(1).default('http://localhost:8080'),
  PLANSYKLUS_LOG_LEVEL: z.enum(logLevels, { message: `må være en av ${logLevels.join(', ')}` }).default('INFO'),
  PLANSYKLUS_UI_PORT: port.default(8233),
  PLANSYKLUS_WORKFLOW_CACHE: z.coerce
    .number({ error: 'må være et heltall' })
    .int('må være et heltall')
    .min(2, 'må være minst 2 (en arbeider holder minst to arbeidsflyter i minnet)')
    .max(100_000, 'må være høyst 100000')
    .default(defaultWorkflowCache),
}));

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** TLS to the frontend: on for Temporal Cloud and most clusters; with cert+key it is mTLS. */
  tls: false | { certPath?: string; keyPath?: string };
  /** Temporal Cloud API key (implies TLS). */
  apiKey?: string;
}

export interface Config {
  temporal: TemporalConfig;
  smtpUrl: string;
  mailFrom: string;
  dataDir: string;
  /** PostgreSQL for the sent-log; absent: a SQLite file in the data folder. */
  sentLogUrl?: string;
  /** Where programmes and mail texts are read from (default: the project's templates/). */
  templatesDir?: string;
  /** `id=base64` AES-256 keys; the first encrypts, all decrypt. Absent: a key file in the data folder. */
  codecKeys?: string[];
  codec: { port: number; corsOrigin: string };
  logLevel: LogLevel;
  uiPort: number;
  /** Workflows the worker keeps in memory between steps. */
  workflowCache: number;
}

/** Validates the environment once; a bad value stops start-up naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const picked = Object.fromEntries(
    Object.keys(configSchema().shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = configSchema().safeParse(picked);
  if (!result.success) {
    throw new PlansyklusError(ErrorType.invalidInput, `Ugyldig miljøvariabel:\n${describeIssues(result.error)}`);
  }
  const c = result.data;
  if (!!c.PLANSYKLUS_TEMPORAL_TLS_CERT !== !!c.PLANSYKLUS_TEMPORAL_TLS_KEY) {
    throw new PlansyklusError(
      ErrorType.invalidInput,
      'Ugyldig miljøvariabel:\nPLANSYKLUS_TEMPORAL_TLS_CERT og PLANSYKLUS_TEMPORAL_TLS_KEY må settes sammen (mTLS)',
    );
  }
  const mtls = c.PLANSYKLUS_TEMPORAL_TLS_CERT ? { certPath: c.PLANSYKLUS_TEMPORAL_TLS_CERT, keyPath: c.PLANSYKLUS_TEMPORAL_TLS_KEY } : undefined;
  const tlsOn = c.PLANSYKLUS_TEMPORAL_TLS || !!mtls || !!c.PLANSYKLUS_TEMPORAL_API_KEY;
  return {
    temporal: {
      address: c.PLANSYKLUS_TEMPORAL_ADDRESS,
      namespace: c.PLANSYKLUS_NAMESPACE,
      taskQueue: c.PLANSYKLUS_TASK_QUEUE,
      tls: tlsOn ? (mtls ?? {}) : false,
      apiKey: c.PLANSYKLUS_TEMPORAL_API_KEY,
    },
    smtpUrl: c.PLANSYKLUS_SMTP_URL,
    mailFrom: c.PLANSYKLUS_MAIL_FROM,
    dataDir: c.PLANSYKLUS_DATA_DIR,
    sentLogUrl: c.PLANSYKLUS_SENT_LOG_URL,
    templatesDir: c.PLANSYKLUS_TEMPLATES_DIR,
    codecKeys: c.PLANSYKLUS_CODEC_KEYS,
    codec: { port: c.PLANSYKLUS_CODEC_PORT, corsOrigin: c.PLANSYKLUS_CODEC_CORS_ORIGIN },
    logLevel: c.PLANSYKLUS_LOG_LEVEL,
    uiPort: c.PLANSYKLUS_UI_PORT,
    workflowCache: c.PLANSYKLUS_WORKFLOW_CACHE,
  };
}
