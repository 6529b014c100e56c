/**
 * A cache bounded by an estimate of the memory it holds, not by its number of entries: a few huge
 * documents must not hold gigabytes where many small ones hold little. The least recently used
 * entries go first.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly budget: number,
    private readonly weigh: (key: K, value: V) => number,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: eviction takes from the front.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(key, value);
    if (weight > this.budget) return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.budget) break;
      this.entries.delete(oldest);
      this.total -= entry.weight;
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.weight;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /** The estimated memory held, for tests and limits. */
  get weight(): number {
    return this.total;
  }
}

/** The budget of a cache of parsed documents. */
export const PARSED_CACHE_BYTES = 64 * 1024 * 1024;

/** What a parsed text holds: its model (words, spans, nested lists) weighs about 7× its UTF-16 text (measured on shell); 16× leaves room. */
export function parsedWeight(text: string): number {
  return text.length * 2 * 16;
}
