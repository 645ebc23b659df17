import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig } from '../domain/config';
import { exitWithError } from '../client/exit';
import { JsonLogger } from '../infra/logger';
import { connectionOptions } from '../infra/temporalConnection';
import { cacheThatFits, createWorker, workerOptions } from './createWorker';

async function main() {
  const config = loadConfig(process.env);
  const logger = new JsonLogger(config.logLevel);
  Runtime.install({
    logger,
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: config.logLevel }) } },
  });
  const connection = await NativeConnection.connect(connectionOptions(config.temporal));
  try {
    if (config.workflowCache > cacheThatFits()) {
      logger.warn('PLANSYKLUS_WORKFLOW_CACHE is more than the heap holds: raise --max-old-space-size or lower the cache', {
        workflowCache: config.workflowCache,
        fits: cacheThatFits(),
      });
    }
    const worker = await createWorker(workerOptions(connection, config));
    logger.info('plansyklus worker started', { namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue });
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch(exitWithError);
