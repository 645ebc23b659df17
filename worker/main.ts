import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig } from '../domain/config';
import { exitWithError } from '../client/exit';
import { JsonLogger } from '../infra/logger';
import { connectionOptions } from '../infra/temporalConnection';
import { createWorker, workerOptions } from './createWorker';

async function main() {
  const config = loadConfig(process.env);
  const logger = new JsonLogger(config.logLevel);
  Runtime.install({
    logger,
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: config.logLevel }) } },
  });
  const connection = await NativeConnection.connect(connectionOptions(config.temporal));
  try {
    const worker = await createWorker(workerOptions(connection, config));
    logger.info('plansyklus worker started', { namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue });
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch(exitWithError);
