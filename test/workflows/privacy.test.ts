import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { planInput } from '../../client/plan';
import { simulateDelta } from '../../client/simulate/run';
import { loadScenario } from '../../client/simulate/scenario';
import { AesGcmCodec, ENCODING } from '../../codec/aesGcm';
import { ephemeralKeys } from '../../codec/dataConverter';
import * as msg from '../../domain/plan/messages';
import { JsonLogger } from '../../infra/logger';
import { planCycle } from '../../workflows';
import { overhallaPlan } from '../helpers/plans';
import { bundleWorkflows, quietRuntime } from '../helpers/temporal';
import { useTimeline } from '../helpers/timeline';

// What an operator of the Temporal cluster (or a backup of its database) sees: the raw
// histories of a finished DelTa collaboration and of a plan, and the worker's logs at DEBUG.
// No name, address or text a person wrote may be readable there.
const logLines: string[] = [];
quietRuntime(new JsonLogger('DEBUG', (line) => logLines.push(line)));

const rawBytes = (history: History) => Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('utf8');

/**
 * Every payload found anywhere in the history (inputs, results, updates, failures), search
 * attributes aside, and what Temporal itself writes into markers: the `patched()` markers' patch
 * id, and a local activity's bookkeeping (its `data`: type, attempt, times). A local activity's
 * result is the worker's and is looked at. (The raw-bytes check covers all of it anyway.)
 */
function payloads(node: unknown, out: Payload[] = []): Payload[] {
  if (node && typeof node === 'object') {
    const p = node as Payload;
    if (p.metadata?.encoding instanceof Uint8Array && 'data' in p) out.push(p);
    for (const [key, value] of Object.entries(node)) {
      const marker = key === 'markerRecordedEventAttributes' ? (value as { markerName?: string; details?: Record<string, unknown> }) : undefined;
      if (marker?.markerName === 'core_patch') continue;
      if (marker?.markerName === 'core_local_activity') {
        const { data: _bookkeeping, ...rest } = marker.details ?? {};
        payloads({ ...marker, details: rest }, out);
        continue;
      }
      if (key !== 'searchAttributes') payloads(value, out);
    }
  }
  return out;
}

/** What the patch markers say: only patch ids. */
const patchMarkers = (history: History) =>
  history.events!.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').map((e) => {
    const details = e.markerRecordedEventAttributes!.details!;
    return Object.values(details).flatMap((d) => d.payloads!.map((p) => Buffer.from(p.data!).toString()));
  });
const encodings = (history: History) => payloads(history).map((p) => Buffer.from(p.metadata!.encoding!).toString());

function expectNothingReadable(history: History, needles: string[]) {
  const raw = rawBytes(history);
  for (const needle of needles) expect({ needle, found: raw.includes(needle) }).toEqual({ needle, found: false });
  const found = encodings(history);
  // Input, updates, results, and the mails (one payload per batch in a plan): enough to look at.
  expect(found.length).toBeGreaterThan(5);
  expect(new Set(found)).toEqual(new Set([ENCODING]));
}

describe('a finished DelTa collaboration', () => {
  const keys = ephemeralKeys();
  const { scenario, collaboration } = loadScenario('examples/scenarios/happy-path.yaml');
  const people = Object.values(collaboration.people);
  const written = scenario.actions.flatMap((a) => ('text' in a && a.text ? [a.text] : []));
  let out: string;
  let history: History;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'plansyklus-privacy-'));
    const result = await simulateDelta({ scenarioFile: 'examples/scenarios/happy-path.yaml', outDir: out, workflowBundle: await bundleWorkflows(), codecKeys: keys });
    expect(result.status.phase).toBe('ended');
    history = historyFromJSON(JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')));
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('its data is in the history: decrypted with the key, the referat and the people are there', async () => {
    const decrypted = (await new AesGcmCodec(keys).decode(payloads(history))).map((p) => Buffer.from(p.data!).toString()).join('\n');
    expect(written.length).toBeGreaterThan(0);
    for (const needle of [...people.flatMap((p) => [p.name, p.email]), ...written]) expect(decrypted).toContain(needle);
  });

  test('the raw history holds no name, address or referat text; every payload is encrypted', () => {
    expectNothingReadable(history, [...people.flatMap((p) => [p.name, p.email]), ...written, 'Per Hansen']);
  });

  test("Temporal's own patch markers hold the patch id and nothing else", () => {
    const markers = patchMarkers(history);
    expect(markers.length).toBeGreaterThan(0);
    const known = ['delta-sends-in-background', 'delta-waits-on-alarm'].map((id) => [JSON.stringify({ id, deprecated: false })]);
    for (const values of markers) expect(known).toContainEqual(values);
  });
});

describe('an ended action plan', () => {
  const t = useTimeline('privacy-plan');
  const { plan, directory } = overhallaPlan();
  const id = 'plan-5047-2011';
  const comment = 'Tre av fire skoler har tatt i bruk opplegget; Ola følger opp resten.';

  test('an answer with a comment, then the end: nothing readable in any of its runs', async () => {
    await t.sleepUntil('2040-04-20T09:00:00Z');
    const handle = await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId: id, args: [planInput(plan, directory, '2040-04-20')] });
    await t.sleepUntil('2040-05-03T10:00:00Z');
    await handle.executeUpdate(msg.answerStatusUpdate, { args: [{ measure: '1.1', status: 'yellow', comment }] });
    await handle.executeUpdate(msg.endPlanUpdate, { args: [{ successor: 'plan-5047-2016' }] });
    await handle.result();

    // Read as someone without the key: a client with no codec, following every run of the plan.
    const plain = new Client({ connection: t.env.connection, namespace: t.env.namespace ?? 'default' });
    const histories: History[] = [];
    for (let runId: string | undefined = undefined; ; ) {
      const h: History = await plain.workflow.getHandle(id, runId).fetchHistory();
      histories.push(h);
      const first = h.events![0].workflowExecutionStartedEventAttributes!;
      runId = first.continuedExecutionRunId ?? undefined;
      if (!runId) break;
    }
    const file = readFileSync('examples/plans/overhalla-directory.yaml', 'utf8');
    const names = [...file.matchAll(/(?:name|email): ([^,}]+)/g)].map((m) => m[1].trim()).filter((v) => v !== 'Overhalla kommune');
    expect(names).toContain('ola.moen@overhalla.example');
    for (const h of histories) expectNothingReadable(h, [...names, comment, 'ola.moen']);
  });
});

test('the worker logs (at DEBUG) name no person and quote no text', () => {
  // The runs above logged: every mail activity, with its workflow's id.
  expect(logLines.filter((l) => l.includes('"activityType":"sendMail"')).length).toBeGreaterThan(50);
  const all = logLines.join('\n');
  for (const needle of ['Kari Nordmann', 'kari.nordmann@', 'Per Hansen', 'per.hansen@', 'Ola Moen', 'ola.moen', 'kulturhuset', 'Tre av fire skoler']) {
    expect({ needle, found: all.includes(needle) }).toEqual({ needle, found: false });
  }
  for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
});
