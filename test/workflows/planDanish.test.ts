import { join } from 'node:path';
import { planInput, readPlan } from '../../client/plan';
import { answerStatusUpdate } from '../../domain/plan/messages';
import { projectRoot } from '../../infra/paths';
import { planCycle } from '../../workflows';
import { readMails } from '../helpers/mail';
import { useTimeline } from '../helpers/timeline';

// A Danish municipality (Varde, examples/plans/varde-2013.tsv) gets its plan mail in Danish,
// on Danish working days, with the Danish traffic-light words.
const t = useTimeline('plan-danish');
const { plan, directory } = readPlan(
  join(projectRoot, 'examples/plans/varde-2013.tsv'),
  join(projectRoot, 'examples/plans/varde-directory.yaml'),
  { from: 2013, to: 2018 },
);

test('the 2040 round in Danish: request, report with Grøn/Gul/Rød', async () => {
  await t.sleepUntil('2040-01-10T09:00:00Z');
  const handle = await t.env.client.workflow.start(planCycle, { taskQueue: t.taskQueue, workflowId: 'plan-0573-2013', args: [planInput(plan, directory, '2040-01-10')] });
  await t.sleepUntil('2040-05-03T10:00:00Z');
  await handle.executeUpdate(answerStatusUpdate, { args: [{ measure: '5.1', status: 'yellow', comment: 'Forældremøderne kører' }] });
  await handle.executeUpdate(answerStatusUpdate, { args: [{ measure: '5.2', status: 'green' }] });
  await t.sleepUntil('2040-06-20T10:00:00Z');

  const mails = await readMails(t.sink.mails);
  const request = mails.find((m) => m.kind === 'statusRequest' && m.to[0] === 'jens.holm@varde.example')!;
  // Wednesday 2 May 2040; 15 Danish working days later, without Ascension (10 May) and Whit
  // Monday (21 May) but with 17 May and the Friday after Ascension, is Friday 25 May.
  expect(request.subject).toBe('Status for indsatserne i handleplanen 2040 – svar senest fredag den 25. maj 2040');
  expect(request.text.startsWith('Kære Jens Holm')).toBe(true);
  expect(request.text).toContain('Dine indsatser:');
  expect(request.text).toContain('Venlig hilsen\nBirgit Nørgaard\nVarde Kommune');
  const report = mails.find((m) => m.kind === 'yearlyReport')!;
  expect(report.subject).toBe('Årsrapport 2040: Rusmiddelstrategien 2013–2018');
  expect(report.text).toMatch(/Grøn\s+█/);
  expect(report.text).toMatch(/Gul\s+█/);
  expect(report.html).toContain('Ikke besvaret');
}, 60_000);
