import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../domain/config';
import { AesGcmCodec, parseCodecKeys, type CodecKey } from './aesGcm';

/** The failure converter's module, for `bundleWorkflowCode` and every data converter. */
export const failureConverterPath = require.resolve('./failureConverter');

/** The data converter of the worker, the CLI and the codec server: every payload encrypted. */
export function encryptingDataConverter(keys: CodecKey[]): DataConverter {
  return { payloadCodecs: [new AesGcmCodec(keys)], failureConverterPath };
}

/** A one-off key for a process whose history dies with it (tests, simulations). */
export function ephemeralKeys(): CodecKey[] {
  return [{ id: 'ephemeral', key: randomBytes(32) }];
}

/**
 * The keys from PLANSYKLUS_CODEC_KEYS, or — on a developer's machine with none set — a key
 * made once and kept in the data folder (`codec-keys`, readable by the owner only), so the
 * worker and the CLI of one checkout read each other's payloads.
 */
export function codecKeysFor(config: Pick<Config, 'codecKeys' | 'dataDir'>): CodecKey[] {
  if (config.codecKeys) return parseCodecKeys(config.codecKeys);
  const file = join(config.dataDir, 'codec-keys');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `local=${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return parseCodecKeys(readFileSync(file, 'utf8').split(/\s+/).filter(Boolean));
}
