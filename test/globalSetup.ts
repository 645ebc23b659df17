import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { bundleOptions } from '../worker/createWorker';

/** Bundles the workflow code once per test run; every test file's workers load this file. */
export default async function globalSetup(): Promise<void> {
  const { code } = await bundleWorkflowCode({ ...bundleOptions, logger: new DefaultLogger('WARN') });
  const codePath = join(tmpdir(), `plansyklus-workflows-${process.pid}.js`);
  writeFileSync(codePath, code);
  process.env.PLANSYKLUS_TEST_WORKFLOW_BUNDLE = codePath;
}
