/**
 * Grant decisions (subscription policies): an action on a table by table, database, column and
 * tag grants; allow and deny (deny wins), `except`, validity windows. See DESIGN.md, "Policy model".
 */
import type { CatalogTable } from '../plan/catalog/catalog.js';
import type { TableIdentifier } from '../plan/resolved.js';
import { applies, type Identity, type MatchContext } from '../policies/identity.js';
import type { Grant } from '../policies/schema.js';

export const tableName = (t: TableIdentifier): string => [t.database, t.name].filter((x) => x !== null).join('.');

/** `db.t` against `db.t`, `db.*`, `*` (case-insensitive). */
export function tableMatches(pattern: string, t: TableIdentifier): boolean {
  const p = pattern.toLowerCase().replace(/^spark_catalog\./, '');
  const name = tableName(t).toLowerCase();
  if (p === '*' || p === name) return true;
  if (p.endsWith('.*')) return (t.database ?? '').toLowerCase() === p.slice(0, -2);
  return false;
}


/** `db.t.*` (or `*.*.*`, `db.*.*`) names every column of `t`: the whole table. */
export function columnPatternCoversTable(pattern: string, t: TableIdentifier): boolean {
  const parts = pattern.replace(/^spark_catalog\./i, '').split('.');
  if (parts.pop() !== '*') return false;
  return parts.length === 0 || parts.every((x) => x === '*') || tableMatches(parts.join('.'), t);
}

/**
 * An action on a table: an applicable allow grant in its time window, and no applicable deny.
 * `byTag`: the grants were found by a tag of the table, so they cover it whatever they name.
 */
export function decide(
  action: Grant['actions'][number],
  grants: readonly Grant[],
  t: TableIdentifier,
  identity: Identity,
  ctx: MatchContext,
  now: Date,
  byTag = false,
): { denied: string | null; ids: string[]; deny?: boolean } {
  const covering = grants.filter(
    (g) =>
      g.actions.includes(action) &&
      (byTag ||
        (g.on.tables ?? []).some((p) => tableMatches(p, t)) ||
        (g.on.databases ?? []).some((d) => d.toLowerCase() === (t.database ?? '').toLowerCase()) ||
        (g.on.columns ?? []).some((c) => columnPatternCoversTable(c, t))) &&
      applies(g.to, g.except, identity, ctx),
  );
  const inWindow = (g: Grant): boolean =>
    (g.validFrom === undefined || new Date(g.validFrom) <= now) && (g.validUntil === undefined || now <= new Date(g.validUntil));
  const deny = covering.find((g) => g.effect === 'deny' && inWindow(g));
  if (deny !== undefined) return { denied: `grant ${deny.id} denies ${action} on ${tableName(t)}`, ids: [deny.id], deny: true };
  const allow = covering.filter((g) => g.effect !== 'deny' && inWindow(g));
  if (allow.length === 0) {
    const lapsed = covering.find((g) => g.effect !== 'deny');
    return {
      denied: lapsed !== undefined ? `grant ${lapsed.id} on ${tableName(t)} is outside its validity window` : `no grant gives ${action} on ${tableName(t)}`,
      ids: [],
    };
  }
  return { denied: null, ids: allow.map((g) => g.id) };
}

export interface ColumnGrant {
  readonly grant: Grant;
  /** Lower case. */
  readonly column: string;
}

/**
 * Select on one read, with column and tag grants: a deny on the table (by name, database or a
 * tag of the table) denies the read; a deny on a column it references (by name or a tag of the
 * column) denies it too (never narrowed: `SELECT *` references every column). Each referenced
 * column needs an allow: on the table, or on the column, or on a tag of either; a read that
 * references no column (`count(*)`) needs an allow on the table or on any of its columns.
 */
export function decideSelect(
  tableGrants: readonly Grant[],
  columnGrants: readonly ColumnGrant[],
  tagGrants: (tag: string) => readonly Grant[],
  t: TableIdentifier,
  table: CatalogTable | undefined,
  referenced: readonly string[],
  identity: Identity,
  ctx: MatchContext,
  now: Date,
): { denied: string | null; ids: string[] } {
  const tableTags = table?.tags ?? [];
  const whole = decide('select', tableTags.length === 0 ? tableGrants : [...tableGrants, ...tableTags.flatMap(tagGrants)], t, identity, ctx, now, true);
  if (whole.denied !== null && whole.deny) return whole;
  // No grant names a column of the table or a tag of one: the table's grants decide alone.
  if (columnGrants.length === 0 && (table?.columns ?? []).every((c) => c.tags.every((tag) => tagGrants(tag).length === 0))) {
    return whole.denied === null ? { denied: null, ids: [...new Set(whole.ids)] } : { denied: whole.denied, ids: [] };
  }
  const live = (g: Grant): boolean => g.actions.includes('select') && applies(g.to, g.except, identity, ctx);
  const inWindow = (g: Grant): boolean =>
    (g.validFrom === undefined || new Date(g.validFrom) <= now) && (g.validUntil === undefined || now <= new Date(g.validUntil));
  const columnTags = (c: string): readonly string[] => table?.columns.find((x) => x.name.toLowerCase() === c)?.tags ?? [];
  const grantsOf = (c: string): Grant[] => [...columnGrants.filter((x) => x.column === c).map((x) => x.grant), ...columnTags(c).flatMap(tagGrants)].filter(live);
  /** An allow on some column of the table (by name or by a column's tag). */
  const anyColumnAllow = (): Grant | undefined =>
    [...columnGrants.map((x) => x.grant), ...(table?.columns ?? []).flatMap((c) => c.tags.flatMap(tagGrants))].find(
      (g) => live(g) && g.effect !== 'deny' && inWindow(g),
    );
  const ids = new Set(whole.ids);
  for (const name of referenced) {
    const c = name.toLowerCase();
    const gs = grantsOf(c);
    const deny = gs.find((g) => g.effect === 'deny' && inWindow(g));
    if (deny !== undefined) return { denied: `grant ${deny.id} denies select on column ${tableName(t)}.${name}`, ids: [deny.id] };
    if (whole.denied !== null) {
      const allow = gs.filter((g) => g.effect !== 'deny' && inWindow(g));
      if (allow.length === 0) {
        const lapsed = gs.find((g) => g.effect !== 'deny');
        if (lapsed !== undefined) return { denied: `grant ${lapsed.id} on ${tableName(t)}.${name} is outside its validity window`, ids: [] };
        return { denied: anyColumnAllow() !== undefined ? `no grant gives select on column ${tableName(t)}.${name}` : whole.denied, ids: [] };
      }
      allow.forEach((g) => ids.add(g.id));
    }
  }
  if (whole.denied !== null && referenced.length === 0) {
    // Nothing referenced: some allow on a column of the table suffices.
    const any = anyColumnAllow();
    if (any === undefined) return whole;
    ids.add(any.id);
  }
  return { denied: null, ids: [...ids] };
}
