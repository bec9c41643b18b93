/**
 * A cache of values derived from plan nodes (their output columns, their types) that the code
 * can derive again, equal, when an entry is gone.
 *
 * One WeakMap for the life of the process grows with every node ever analysed until a full
 * collection clears the dead ones: each insert then lands in a large, cold table (several
 * hundred nanoseconds on V8, more than deriving most values). Here entries go to a young WeakMap
 * that is retired after `size` inserts; a value found in the retired map is moved to the young
 * one, so what is in use stays. A value older than two generations and not read since is
 * derived again: equal content (same ids, names, types), new objects.
 */
export class DerivedCache<K extends object, V> {
  private young = new WeakMap<K, V>();
  private old = new WeakMap<K, V>();
  private inserts = 0;

  constructor(private readonly size: number) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: K, value: V): void {
    if (++this.inserts > this.size) {
      this.old = this.young;
      this.young = new WeakMap();
      this.inserts = 1;
    }
    this.young.set(key, value);
  }
}
