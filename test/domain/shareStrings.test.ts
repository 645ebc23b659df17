import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { shareStrings } from '../../domain/shareStrings';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe('shareStrings', () => {
  test('leaves the data equal to what it was, in the same objects', () => {
    const measure = { id: 'T1', owner: { owner: 'Kommunalsjef', person: { name: 'Kari', email: 'kari@x.no' } }, period: { kind: 'due', due: '2027-06-30' }, coOwners: ['NAV', 'NAV'], count: 3, done: false, none: null };
    const data = JSON.parse(JSON.stringify({ measures: [measure, measure, { ...measure, id: 'T2' }], years: [2026, '2027'], empty: {} })) as { measures: unknown[] };
    const before = structuredClone(data);
    const first = data.measures[0];
    expect(shareStrings([data, undefined])[0]).toBe(data);
    expect(data).toEqual(before);
    expect(data.measures[0]).toBe(first);
  });

  test('keeps one copy of a string that decoding gave each occurrence of', () => {
    // 20,000 decoded copies of one 2 KiB string: about 40 MiB of heap until they are shared.
    const title = `${'Kommunalsjef for helse og omsorg '.repeat(62)}`;
    const decoded = JSON.parse(JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i, title })))) as { i: number; title: string }[];
    const unshared = heapAfterGc();
    shareStrings(decoded);
    const shared = heapAfterGc();
    expect((unshared - shared) / 2 ** 20).toBeGreaterThan(30);
    expect(decoded.every((d, i) => d.i === i && d.title === title)).toBe(true);
  });
});
