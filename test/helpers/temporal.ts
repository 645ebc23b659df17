import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleOption } from '@temporalio/worker';
import { testServerPath } from '../../infra/devServer';
import { workflowsPath } from '../../worker/createWorker';

let runtimeInstalled = false;

/** Quiet SDK logs in tests; warnings and errors still show. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    // The test server does not advertise every capability; core warns about it on each worker.
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
}

/** The time-skipping test server, from the binary `npm run setup` cached in .tools/. */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath } },
  });
}

/** The workflow bundle built once per run by test/globalSetup.ts (or here, for a lone file). */
export async function bundleWorkflows(): Promise<WorkflowBundleOption> {
  const codePath = process.env.PLANSYKLUS_TEST_WORKFLOW_BUNDLE;
  if (codePath) return { codePath };
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}
