// The production deployment (Dockerfile, docker-compose.yml, deploy/) checked against the code
// it runs: the config module, the search attributes, the entry points and their imports, the
// lockfile. No Docker needed; a renamed variable, a moved port or a new folder fails here.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import { SearchAttributeType } from '@temporalio/common';
import { parse } from 'yaml';
import { configSchema, loadConfig, type Config } from '../../domain/config';
import { searchAttributeKeys } from '../../domain/searchAttributes';
import { workerProcess } from '../../worker/createWorker';
import { freePort } from '../helpers/ports';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Env = Record<string, string | undefined>;

// ---- docker-compose.yml, with compose's variable interpolation ----

class MissingVariable extends Error {
  constructor(readonly variable: string) {
    super(`required variable ${variable} is missing`);
  }
}

/** Compose's syntax: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}. */
function interpolate(text: string, env: Env): string {
  const out = text.replace(
    /\$(?:(\$)|\{([A-Za-z_]\w*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_]\w*))/g,
    (_match, dollar: string, name: string, op: string | undefined, arg: string, bare: string) => {
      if (dollar) return '$';
      if (bare) return env[bare] ?? '';
      const value = env[name];
      const set = value !== undefined;
      const filled = set && value !== '';
      switch (op) {
        case undefined: return value ?? '';
        case ':-': return filled ? value! : interpolate(arg, env);
        case '-': return set ? value! : interpolate(arg, env);
        case ':?': if (!filled) throw new MissingVariable(name); return value!;
        case '?': if (!set) throw new MissingVariable(name); return value!;
        case ':+': return filled ? interpolate(arg, env) : '';
        default: return set ? interpolate(arg, env) : '';
      }
    },
  );
  if (out.includes('${')) throw new Error(`interpolation this test does not understand: ${text}`);
  return out;
}

function interpolateAll<T>(value: T, env: Env): T {
  if (typeof value === 'string') return interpolate(value, env) as T;
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, env)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)])) as T;
  }
  return value;
}

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number; host_ip?: string })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = read('docker-compose.yml');
const rawCompose = parse(composeText) as Compose;

// What an operator puts in `.env`: a valid key and two passwords (never real ones).
const testKey = `k2026=${Buffer.alloc(32, 7).toString('base64')}`;
const secrets = { PLANSYKLUS_CODEC_KEYS: testKey, POSTGRES_PASSWORD: 'test-postgres-password', SENT_LOG_PASSWORD: 'test-sent-log-password' };
const compose = interpolateAll(rawCompose, secrets);
const services = compose.services;
const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}" (services: ${Object.keys(services).join(', ')})`);
  return s;
};

function environment(s: Service): Env {
  const e = s.environment ?? {};
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((line) => (line.includes('=') ? [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] : [line, undefined])));
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? undefined : String(v)]));
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : v.split(/\s+/));

function dependsOn(s: Service): [string, string][] {
  const d = s.depends_on ?? [];
  return Array.isArray(d) ? d.map((name) => [name, 'service_started']) : Object.entries(d).map(([name, v]) => [name, v?.condition ?? 'service_started']);
}

function ports(s: Service): { hostIp?: string; published?: number; target: number }[] {
  return (s.ports ?? []).map((p) => {
    if (typeof p === 'object') return { hostIp: p.host_ip, published: p.published === undefined ? undefined : Number(p.published), target: Number(p.target) };
    const parts = String(p).replace(/\/(tcp|udp)$/, '').split(':');
    if (parts.length === 3) return { hostIp: parts[0], published: Number(parts[1]), target: Number(parts[2]) };
    if (parts.length === 2) return { published: Number(parts[0]), target: Number(parts[1]) };
    return { target: Number(parts[0]) };
  });
}

function mounts(s: Service): { type: 'volume' | 'bind'; source?: string; target: string }[] {
  return (s.volumes ?? []).map((v) => {
    if (typeof v === 'object') return { type: v.type === 'bind' ? 'bind' : 'volume', source: v.source, target: v.target };
    const parts = v.split(':');
    if (parts.length === 1) return { type: 'volume', target: parts[0] };
    return { type: /^[./~]/.test(parts[0]) ? 'bind' : 'volume', source: parts[0], target: parts[1] };
  });
}

const namedVolumeAt = (s: Service, target: string) => mounts(s).find((m) => m.type === 'volume' && m.source && m.target === target);

const builtHere = (s: Service) => s.build !== undefined;

/** Services other services wait for to have *finished*: setup jobs that run once per start. */
const oneShots = new Set(Object.values(services).flatMap((s) => dependsOn(s).filter(([, c]) => c === 'service_completed_successfully').map(([n]) => n)));

// ---- Dockerfile ----

interface Instruction {
  op: string;
  args: string;
}

const dockerfileText = read('Dockerfile');
const instructions: Instruction[] = dockerfileText
  .replace(/\\\r?\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [op, ...rest] = line.split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(' ') };
  });
const all = (op: string) => instructions.filter((i) => i.op === op);
const last = (op: string) => all(op).at(-1);

function dockerfileEnv(): Env {
  const env: Env = {};
  for (const { args } of all('ENV')) {
    if (!/^\S+=/.test(args)) {
      const [key, ...value] = args.split(/\s+/);
      env[key] = value.join(' ');
      continue;
    }
    for (const m of args.matchAll(/([\w.-]+)=("([^"]*)"|\S+)/g)) env[m[1]] = m[3] ?? m[2];
  }
  return env;
}

/** A shell- or exec-form command as a list of words (exec form is JSON). */
function words(form: string): string[] {
  return form.trim().startsWith('[') ? (JSON.parse(form) as string[]) : form.trim().split(/\s+/);
}

function copySources(): string[] {
  return all('COPY').flatMap(({ args }) => {
    const parts = args.split(/\s+/).filter((p) => !p.startsWith('--'));
    if (args.includes('--from=')) return [];
    return parts.slice(0, -1).map((p) => posix.normalize(p).replace(/\/$/, ''));
  });
}

/** .dockerignore as Docker reads it: patterns from the context root, `!` re-includes, a match covers everything below. */
function ignoredByDockerignore(path: string): boolean {
  if (!existsSync(join(root, '.dockerignore'))) return false;
  let ignored = false;
  for (const raw of read('.dockerignore').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = posix.normalize((negate ? line.slice(1) : line).replace(/^\//, '')).replace(/\/$/, '');
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\/?/g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\u0000/g, '.*')}(/.*)?$`,
    );
    if (regex.test(path)) ignored = !negate;
  }
  return ignored;
}

// ---- what the image's entry points import ----

const sourceExtensions = ['', '.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '/index.ts', '/index.js'];

function importGraph(entries: string[]): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.(ts|tsx|mts|js|mjs|cjs)$/.test(file)) continue;
    const text = read(file);
    const specifiers = [
      ...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]/gm),
      ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
      ...text.matchAll(/\b(?:require|require\.resolve|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1]);
    for (const spec of specifiers) {
      if (spec.startsWith('.')) {
        const base = posix.join(posix.dirname(file), spec);
        // TypeScript lets `./x.js` name `./x.ts`.
        const candidates = [base, base.replace(/\.(m|c)?js$/, '.$1ts')].flatMap((b) => sourceExtensions.map((ext) => b + ext));
        const found = candidates.find((p) => existsSync(join(root, p)) && statSync(join(root, p)).isFile());
        if (!found) throw new Error(`${file} imports ${spec}, which is not in the repository`);
        queue.push(found);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec.split('/')[0])) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!packages.has(name)) packages.set(name, file);
      }
    }
  }
  return { files, packages };
}

/** Every program the image runs: its CMD, its HEALTHCHECK, the commands compose gives it, and the CLI wrapper's target. */
function imageEntryPoints(): string[] {
  const scripts = [
    ...words(last('CMD')!.args),
    ...words(last('HEALTHCHECK')!.args.replace(/^.*?\bCMD\s+/, '')),
    ...Object.values(rawCompose.services).filter(builtHere).flatMap((s) => asList(s.command)),
  ].filter((w) => /\.(ts|mts|js|mjs)$/.test(w));
  const cli = read('bin/plansyklus').match(/\$here\/([\w/.-]+\.ts)/);
  return [...scripts, ...(cli ? [cli[1]] : [])];
}

// ---- the tests ----

describe('docker-compose.yml against the config module', () => {
  test('every PLANSYKLUS_* variable it or the Dockerfile sets is one domain/config.ts reads', () => {
    const known = new Set(Object.keys(configSchema().shape));
    const set = [
      ...Object.entries(rawCompose.services).flatMap(([name, s]) => Object.keys(environment(s)).map((key) => `${name}: ${key}`)),
      ...Object.keys(dockerfileEnv()).map((key) => `Dockerfile: ${key}`),
    ].filter((entry) => entry.split(': ')[1].startsWith('PLANSYKLUS_'));
    expect(set.length).toBeGreaterThan(0);
    expect(set.filter((entry) => !known.has(entry.split(': ')[1]))).toEqual([]);
  });

  test.each(['worker', 'codec'])("the %s's environment (image ENV + compose, .env filled in) passes loadConfig", (name) => {
    expect(() => loadConfig(containerEnv(name))).not.toThrow();
  });

  test('the secrets have no default: compose refuses to start without each of them', () => {
    for (const variable of Object.keys(secrets)) {
      const others = { ...secrets, [variable]: undefined };
      expect(() => interpolateAll(rawCompose, others)).toThrow(new MissingVariable(variable));
      expect(composeText).not.toMatch(new RegExp(`\\$\\{${variable}:?[-+]`));
    }
    expect(composeText).not.toMatch(/[A-Za-z0-9_.-]+=[A-Za-z0-9+/]{43}=/);
  });

  test('worker and codec server share the codec keys, so the Web UI decodes what the worker wrote', () => {
    const worker = configOf('worker');
    expect(worker.codecKeys).toEqual([testKey]);
    expect(configOf('codec').codecKeys).toEqual(worker.codecKeys);
  });

  test('the SMTP URL points at the mailpit service and its SMTP port', () => {
    const smtp = new URL(configOf('worker').smtpUrl);
    expect(smtp.hostname).toBe('mailpit');
    const mailpit = service('mailpit');
    expect(mailpit.image).toMatch(/^axllent\/mailpit:/);
    const smtpPort = Number((environment(mailpit).MP_SMTP_BIND_ADDR ?? '0.0.0.0:1025').split(':').pop());
    expect(Number(smtp.port || (smtp.protocol === 'smtps:' ? 465 : 25))).toBe(smtpPort);
  });

  test('the Temporal address points at the temporal service and its frontend port, for worker, UI and setup alike', () => {
    const { address, namespace } = configOf('worker').temporal;
    const temporal = service('temporal');
    const port = Number(environment(temporal).FRONTEND_GRPC_PORT ?? 7233);
    expect(address).toBe(`temporal:${port}`);
    expect(asList(temporal.healthcheck?.test)).toContain(String(port));
    expect(environment(service('temporal-ui')).TEMPORAL_ADDRESS).toBe(address);
    expect(environment(service('temporal-setup')).TEMPORAL_ADDRESS).toBe(address);
    expect(environment(service('temporal-setup')).NAMESPACE).toBe(namespace);
    expect(environment(service('temporal-ui')).TEMPORAL_DEFAULT_NAMESPACE).toBe(namespace);
  });

  test("the Web UI's codec endpoint is the codec server's port, published on the host the browser uses", () => {
    const codec = configOf('codec').codec;
    const ui = service('temporal-ui');
    const endpoint = new URL(environment(ui).TEMPORAL_CODEC_ENDPOINT!);
    expect(['localhost', '127.0.0.1']).toContain(endpoint.hostname);
    const published = ports(service('codec')).find((p) => p.target === codec.port);
    expect(published).toBeDefined();
    expect(published!.published).toBe(Number(endpoint.port));
    expect(asList(service('codec').healthcheck?.test).join(' ')).toMatch(/PLANSYKLUS_CODEC_PORT|\b8888\b/);
    // The codec server answers CORS for the UI's origin as the browser sees it.
    const uiPort = Number(environment(ui).TEMPORAL_UI_PORT ?? 8080);
    const uiPublished = ports(ui).find((p) => p.target === uiPort);
    expect(uiPublished).toBeDefined();
    expect(new URL(codec.corsOrigin).port).toBe(String(uiPublished!.published));
  });

  test('the sent-log URL names the database and role deploy/postgres-init.sh creates in the postgresql service', () => {
    const url = new URL(configOf('worker').sentLogUrl!);
    expect(url.hostname).toBe('postgresql');
    const postgresql = service('postgresql');
    const init = mounts(postgresql).find((m) => m.target.startsWith('/docker-entrypoint-initdb.d/'));
    expect(init?.type).toBe('bind');
    const script = read(init!.source!);
    expect(script).toMatch(new RegExp(`CREATE ROLE ${url.username} LOGIN`));
    expect(script).toMatch(new RegExp(`CREATE DATABASE ${url.pathname.slice(1)} OWNER ${url.username}`));
    expect(decodeURIComponent(url.password)).toBe(environment(postgresql).SENT_LOG_PASSWORD);
  });

  test('temporal-setup registers exactly the search attributes of domain/searchAttributes.ts, as Keyword', () => {
    const registered = environment(service('temporal-setup')).SEARCH_ATTRIBUTES!.split(',').sort();
    expect(registered).toEqual(searchAttributeKeys.map((k) => k.name).sort());
    expect(searchAttributeKeys.every((k) => k.type === SearchAttributeType.KEYWORD)).toBe(true);
    expect(read('deploy/temporal-setup.sh')).toMatch(/search-attribute create .*--type Keyword/);
  });
});

describe('docker-compose.yml on its own', () => {
  test('every long-running service has a health check; the image-wide one only where it fits', () => {
    const imageCheck = last('HEALTHCHECK')!.args;
    const missing = Object.entries(rawCompose.services)
      .filter(([name]) => !oneShots.has(name))
      .filter(([, s]) => {
        const own = s.healthcheck && !s.healthcheck.disable && asList(s.healthcheck.test)[0] !== 'NONE';
        return !own && !(builtHere(s) && !/^NONE\b/.test(imageCheck));
      })
      .map(([name]) => name);
    expect(missing).toEqual([]);
    // The image's check asks whether the *worker* polls; a service running another program needs its own.
    const imageCmd = words(last('CMD')!.args);
    for (const [name, s] of Object.entries(rawCompose.services).filter(([, s]) => builtHere(s) && s.command)) {
      if (JSON.stringify(asList(s.command)) !== JSON.stringify(imageCmd)) expect([name, s.healthcheck?.test]).toEqual([name, expect.anything()]);
    }
  });

  test('setup jobs run once and exit: no restart policy that would run them forever', () => {
    expect([...oneShots].sort()).toEqual(['temporal-schema', 'temporal-setup']);
    for (const name of oneShots) expect([name, service(name).restart ?? 'no']).toEqual([name, expect.stringMatching(/^(no|on-failure(:\d+)?)$/)]);
  });

  test('depends_on names existing services with conditions they can meet', () => {
    const withHealthcheck = (s: Service) => (s.healthcheck && !s.healthcheck.disable) || builtHere(s);
    for (const [name, s] of Object.entries(services)) {
      for (const [target, condition] of dependsOn(s)) {
        const where = `${name} → ${target} (${condition})`;
        expect([where, target in services]).toEqual([where, true]);
        expect([where, ['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)]).toEqual([where, true]);
        if (condition === 'service_healthy') expect([where, !!withHealthcheck(services[target])]).toEqual([where, true]);
      }
    }
    const conditions = Object.fromEntries(dependsOn(service('worker')));
    expect(conditions).toMatchObject({ temporal: 'service_healthy', mailpit: 'service_healthy', 'temporal-setup': 'service_completed_successfully' });
    expect(Object.fromEntries(dependsOn(service('temporal')))).toMatchObject({ postgresql: 'service_healthy' });
  });

  test('named volumes are declared, every declared one is used, and bind mounts exist in the repository', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const used = Object.values(services).flatMap((s) => mounts(s).filter((m) => m.type === 'volume' && m.source).map((m) => m.source!));
    expect([...new Set(used)].filter((v) => !declared.includes(v))).toEqual([]);
    expect(declared.filter((v) => !used.includes(v))).toEqual([]);
    const binds = Object.values(services).flatMap((s) => mounts(s).filter((m) => m.type === 'bind').map((m) => m.source!));
    expect(binds.filter((b) => !existsSync(join(root, b)))).toEqual([]);
  });

  test('every stateful service keeps its state on a named volume', () => {
    const postgresql = service('postgresql');
    const major = Number(postgresql.image!.match(/^postgres:(\d+)/)![1]);
    const pgdata = environment(postgresql).PGDATA ?? (major >= 18 ? '/var/lib/postgresql' : '/var/lib/postgresql/data');
    expect(namedVolumeAt(postgresql, pgdata)).toBeDefined();

    const mailpit = service('mailpit');
    const database = environment(mailpit).MP_DATABASE;
    expect(database).toBeDefined();
    expect(namedVolumeAt(mailpit, posix.dirname(database!))).toBeDefined();

    const dataDir = configOf('worker').dataDir;
    expect(namedVolumeAt(service('worker'), dataDir)).toBeDefined();
    expect(volumesOfImage()).toContain(dataDir);
  });

  test('images are pinned: an exact tag or a digest, never latest', () => {
    const refs = Object.entries(services).map(([name, s]) => [name, s.image ?? '(none)', builtHere(s)] as const);
    for (const [name, image, built] of refs) {
      const [, tag, digest] = image.match(/^[^@]+?(?::([\w][\w.-]*))?(@sha256:[0-9a-f]{64})?$/) ?? [];
      const pinned = !!digest || (!!tag && tag !== 'latest' && (built || /\d+\.\d+/.test(tag)));
      expect([name, image, pinned]).toEqual([name, image, true]);
    }
    // The schema tool must be the server's own version.
    const tagOf = (name: string) => service(name).image!.split(':')[1];
    expect(tagOf('temporal-schema')).toBe(tagOf('temporal'));
    expect(tagOf('temporal-setup')).toBe(tagOf('temporal'));
  });
});

describe('Dockerfile', () => {
  test('FROM Node 24 with an exact version: the lockfile\'s node package, which the tests run on', () => {
    const from = all('FROM');
    expect(from).toHaveLength(1);
    const match = from[0].args.match(/^node:(24\.\d+\.\d+)(-[a-z0-9.-]+)?(@sha256:[0-9a-f]{64})?$/);
    expect([from[0].args, !!match]).toEqual([from[0].args, true]);
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> };
    const tested = lock.packages['node_modules/node']?.version;
    if (tested) expect(match![1]).toBe(tested);
  });

  test('PLANSYKLUS_DATA_DIR is a VOLUME, NODE_ENV is production', () => {
    const env = dockerfileEnv();
    expect(env.NODE_ENV).toBe('production');
    expect(env.PLANSYKLUS_DATA_DIR).toBeDefined();
    expect(volumesOfImage()).toContain(env.PLANSYKLUS_DATA_DIR);
  });

  test('starts the worker with the Node flags and allocator settings of workerProcess, as npm run worker does', () => {
    const env = dockerfileEnv();
    expect(env.NODE_OPTIONS).toBe(workerProcess.nodeFlags.join(' '));
    for (const [key, value] of Object.entries(workerProcess.env)) expect([key, env[key]]).toEqual([key, value]);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const settings = Object.entries(workerProcess.env).map(([key, value]) => `${key}=${value}`);
    expect(scripts.worker).toBe([...settings, 'tsx', ...workerProcess.nodeFlags, 'worker/main.ts'].join(' '));
  });

  test('runs as a non-root user', () => {
    const user = last('USER')?.args.split(':')[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  test('HEALTHCHECK and CMD run scripts that exist', () => {
    const check = last('HEALTHCHECK')!.args;
    expect(check).toMatch(/\bCMD\b/);
    expect(words(check.replace(/^.*?\bCMD\s+/, ''))).toEqual(['node_modules/.bin/tsx', 'worker/health.ts']);
    expect(words(last('CMD')!.args)).toEqual(['node_modules/.bin/tsx', 'worker/main.ts']);
    for (const script of imageEntryPoints()) expect([script, existsSync(join(root, script))]).toEqual([script, true]);
  });

  test('installs the production dependencies from the lockfile', () => {
    const copies = copySources();
    const install = instructions.findIndex((i) => i.op === 'RUN' && /\bnpm (ci|install)\b/.test(i.args));
    expect(install).toBeGreaterThan(-1);
    const lockCopied = instructions.findIndex((i) => i.op === 'COPY' && /\bpackage-lock\.json\b/.test(i.args));
    expect(lockCopied).toBeGreaterThan(-1);
    expect(lockCopied).toBeLessThan(install);
    expect(instructions[install].args).toMatch(/--omit=dev/);
    expect(instructions[install].args).not.toMatch(/--no-package-lock|--package-lock=false/);
    expect(copies).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));
  });

  test('every path it copies exists and is not excluded by .dockerignore; tests, tools and data stay out', () => {
    const copies = copySources();
    expect(copies.filter((p) => !existsSync(join(root, p)))).toEqual([]);
    expect(copies.filter(ignoredByDockerignore)).toEqual([]);
    for (const kept of ['test', '.tools', 'data', 'node_modules', '.env']) {
      expect(copies.filter((p) => p === '.' || p === kept || p.startsWith(`${kept}/`))).toEqual([]);
      expect([kept, ignoredByDockerignore(kept)]).toEqual([kept, true]);
    }
  });

  test('the image holds everything its programs import, and every package they import is a production one', () => {
    const copies = copySources();
    const inImage = (file: string) => copies.some((c) => file === c || file.startsWith(`${c}/`));
    const entries = imageEntryPoints();
    expect(entries).toEqual(expect.arrayContaining(['worker/main.ts', 'worker/health.ts', 'worker/codecServer.ts', 'client/cli.ts']));
    const { files, packages } = importGraph(entries);
    expect([...files].filter((f) => !inImage(f))).toEqual([]);
    // Read at run time by path rather than imported.
    for (const data of ['templates', 'tsconfig.json']) expect([data, inImage(data)]).toEqual([data, true]);

    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    const notInstalled = [...packages]
      .filter(([name]) => {
        const entry = lock.packages[`node_modules/${name}`];
        return !entry || entry.dev || entry.devOptional;
      })
      .map(([name, from]) => `${name} (imported by ${from})`);
    expect(notInstalled).toEqual([]);
  });
});

describe('worker/health.ts', () => {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  // Children get no PLANSYKLUS_* of this process, and the pinned Node first on PATH (tsx's shebang).
  const baseEnv = () => ({
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PLANSYKLUS_'))),
    PATH: `${join(root, 'node_modules', '.bin')}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`,
  });
  const health = (env: Env) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(tsx, ['worker/health.ts'], { cwd: root, env: { ...baseEnv(), ...env }, timeout: 30_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });

  test('exits 1 and names the address when Temporal is unreachable', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await health({ PLANSYKLUS_TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^usunn: får ikke kontakt med Temporal på 127\\.0\\.0\\.1:${port}: .+\\n$`));
  }, 40_000);

  test('exits 1 (not 2, which Docker reserves) on an invalid setting, naming it', async () => {
    const { code, stderr } = await health({ PLANSYKLUS_TEMPORAL_ADDRESS: 'not an address' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^usunn: Ugyldig miljøvariabel:\nPLANSYKLUS_TEMPORAL_ADDRESS: /);
  }, 40_000);
});

// ---- helpers that need the parsed files ----

function containerEnv(name: string): Env {
  const s = service(name);
  return { ...(builtHere(s) ? dockerfileEnv() : {}), ...environment(s) };
}

function configOf(name: string): Config {
  return loadConfig(containerEnv(name));
}

function volumesOfImage(): string[] {
  return all('VOLUME').flatMap(({ args }) => words(args));
}
