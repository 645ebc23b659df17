// `npm run up`: the whole of plansyklus on one machine: Temporal dev server (state kept in
// data/temporal.db), a mail sink that stores every mail under data/mail, the worker, and the
// example collaboration. Ctrl-C stops everything; running it again resumes where it was.
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { simpleParser } from 'mailparser';
import { withClient } from '../client/connection';
import { startDelta } from '../client/delta';
import { exitWithError } from '../client/exit';
import { loadConfig } from '../domain/config';
import { startDevServer } from '../infra/devServer';
import { projectRoot } from '../infra/paths';
import { startSmtpSink } from '../infra/smtpSink';
import { createWorker, workerOptions } from '../worker/createWorker';

const example = join(projectRoot, 'examples', 'overhalla-delta.yaml');
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const started = Date.now();
  const config = loadConfig(process.env);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dataDir = resolve(projectRoot, config.dataDir);
  mkdirSync(dataDir, { recursive: true });

  const temporalPort = Number(config.temporal.address.split(':').pop());
  const server = await startDevServer({
    port: temporalPort,
    uiPort: config.uiPort,
    dbFile: join(dataDir, 'temporal.db'),
    logFile: join(dataDir, 'temporal.log'),
  });
  say(`Temporal kjører på ${server.address} (web: http://127.0.0.1:${config.uiPort})`);

  const smtpPort = Number(new URL(config.smtpUrl).port || 25);
  const mailDir = join(dataDir, 'mail');
  const sink = await startSmtpSink({
    port: smtpPort,
    dir: mailDir,
    onMail: (mail) => {
      void simpleParser(mail.raw).then((parsed) =>
        say(`✉  ${parsed.subject ?? '(uten emne)'}\n   ${relative(process.cwd(), mail.file!)}`),
      );
    },
  });
  say(`E-post tas imot på smtp://127.0.0.1:${sink.port} og lagres i ${relative(process.cwd(), mailDir)}/`);

  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await createWorker(workerOptions(connection, config));
  const running = worker.run();

  await withClient(config, async (client) => {
    try {
      const id = await startDelta(client, config, example);
      say(`Startet eksempelet ${id} (${relative(process.cwd(), example)}).`);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      say(`Eksempelet ${err.workflowId} kjører fra før – fortsetter der det var.`);
    }
  });
  say(`Klar etter ${((Date.now() - started) / 1000).toFixed(1)} s. Status: ./bin/plansyklus delta status delta-5047-2026   Stopp: Ctrl-C`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('\nStopper …');
    worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
    await sink.close();
    await server.stop();
    say('Stoppet.');
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  await running;
}

main().catch(exitWithError);
