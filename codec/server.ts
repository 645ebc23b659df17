import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from '../domain/z';
import { describeIssues } from '../domain/errors';

const MAX_BODY = 8 * 1024 * 1024;

const bodySchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })),
});

export interface CodecServerOptions {
  codec: PayloadCodec;
  port: number;
  /** The origin the Web UI runs on: the browser calls this server from there. */
  corsOrigin: string;
  host?: string;
}

export interface CodecServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Temporal's remote codec protocol, so the Web UI (and `temporal workflow show
 * --codec-endpoint`) can show payloads decrypted: POST /decode and /encode take and give
 * `{ payloads: [{ metadata, data }] }` with base64 values. GET /healthz answers 200. It decrypts
 * for whoever can reach it: run it where only people allowed to read the histories can.
 */
export async function startCodecServer(opts: CodecServerOptions): Promise<CodecServer> {
  const server = createServer((req, res) => {
    handle(req, res, opts).catch(() => send(res, 500, { message: 'Kunne ikke behandle forespørselen' }, opts.corsOrigin));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: CodecServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://codec').pathname;
  if (req.method === 'OPTIONS') return send(res, 204, undefined, opts.corsOrigin);
  if (req.method === 'GET' && path === '/healthz') return send(res, 200, { status: 'ok' }, opts.corsOrigin);
  if (req.method !== 'POST' || (path !== '/encode' && path !== '/decode')) {
    return send(res, 404, { message: 'Bare POST /encode, POST /decode og GET /healthz finnes' }, opts.corsOrigin);
  }
  let raw: string;
  try {
    raw = await readBody(req);
  } catch {
    return send(res, 413, { message: `Forespørselen er større enn ${MAX_BODY / 1024 / 1024} MB` }, opts.corsOrigin);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return send(res, 400, { message: 'Forespørselen er ikke gyldig JSON' }, opts.corsOrigin);
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) return send(res, 400, { message: describeIssues(parsed.error) }, opts.corsOrigin);
  const payloads = parsed.data.payloads.map(fromJson);
  try {
    const out = path === '/encode' ? await opts.codec.encode(payloads) : await opts.codec.decode(payloads);
    return send(res, 200, { payloads: out.map(toJson) }, opts.corsOrigin);
  } catch (err) {
    // A payload under an unknown key, or one that fails authentication: say which, not what it holds.
    return send(res, 400, { message: (err as Error).message }, opts.corsOrigin);
  }
}

// The protocol's JSON form of a payload: every metadata value and the data in base64.
type JsonPayload = { metadata?: Record<string, string>; data?: string };
const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, corsOrigin: string): void {
  res.writeHead(status, {
    'Access-Control-Allow-Origin': corsOrigin,
    'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type, X-Namespace, Authorization',
    'Access-Control-Allow-Credentials': 'true',
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
