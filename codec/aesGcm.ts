import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ApplicationFailure, type Payload, type PayloadCodec } from '@temporalio/common';

export const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const utf8 = new TextEncoder();
const text = new TextDecoder();

export interface CodecKey {
  id: string;
  key: Buffer;
}

/** `id=base64` strings (validated by the config module) as keys; the first one encrypts. */
export function parseCodecKeys(specs: string[]): CodecKey[] {
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    return { id: spec.slice(0, at), key: Buffer.from(spec.slice(at + 1), 'base64') };
  });
}

/**
 * Encrypts every payload with AES-256-GCM: a fresh 12-byte nonce, then ciphertext and tag.
 * The key id travels in the payload's metadata, so a payload written under an old key still
 * decrypts after the keys are rotated (a new key first, the old ones kept behind it).
 * Payloads that are not ours (no encrypted encoding) pass through unchanged.
 */
export class AesGcmCodec implements PayloadCodec {
  private readonly current: CodecKey;
  private readonly byId: Map<string, Buffer>;

  constructor(keys: CodecKey[]) {
    if (keys.length === 0) throw new Error('AesGcmCodec needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`codec key ${k.id} is not 32 bytes`);
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, nonce);
      const plain = Buffer.from(serialize(payload));
      const data = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8.encode(ENCODING), [KEY_ID]: utf8.encode(this.current.id) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!payload.metadata || text.decode(payload.metadata.encoding) !== ENCODING) return payload;
      const id = text.decode(payload.metadata[KEY_ID]);
      const key = this.byId.get(id);
      if (!key) {
        // Not retryable as data: only a deployment with the key can read it.
        throw ApplicationFailure.nonRetryable(`No codec key with id "${id}" (PLANSYKLUS_CODEC_KEYS)`, 'ERR_CODEC_KEY');
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return deserialize(plain);
    });
  }
}

// A payload is metadata (string → bytes) and data; serialised as JSON with base64 bytes.
type Wire = { m: Record<string, string>; d: string };

function serialize(p: Payload): Uint8Array {
  const m = Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]));
  return utf8.encode(JSON.stringify({ m, d: Buffer.from(p.data ?? []).toString('base64') } satisfies Wire));
}

function deserialize(bytes: Uint8Array): Payload {
  const w = JSON.parse(text.decode(bytes)) as Wire;
  return {
    metadata: Object.fromEntries(Object.entries(w.m).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: new Uint8Array(Buffer.from(w.d, 'base64')),
  };
}
