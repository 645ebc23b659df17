import { join } from 'node:path';
import { readPlan } from '../../client/plan';
import { projectRoot } from '../../infra/paths';

/** Overhalla's example plan (22 measures, 15 owners) with its directory, as `plan import` reads them. */
export const overhallaPlan = () =>
  readPlan(
    join(projectRoot, 'examples/plans/overhalla-2011.csv'),
    join(projectRoot, 'examples/plans/overhalla-directory.yaml'),
    { from: 2011, to: 2015 },
  );
