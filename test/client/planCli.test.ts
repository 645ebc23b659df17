import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../infra/paths';

// `plansyklus plan import --dry-run` as a person runs it: exit codes and what it prints.
const run = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    execFile(join(projectRoot, 'bin', 'plansyklus'), args, { cwd: projectRoot, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });

test('plan import --dry-run shows the parsed plan; bad input is exit 2 naming line and column', async () => {
  const [ok, wrongDirectory, badYears] = await Promise.all([
    run('plan', 'import', 'examples/plans/varde-2013.tsv', '--directory', 'examples/plans/varde-directory.yaml', '--years', '2013-2018', '--dry-run'),
    run('plan', 'import', 'examples/plans/varde-2013.tsv', '--directory', 'examples/plans/overhalla-directory.yaml', '--years', '2013-2018', '--dry-run'),
    run('plan', 'import', 'examples/plans/overhalla-2011.csv', '--directory', 'examples/plans/overhalla-directory.yaml', '--years', '2015', '--dry-run'),
  ]);
  expect(ok).toMatchObject({ code: 0, stderr: '' });
  expect(ok.stdout).toContain('20 tiltak, planperiode 2013–2018:');
  expect(ok.stdout).toContain('frist 30.06.2014 · ansvarlig: Jens Holm (Jens Holm), leder Anders Friis');
  expect(ok.stdout).not.toMatch(/@/); // no addresses
  expect(wrongDirectory.code).toBe(2);
  expect(wrongDirectory.stderr).toContain('har 20 feil; ingenting er importert');
  expect(wrongDirectory.stderr).toContain('linje 2, Hvem: «Jens Holm» finnes ikke i katalogen');
  expect(badYears.code).toBe(2);
  expect(badYears.stderr).toContain('years: må være planperioden som åååå-åååå');
}, 90_000);
