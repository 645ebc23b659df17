import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { encryptingDataConverter } from '../../codec/dataConverter';
import { bundleWorkflows, quietRuntime } from '../helpers/temporal';
import { fixtureKeys } from './fixtureKey';

// Every history recorded from a released workflow version (`npm run record:histories`) must
// replay on today's code: a change that would break running collaborations and plans fails
// here. Change released logic behind `patched()` (README, "Changing a running workflow").
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('there are recorded histories of both workflows', () => {
  expect(files.some((f) => f.startsWith('deltaCollaboration-'))).toBe(true);
  expect(files.some((f) => f.startsWith('planCycle-'))).toBe(true);
});

test('every recorded history replays on the current workflow code', async () => {
  quietRuntime();
  const histories = files.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
  }));
  const failures: string[] = [];
  let replayed = 0;
  const results = Worker.runReplayHistories(
    { workflowBundle: await bundleWorkflows(), dataConverter: encryptingDataConverter(fixtureKeys) },
    histories,
  );
  for await (const result of results) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
});
