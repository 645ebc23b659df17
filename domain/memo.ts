/**
 * Answers of a pure function by a key made of its arguments; emptied when it reaches `limit`,
 * so it stays bounded however long a worker runs. A computation that throws caches nothing.
 * Its contents depend only on the keys, so a workflow that replays sees the same answers.
 */
export class Memo<V, K = string> {
  private readonly answers = new Map<K, V>();
  constructor(private readonly limit = 20_000) {}
  get(key: K, compute: () => V): V {
    let value = this.answers.get(key);
    if (value === undefined) {
      value = compute();
      if (this.answers.size >= this.limit) this.answers.clear();
      this.answers.set(key, value);
    }
    return value;
  }
}
