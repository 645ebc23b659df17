import { join } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../domain/config';
import { exitWithError } from '../client/exit';
import { createWorker } from './createWorker';

async function main() {
  const config = loadConfig(process.env);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const worker = await createWorker({
      connection,
      ...config.temporal,
      smtpUrl: config.smtpUrl,
      mailFrom: config.mailFrom,
      sentLogPath: join(config.dataDir, 'sent-log.sqlite'),
    });
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch(exitWithError);
