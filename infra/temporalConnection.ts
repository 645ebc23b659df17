import { readFileSync } from 'node:fs';
import type { TemporalConfig } from '../domain/config';

/**
 * Connection settings shared by the worker's NativeConnection and the CLI's Connection: plain
 * for a local dev server, TLS for a cluster, mTLS with a client certificate, or an API key
 * (Temporal Cloud).
 */
export function connectionOptions(t: TemporalConfig) {
  const tls =
    t.tls === false
      ? undefined
      : t.tls.certPath && t.tls.keyPath
        ? { clientCertPair: { crt: readFileSync(t.tls.certPath), key: readFileSync(t.tls.keyPath) } }
        : true;
  return { address: t.address, ...(tls ? { tls } : {}), ...(t.apiKey ? { apiKey: t.apiKey } : {}) };
}
