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
    if (p === '*') this.everything.push(entry);
    else if (p.endsWith('.*')) push(this.byDatabase, p.slice(0, -2), entry);
    else push(this.exact, p.includes('.') ? p : `default.${p}`, entry);
  }

  addDatabase(database: string, item: T): void {
    push(this.byDatabase, database.toLowerCase(), { item, order: this.order++ });
  }

  /** The items naming `t`, each once, in the order they were added. */
  get(t: TableIdentifier): T[] {
    const db = (t.database ?? '').toLowerCase();
    const all = [...(this.exact.get(`${db}.${t.name.toLowerCase()}`) ?? []), ...(this.byDatabase.get(db) ?? []), ...this.everything];
    all.sort((a, b) => a.order - b.order);
    const out: T[] = [];
    for (const { item } of all) if (out[out.length - 1] !== item && !out.includes(item)) out.push(item);
    return out;
  }
}

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}
