// `npm run codec`: the codec endpoint for Temporal's Web UI, with the worker's keys.
import { AesGcmCodec } from '../codec/aesGcm';
import { codecKeysFor } from '../codec/dataConverter';
import { startCodecServer } from '../codec/server';
import { exitWithError } from '../client/exit';
import { loadConfig } from '../domain/config';
import { JsonLogger } from '../infra/logger';

async function main() {
  const config = loadConfig(process.env);
  const logger = new JsonLogger(config.logLevel);
  const server = await startCodecServer({ codec: new AesGcmCodec(codecKeysFor(config)), ...config.codec });
  logger.info('plansyklus codec server listening', { port: server.port, corsOrigin: config.codec.corsOrigin });
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(exitWithError);
