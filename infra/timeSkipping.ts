import type { DataConverter, Logger } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { testServerPath } from './devServer';

let runtimeInstalled = false;

/** Quiet SDK logs (tests, simulations); warnings and errors still show. The first call decides. */
export function quietRuntime(logger: Logger = new DefaultLogger('WARN')): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger,
    // The test server does not advertise every capability; core warns about it on each worker.
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
}

/**
 * The time-skipping test server, from the binary `npm run setup` cached in .tools/; its client
 * uses the data converter the worker uses.
 */
export async function timeSkippingEnv(dataConverter: DataConverter): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    client: { dataConverter },
    server: { executable: { type: 'existing-path', path: testServerPath } },
  });
}
