import { keepRecentMail, mailCounts } from '../../domain/plan/mailRecords';
import type { PlanSentRecord, PlanState } from '../../domain/plan/round';

const record = (year: number, to = 'Helse'): PlanSentRecord => ({ at: `${year}-05-02T07:00:00.000Z`, kind: 'statusRequest', to, year });
const stateWith = (sent: PlanSentRecord[], failed: PlanSentRecord[] = []) => ({ sent, failed }) as unknown as PlanState;

describe('keepRecentMail', () => {
  test('going into a round, keeps the records of that round and the one before and counts the older', () => {
    const state = stateWith([record(2040), record(2040, 'NAV'), record(2041), record(2042), record(2043)], [record(2040, 'Jordmor'), record(2042, 'Jordmor')]);
    const kept = keepRecentMail(state, 2043);
    expect(kept.sent.map((r) => r.year)).toEqual([2042, 2043]);
    expect(kept.failed.map((r) => r.year)).toEqual([2042]);
    expect(kept.earlier).toEqual({ sent: 3, failed: 1 });
    // The state it was given is not changed.
    expect(state.sent).toHaveLength(5);
  });

  test('adds to the counts of earlier years, year after year', () => {
    let state = stateWith([record(2040), record(2041)]);
    state = keepRecentMail(state, 2042);
    expect(state.earlier).toEqual({ sent: 1, failed: 0 });
    state = keepRecentMail({ ...state, sent: [...state.sent, record(2042), record(2042, 'NAV')] }, 2043);
    expect(state.sent.map((r) => r.year)).toEqual([2042, 2042]);
    expect(state.earlier).toEqual({ sent: 2, failed: 0 });
    // Counted with the records kept, every mail of every year is still there.
    expect(mailCounts(state)).toEqual({ sent: 4, failed: 0 });
  });

  test('a plan with nothing older than last round is given back as it is', () => {
    const state = stateWith([record(2041), record(2042)]);
    expect(keepRecentMail(state, 2042)).toBe(state);
    expect(keepRecentMail(state, 2042).earlier).toBeUndefined();
  });
});
