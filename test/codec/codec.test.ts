import { randomBytes } from 'node:crypto';
import { ApplicationFailure, DefaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmCodec, ENCODING, parseCodecKeys, type CodecKey } from '../../codec/aesGcm';
import { codecKeysFor } from '../../codec/dataConverter';
import { startCodecServer, type CodecServer } from '../../codec/server';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const key = (id: string): CodecKey => ({ id, key: randomBytes(32) });
const converter = new DefaultPayloadConverter();
const secret = { name: 'Kari Nordmann', email: 'kari@kommune.test', referat: 'Vi ble enige om å kartlegge skjenkestedene.' };
const text = (p: Payload) => Buffer.from(p.data ?? []).toString('latin1') + Object.values(p.metadata ?? {}).map((v) => Buffer.from(v).toString('latin1')).join('');
const meta = (p: Payload, k: string) => Buffer.from(p.metadata![k]).toString();

describe('AES-GCM payload codec', () => {
  const k1 = key('k2026');
  const k2 = key('k2027');

  test('round trip: what goes in comes back, and nothing of it shows in the encrypted payload', async () => {
    const codec = new AesGcmCodec([k1]);
    const plain = converter.toPayload(secret);
    const [encrypted] = await codec.encode([plain]);
    expect(meta(encrypted, 'encoding')).toBe(ENCODING);
    expect(meta(encrypted, 'encryption-key-id')).toBe('k2026');
    for (const needle of Object.values(secret)) expect(text(encrypted)).not.toContain(needle);
    expect(text(encrypted)).not.toContain('json/plain');
    const [back] = await codec.decode([encrypted]);
    expect(converter.fromPayload(back)).toEqual(secret);
  });

  test('the same payload encrypts differently each time (a fresh nonce)', async () => {
    const codec = new AesGcmCodec([k1]);
    const [a, b] = await codec.encode([converter.toPayload(secret), converter.toPayload(secret)]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  test('rotation: a new key encrypts, payloads under the old key still decrypt', async () => {
    const [old] = await new AesGcmCodec([k1]).encode([converter.toPayload(secret)]);
    const rotated = new AesGcmCodec([k2, k1]);
    expect(converter.fromPayload((await rotated.decode([old]))[0])).toEqual(secret);
    const [fresh] = await rotated.encode([converter.toPayload(secret)]);
    expect(meta(fresh, 'encryption-key-id')).toBe('k2027');
  });

  test('a payload under a key that was removed fails, naming the key id only', async () => {
    const [old] = await new AesGcmCodec([k1]).encode([converter.toPayload(secret)]);
    const err = await new AesGcmCodec([k2]).decode([old]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as Error).message).toBe('No codec key with id "k2026" (PLANSYKLUS_CODEC_KEYS)');
  });

  test('a payload changed in storage does not decrypt (the tag is checked)', async () => {
    const codec = new AesGcmCodec([k1]);
    const [encrypted] = await codec.encode([converter.toPayload(secret)]);
    const data = Buffer.from(encrypted.data!);
    data[20] ^= 1;
    await expect(codec.decode([{ ...encrypted, data }])).rejects.toThrow(/authenticate/);
  });

  test('payloads that are not encrypted pass through decode unchanged', async () => {
    const plain = converter.toPayload('ikke hemmelig');
    expect(await new AesGcmCodec([k1]).decode([plain])).toEqual([plain]);
  });

  test('keys from the environment, or one made once in the data folder and kept private', () => {
    const spec = `a=${randomBytes(32).toString('base64')}`;
    expect(codecKeysFor({ codecKeys: [spec], dataDir: '/nonexistent' })).toEqual(parseCodecKeys([spec]));
    const dir = mkdtempSync(join(tmpdir(), 'plansyklus-keys-'));
    const first = codecKeysFor({ dataDir: dir });
    expect(first).toHaveLength(1);
    expect(first[0].key).toHaveLength(32);
    expect(codecKeysFor({ dataDir: dir })).toEqual(first);
    expect(statSync(join(dir, 'codec-keys')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'codec-keys'), 'utf8')).toMatch(/^local=[A-Za-z0-9+/]{43}=\n$/);
  });
});

describe('codec endpoint for the Web UI', () => {
  const keys = [key('k1')];
  let server: CodecServer;
  const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
  const post = (path: string, body: unknown) =>
    fetch(url(path), { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const json = (p: Payload) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  });

  beforeAll(async () => {
    server = await startCodecServer({ codec: new AesGcmCodec(keys), port: 0, host: '127.0.0.1', corsOrigin: 'http://localhost:8080' });
  });
  afterAll(() => server.close());

  test('/decode gives the plaintext payload the worker wrote, with CORS for the UI', async () => {
    const [encrypted] = await new AesGcmCodec(keys).encode([converter.toPayload(secret)]);
    const res = await post('/decode', { payloads: [json(encrypted)] });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
    const body = (await res.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(body.payloads[0].data, 'base64').toString())).toEqual(secret);
  });

  test('/encode then /decode round-trips', async () => {
    const enc = (await (await post('/encode', { payloads: [json(converter.toPayload('hei'))] })).json()) as { payloads: unknown[] };
    const dec = (await (await post('/decode', enc)).json()) as { payloads: { data: string }[] };
    expect(Buffer.from(dec.payloads[0].data, 'base64').toString()).toBe('"hei"');
  });

  test('the browser preflight is answered; health is a GET', async () => {
    const pre = await fetch(url('/decode'), { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toContain('X-Namespace');
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });

  test('bad requests get 400 with a reason, unknown paths 404', async () => {
    const notJson = await post('/decode', '{');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toBe('Forespørselen er ikke gyldig JSON');
    const wrongShape = await post('/decode', { payloads: 'x' });
    expect(wrongShape.status).toBe(400);
    expect(((await wrongShape.json()) as { message: string }).message).toMatch(/^payloads: /);
    const [other] = await new AesGcmCodec([key('gone')]).encode([converter.toPayload(secret)]);
    const unknownKey = await post('/decode', { payloads: [json(other)] });
    expect(unknownKey.status).toBe(400);
    expect(((await unknownKey.json()) as { message: string }).message).toContain('"gone"');
    expect((await fetch(url('/'), { method: 'GET' })).status).toBe(404);
  });
});
