import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const codePath = process.env.PLANSYKLUS_TEST_WORKFLOW_BUNDLE;
  if (codePath) rmSync(codePath, { force: true });
}
