/**
 * `npm run record:histories -- <version>`: records the histories the replay test runs
 * (test/replay/replay.test.ts), from the workflow code as it is now. Run it when a workflow
 * version is released, commit what it writes, and keep the older files: every history ever
 * recorded must still replay. Histories are encrypted with the test-only fixture key.
 *
 * It records, on the time-skipping server: the DelTa collaboration through both example
 * scenarios (happy path, troubled), and the Overhalla action plan with a limit of 100 events
 * a run: its first run up to the continue-as-new within the 2040 round, the run that closed the
 * round and continued into 2041 (recorded from v4 on), and, after the plan's end, its last run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { planInput, readPlan } from '../client/plan';
import { simulateDelta } from '../client/simulate/run';
import { encryptingDataConverter } from '../codec/dataConverter';
import { resolveOwner } from '../domain/plan/directory';
import * as planMsg from '../domain/plan/messages';
import { registerSearchAttributes } from '../infra/searchAttributes';
import { projectRoot } from '../infra/paths';
import { startSmtpSink } from '../infra/smtpSink';
import { timeSkippingEnv } from '../infra/timeSkipping';
import { historiesOfRuns } from '../test/helpers/runs';
import { fixtureKeys } from '../test/replay/fixtureKey';
import { bundleOptions, createWorker } from '../worker/createWorker';
import { planCycle } from '../workflows';
import { z } from '../domain/z';
import { exitWithError } from '../client/exit';
import { parseOrThrow } from '../domain/errors';

const dir = join(projectRoot, 'test', 'replay', 'histories');
const version = parseOrThrow(z.string().regex(/^v\d+$/, 'må være v1, v2, …'), process.argv[2] ?? '', 'versjon (første argument)');
const write = (name: string, json: string) => {
  const file = join(dir, `${name}-${version}.json`);
  writeFileSync(file, `${json}\n`);
  process.stdout.write(`${file}\n`);
};

async function main() {
  const { code } = await bundleWorkflowCode({ ...bundleOptions, logger: new DefaultLogger('WARN') });
  for (const scenario of ['happy-path', 'troubled']) {
    const out = join('out', 'record', scenario);
    await simulateDelta({ scenarioFile: `examples/scenarios/${scenario}.yaml`, outDir: out, workflowBundle: { code }, codecKeys: fixtureKeys });
    write(`deltaCollaboration-${scenario}`, readFileSync(join(out, 'history.json'), 'utf8'));
  }

  const dataConverter = encryptingDataConverter(fixtureKeys);
  const [env, sink] = await Promise.all([timeSkippingEnv(dataConverter), startSmtpSink({ port: 0 })]);
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'record',
    smtpUrl: `smtp://127.0.0.1:${sink.port}`,
    mailFrom: 'plansyklus <noreply@plansyklus.example>',
    dataConverter,
    workflowBundle: { code },
  });
  await registerSearchAttributes(env.connection, 'default');
  const running = worker.run();
  try {
    const { plan, directory } = readPlan(join(projectRoot, 'examples/plans/overhalla-2011.csv'), join(projectRoot, 'examples/plans/overhalla-directory.yaml'), { from: 2011, to: 2015 });
    const sleepUntil = async (iso: string) => env.sleep(Math.max(0, Date.parse(iso) - (await env.currentTimeMs())));
    await sleepUntil('2040-01-10T09:00:00Z');
    const handle = await env.client.workflow.start(planCycle, { taskQueue: 'record', workflowId: 'plan-5047-2011', args: [{ ...planInput(plan, directory, '2040-01-10'), continueAsNewAfterEvents: 100 }] });
    await sleepUntil('2040-05-15T10:00:00Z');
    const status = await handle.query(planMsg.planStatusQuery);
    for (const m of status.measures.filter((x) => x.owner !== 'Jordmor')) {
      await handle.executeUpdate(planMsg.answerStatusUpdate, { args: [{ measure: m.id, status: m.owner === 'Kultur' ? 'red' : 'green', comment: 'Svar 2040' }] });
    }
    await handle.executeUpdate(planMsg.addMeasureUpdate, {
      args: [{ measure: { id: '5.1', goal: 'Nytt delmål', measure: 'Nytt tiltak', period: { kind: 'due', due: '2040-09-01' }, owner: resolveOwner(directory, 'Kultur')!, coOwners: [] } }],
    });
    await sleepUntil('2040-09-20T10:00:00Z');
    const runs = await historiesOfRuns(env.client, 'plan-5047-2011', handle.firstExecutionRunId);
    write('planCycle-round', historyToJSON(runs[0]));
    // The run before the one under way: it closed the 2040 round and continued into 2041's.
    write('planCycle-yearEnd', historyToJSON(runs[runs.length - 2]));
    await env.client.workflow.getHandle('plan-5047-2011').executeUpdate(planMsg.endPlanUpdate, { args: [{ successor: 'plan-5047-2016' }] });
    const last = env.client.workflow.getHandle('plan-5047-2011');
    await last.result();
    write('planCycle-ended', historyToJSON(await last.fetchHistory()));
  } finally {
    worker.shutdown();
    await running;
  }
  await Promise.all([env.teardown(), sink.close()]);
}

main().catch(exitWithError);
