import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../domain/config';
import { exitWithError } from '../client/exit';
import { connectionOptions } from '../infra/temporalConnection';
import { createWorker, workerOptions } from './createWorker';

async function main() {
  const config = loadConfig(process.env);
  const connection = await NativeConnection.connect(connectionOptions(config.temporal));
  try {
    const worker = await createWorker(workerOptions(connection, config));
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch(exitWithError);
