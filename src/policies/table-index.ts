/**
 * Policies indexed by the tables they name, so that finding the policies of one read costs the
 * same with 10 policies or 100,000: exact names (`db.t`), whole databases (`db.*` or a database
 * grant) and everything (`*`). Results keep document order (it breaks ties between masks).
 */
import type { TableIdentifier } from '../plan/resolved.js';

export class TableIndex<T> {
  private readonly exact = new Map<string, { item: T; order: number }[]>();
  private readonly byDatabase = new Map<string, { item: T; order: number }[]>();
  private readonly everything: { item: T; order: number }[] = [];
  private order = 0;

  /** `db.t`, `spark_catalog.db.t`, `db.*` or `*`. */
  addTable(pattern: string, item: T): void {
    const p = pattern.toLowerCase().replace(/^spark_catalog\./, '');
    const entry = { item, order: this.order++ };
    this.found.clear();
    if (p === '*') this.everything.push(entry);
    else if (p.endsWith('.*')) push(this.byDatabase, p.slice(0, -2), entry);
    else push(this.exact, p.includes('.') ? p : `default.${p}`, entry);
  }

  addDatabase(database: string, item: T): void {
    this.found.clear();
    push(this.byDatabase, database.toLowerCase(), { item, order: this.order++ });
  }

  /** The items naming `t`, each once, in the order they were added (worked out once per table). */
  get(t: TableIdentifier): readonly T[] {
    const db = (t.database ?? '').toLowerCase();
    const key = `${db}.${t.name.toLowerCase()}`;
    let out = this.found.get(key);
    if (out === undefined) {
      const all = [...(this.exact.get(key) ?? []), ...(this.byDatabase.get(db) ?? []), ...this.everything];
      all.sort((a, b) => a.order - b.order);
      const seen = new Set<T>();
      const items: T[] = [];
      for (const { item } of all) if (!seen.has(item)) (seen.add(item), items.push(item));
      // Table names come from queries: bounded all the same.
      if (this.found.size >= 10_000) this.found.clear();
      this.found.set(key, (out = items));
    }
    return out;
  }
  /** `get`'s answers by `db.table`; emptied when an item is added. */
  private readonly found = new Map<string, readonly T[]>();
}

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}
