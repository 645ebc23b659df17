import type { LogLevel as SdkLevel, LogMetadata, Logger } from '@temporalio/common';
import type { LogLevel } from '../domain/config';

const rank: Record<SdkLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/**
 * One JSON object per line: time, level, message and the SDK's metadata (workflow and activity
 * ids and types, task queue, attempt). plansyklus puts only ids, kinds and counts in log
 * metadata — never names, addresses or texts people wrote. Errors are reduced to their type and
 * message (ours name SMTP codes, not recipients).
 */
export class JsonLogger implements Logger {
  constructor(
    private readonly level: LogLevel,
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  log(level: SdkLevel, message: string, meta: LogMetadata = {}): void {
    if (rank[level] < rank[this.level]) return;
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(meta)) fields[key] = value instanceof Error ? errorFields(value) : value;
    this.write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }, bigintSafe));
  }
  trace(message: string, meta?: LogMetadata) { this.log('TRACE', message, meta); }
  debug(message: string, meta?: LogMetadata) { this.log('DEBUG', message, meta); }
  info(message: string, meta?: LogMetadata) { this.log('INFO', message, meta); }
  warn(message: string, meta?: LogMetadata) { this.log('WARN', message, meta); }
  error(message: string, meta?: LogMetadata) { this.log('ERROR', message, meta); }
}

function errorFields(err: Error) {
  const e = err as Error & { type?: string; code?: string };
  return { name: e.name, message: e.message, ...(e.type ? { type: e.type } : {}), ...(e.code ? { code: e.code } : {}) };
}

const bigintSafe = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);
