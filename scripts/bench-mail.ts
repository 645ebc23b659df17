/**
 * npm run bench:mail [-- N]: what rendering costs on top of sending. In one run, against one
 * local SMTP sink (in a child process, as a real server is elsewhere: its work does not land on
 * the measured process) over the same pooled nodemailer transport:
 *   floor    — N sends of messages composed beforehand (HTML, text and calendar part);
 *   rendered — the same N mails rendered (text, HTML, calendar part) and sent, as the activity
 *              composes them;
 *   activity — N calls of the sendMail activity: the same, plus the sent-log's check and record;
 *   render   — N renders alone, after the layout is compiled.
 * Five rounds, the paths taking turns in blocks; prints mails/s, the ratios to the floor (the
 * median of the blocks' paired ratios, with quartiles) and ms per render. Targets: rendering
 * adds under 10 % to the floor, a render takes under 0.1 ms. The activity's ratio shows what
 * exactly-once costs on top.
 */
import { fork } from 'node:child_process';
import nodemailer from 'nodemailer';
import { composeMail, createMailActivities } from '../activities/mail';
import { buildInvite } from '../activities/invite';
import { loadTemplates } from '../activities/render';
import { openSentLog } from '../activities/sentLog';
import { loadProgramme } from '../client/files';
import type { MailRequest } from '../domain/mail';
import { startSmtpSink, type SmtpSink } from '../infra/smtpSink';
import { templatesDir } from '../infra/paths';

const n = Number(process.argv[2] ?? 2000);
const inFlight = 8;
const from = 'plansyklus <noreply@plansyklus.example>';

const programme = loadProgramme('delta');
const agenda = programme.meetings.planningStartSeminar.agenda.nb;
const person = (i: number) => ({ name: `Person ${i}`, email: `person${i}@bench.example` });
const hour = 3_600_000;
// Meetings on two years of days, as a worker meets them: no two mails in a row share a time.
const meetingStart = (i: number) => new Date(Date.UTC(2030, 2, 12 + (i % 730), 9)).toISOString();
const meetingEnd = (i: number) => new Date(Date.parse(meetingStart(i)) + 2 * hour).toISOString();
const request = (i: number): MailRequest => ({
  kind: 'invitation',
  lang: 'nb',
  zone: 'Europe/Oslo',
  // A new business key for every i (the warm-up's too): a key the sent-log has is not sent again.
  key: { workflowId: `delta-${String(i % 10000).padStart(4, '0')}-${2030 + Math.floor(i / 10000)}`, subject: 'planningStartSeminar', step: 'invitation-0', recipient: 'contact' },
  at: '2030-03-01T08:00:00.000Z',
  to: person(i),
  replyTo: person(0),
  values: { meeting: 'Planleggingsmøte om oppstartseminaret', municipality: 'Benchvik kommune', centre: 'KoRus Midt-Norge', recipientName: `Person ${i}`, adviserName: 'Person 0', contactName: `Person ${i}`, location: 'Rådhuset' },
  dates: { start: meetingStart(i), end: meetingEnd(i) },
  lists: [{ heading: 'agenda', items: agenda }],
  calendar: {
    method: 'REQUEST',
    uid: `delta-${i}.planningStartSeminar@plansyklus`,
    sequence: 0,
    start: meetingStart(i),
    end: meetingEnd(i),
    zone: 'Europe/Oslo',
    summary: 'Planleggingsmøte om oppstartseminaret – Benchvik kommune',
    description: agenda.join('\n'),
    organizer: person(0),
    attendees: [person(i), person(0)],
  },
});

/** Runs `count` jobs with `inFlight` at a time; returns the wall time in ms. */
async function timed(count: number, job: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await job(next++);
    }),
  );
  return performance.now() - started;
}

/** The sink in a child process (this file, run with --sink); it keeps no mail. */
async function startSinkProcess(): Promise<{ port: number; close(): Promise<void> }> {
  const child = fork(__filename, ['--sink'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the SMTP sink process stopped (${code})`)));
  });
  return {
    port,
    async close() {
      child.disconnect();
      await exited;
    },
  };
}

async function runSink() {
  const sink: SmtpSink = await startSmtpSink({ port: 0, onMail: () => void (sink.mails.length = 0) });
  process.send!({ port: sink.port });
  process.once('disconnect', () => void sink.close().then(() => process.exit(0)));
}

async function main() {
  const sink = await startSinkProcess();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true, pool: true, maxConnections: inFlight });
  const templates = await loadTemplates(templatesDir);
  const { sendMail } = createMailActivities({ transport, templates, from, sentLog: openSentLog(':memory:') });

  // The floor sends the very messages the rendered path builds, composed before the clock
  // starts: the only work between the two is rendering. The requests too are built beforehand,
  // as an activity receives its request. Each block is prepared just before it runs, so the
  // heap holds one block's messages, as a worker's does, not the whole run's (a heap full of
  // prepared mail makes every garbage collection dearer, and the path that allocates most, the
  // rendered one, would pay for it). Each path sends mails of its own (keys the sent-log has not
  // seen), warm-up included.
  interface Block {
    rendered: MailRequest[];
    activity: MailRequest[];
    floor: ReturnType<typeof composeMail>[];
  }
  const prepare = (first: number, size: number): Block => ({
      rendered: Array.from({ length: size }, (_, i) => request(4_000_000 + first + i)),
      activity: Array.from({ length: size }, (_, i) => request(first + i)),
      floor: Array.from({ length: size }, (_, i) => composeMail(request(4_000_000 + first + i), templates, from)),
  });
  const paths = {
    floor: (block: Block, i: number) => transport.sendMail(block.floor[i]),
    rendered: (block: Block, i: number) => transport.sendMail(composeMail(block.rendered[i], templates, from)),
    activity: (block: Block, i: number) => sendMail(block.activity[i]),
  };
  type Path = keyof typeof paths;
  const names = Object.keys(paths) as Path[];
  // Warm up every path (connections, JIT) before measuring.
  const warmUp = prepare(1_000_000, 200);
  for (const name of names) await timed(200, (i) => paths[name](warmUp, i));

  // Rounds of blocks; within a block the paths run back to back (the order rotating), so load
  // that comes and goes on a busy machine falls on all alike. A ratio is the median of the
  // blocks' own ratios (each path against the floor run next to it), with its quartiles.
  const rounds = 5;
  const blocks = 10;
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Path, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (let b = 0; b < blocks; b++) {
      const first = Math.floor((b * n) / blocks);
      const size = Math.floor(((b + 1) * n) / blocks) - first;
      const block = prepare(round * n + first, size);
      const turn = (round * blocks + b) % names.length;
      for (const name of [...names.slice(turn), ...names.slice(0, turn)]) {
        times[name].push(await timed(size, (i) => paths[name](block, i)));
      }
    }
  }
  const quartiles = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.round(q * (sorted.length - 1))];
    return { low: at(0.25), median: at(0.5), high: at(0.75) };
  };
  const ratio = (name: Path) => quartiles(times[name].map((ms, b) => ms / times.floor[b]));
  const total = (name: Path) => times[name].reduce((a, b) => a + b, 0) / rounds;
  const [floorMs, renderedMs, activityMs] = names.map(total);
  const toRender = Array.from({ length: n }, (_, i) => request(4_000_000 + i));
  const renderStart = performance.now();
  for (const req of toRender) {
    templates.render(req);
    buildInvite(req.calendar!, new Date(req.at));
  }
  const renderMs = (performance.now() - renderStart) / n;
  const mailOnlyStart = performance.now();
  for (const req of toRender) templates.render(req);
  const mailRenderMs = (performance.now() - mailOnlyStart) / n;

  const spread = ({ low, median, high }: { low: number; median: number; high: number }) =>
    `${median.toFixed(3)}   (middle half of the blocks ${low.toFixed(3)}–${high.toFixed(3)})`;
  const rate = (ms: number) => Math.round((n / ms) * 1000);
  const lines = [
    `bench:mail — ${n} mails a round, ${rounds} rounds of ${blocks} blocks, ${inFlight} in flight, local SMTP sink (Node ${process.version})`,
    `  floor (pre-rendered)          ${String(rate(floorMs)).padStart(6)} mails/s   ${floorMs.toFixed(0)} ms`,
    `  rendered and sent             ${String(rate(renderedMs)).padStart(6)} mails/s   ${renderedMs.toFixed(0)} ms`,
    `  activity (+ sent-log)         ${String(rate(activityMs)).padStart(6)} mails/s   ${activityMs.toFixed(0)} ms`,
    `  rendering adds: rendered / floor   ${spread(ratio('rendered'))}   (target ≤ 1.10)`,
    `  the whole activity / floor         ${spread(ratio('activity'))}`,
    `  render, mail only             ${mailRenderMs.toFixed(4)} ms per mail   (target < 0.1)`,
    `  render, mail + calendar part  ${renderMs.toFixed(4)} ms per mail`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  transport.close();
  await sink.close();
}

(process.argv[2] === '--sink' ? runSink() : main()).catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
