import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleOption } from '@temporalio/worker';
import { bundleOptions } from '../../worker/createWorker';

export { quietRuntime, timeSkippingEnv } from '../../infra/timeSkipping';

/** The workflow bundle built once per run by test/globalSetup.ts (or here, for a lone file). */
export async function bundleWorkflows(): Promise<WorkflowBundleOption> {
  const codePath = process.env.PLANSYKLUS_TEST_WORKFLOW_BUNDLE;
  if (codePath) return { codePath };
  return bundleWorkflowCode({ ...bundleOptions, logger: new DefaultLogger('WARN') });
}
