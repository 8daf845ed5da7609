/**
 * A map that keeps only its `limit` most recently used entries: what is cached here also lies on
 * disk, so a reader of years of meetings pins no more than the last few in memory.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The entry, now the most recently used; undefined when it is not kept. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    return this.set(key, this.entries.get(key)!);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Keeps `value` as the most recently used, forgetting the least recently used beyond the limit. */
  set(key: K, value: V): V {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
