import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server for tests: a fresh cluster in a temporary folder, on 127.0.0.1
 * and a Unix socket in that folder, trusting every local connection, without fsync. `stop()`
 * shuts it down and removes the folder. Uses the machine's PostgreSQL (Debian's `postgresql`,
 * which `npm run setup` installs when it runs as root).
 */
export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const debianRoot = '/usr/lib/postgresql';

/** The folder with initdb and postgres: Debian's newest version, else whatever is on the PATH. */
export function postgresBinDir(): string | undefined {
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => existsSync(join(debianRoot, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(debianRoot, versions[0]!, 'bin');
  }
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return initdb ? initdb.slice(0, initdb.lastIndexOf('/')) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the
 * `postgres` system user (made by Debian's package), through setpriv, which execs the server
 * itself so the signals below reach it.
 */
function runAs(): { prefix: string[]; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error('PostgreSQL will not run as root, and there is no `postgres` user to run it as: install Debian\'s postgresql package (npm run setup as root).');
  }
  return { prefix: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'], uid, gid };
}

const tail = (text: string) => text.trim().split('\n').slice(-8).join('\n');

/** Creates a cluster in a new temporary folder and starts it on `port`; waits until it answers. */
export async function startPostgres(opts: { port: number }): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) {
    throw new Error('PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on the PATH): run `npm run setup` as root, or install Debian\'s postgresql package.');
  }
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'plansyklus-pg-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const data = join(dir, 'data');
    const command = (name: string, args: string[]) => (user ? [...user.prefix, join(bin, name), ...args] : [join(bin, name), ...args]);
    const [initdb, ...initArgs] = command('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    try {
      execFileSync(initdb!, initArgs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`initdb failed: ${tail(e.stderr || e.stdout || e.message)}`);
    }

    const [postgres, ...args] = command('postgres', [
      '-D', data,
      '-p', String(opts.port),
      '-k', dir,
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
      '-c', 'max_connections=20',
      '-c', 'shared_buffers=16MB',
    ]);
    const child = spawn(postgres!, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (log = (log + s).slice(-8192)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let running = true;
    void exited.then(() => (running = false));
    // A test run that dies without stop() must not leave a server behind: SIGQUIT is the
    // immediate shutdown, and the folder goes too.
    const onExit = () => {
      if (running) child.kill('SIGQUIT');
      remove();
    };
    process.once('exit', onExit);

    const url = `postgres://postgres@127.0.0.1:${opts.port}/postgres`;
    const stop = async () => {
      process.removeListener('exit', onExit);
      if (running) child.kill('SIGINT'); // fast shutdown: ends sessions, no checkpoint wait
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      remove();
    };
    try {
      await waitUntilReady(url, () => running);
    } catch (err) {
      await stop();
      throw new Error(`PostgreSQL did not start on port ${opts.port}: ${(err as Error).message}\n${tail(log)}`);
    }
    return { url, port: opts.port, stop };
  } catch (err) {
    remove();
    throw err;
  }
}

async function waitUntilReady(url: string, running: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < deadline) {
    if (!running()) throw new Error('the server exited');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new Error(`no answer within 30 s (${(last as Error)?.message ?? 'unknown'})`);
}
