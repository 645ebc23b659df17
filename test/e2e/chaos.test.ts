import { formatChaos, runChaos, type ChaosResult } from '../../scripts/chaos';

// A short `npm run chaos` on its own dev server: the worker (a child process) killed with
// SIGKILL three times while whole plan rounds are being sent, the SMTP server down for 5 s, the
// Temporal server restarted. Nothing may be lost, and the sent-log must match what arrived.
let result: ChaosResult;

beforeAll(async () => {
  result = await runChaos({ plans: 2, kills: 3, smtpDownSeconds: 5 });
  process.stdout.write(`${formatChaos(result)}\n`);
}, 600_000);

test('every fault happened while mail was being sent', () => {
  expect(result).toMatchObject({ kills: 3, serverRestarts: 1, smtpOutages: 1 });
  // Two plans' rounds: requests, reminders, escalations and reports for every owner.
  expect(result.distinct).toBeGreaterThan(100);
});

test('every workflow runs on, and no mail is lost or failed', () => {
  expect(result.workflows).toEqual({ running: 2, completed: 0, other: 0 });
  expect(result.failed).toBe(0);
  expect(result.recordedByWorkflows).toBe(result.distinct);
});

test('the sent-log and the SMTP server agree on every Message-ID', () => {
  expect(result.sentLogAgrees).toBe(true);
  expect(result.sentLogRows).toBe(result.distinct);
});
