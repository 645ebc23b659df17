import { searchAttributeKeys } from '../domain/searchAttributes';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { projectRoot } from './paths';

export const temporalCli = join(projectRoot, '.tools', 'bin', 'temporal');
export const testServerPath = join(projectRoot, '.tools', 'test-server', 'temporal-test-server');

export interface DevServer {
  address: string;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  port: number;
  uiPort?: number;
  /** SQLite file that keeps state across restarts; in memory when absent. */
  dbFile?: string;
  logFile?: string;
}

/** Starts the Temporal CLI's dev server and waits until it answers. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  if (!existsSync(temporalCli)) throw new Error('The Temporal CLI is missing: run `npm run setup` first.');
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'error'];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  // plansyklus' search attributes (programme, municipality number, phase), registered at start.
  for (const key of searchAttributeKeys) args.push('--search-attribute', `${key.name}=Keyword`);
  const child = spawn(temporalCli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (opts.logFile) {
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  } else {
    child.stdout!.resume();
    child.stderr!.resume();
  }
  const address = `127.0.0.1:${opts.port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await waitUntilServing(address, child, exited);
  return {
    address,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitUntilServing(address: string, child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + 60_000;
  let done = false;
  void exited.then(() => (done = true));
  while (!done && Date.now() < deadline) {
    try {
      // No retry interceptor: this loop retries, and a retry timer left on a closed probe
      // connection would throw out of nowhere later.
      const connection = await Connection.connect({ address, connectTimeout: '1 second', interceptors: [] });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill('SIGKILL');
  throw new Error(done ? 'The Temporal dev server stopped at start-up (is the port taken?)' : 'The Temporal dev server did not answer within 60 s');
}
