/**
 * `leafguard who-can`: access review of one table (or one column of it).
 *
 * Without identities it lists the policies that reach the table, by principal: the grants that
 * allow or deny select on it (by table, database, column or tag; with their windows), the row
 * filters and the masks (by column or tag), each with its `to` and `except`. With
 * `--identities F.json` (an array of identities) it decides for each one, as a read of the whole
 * table would be decided: allowed or not (and why), the row filter, the masked columns.
 */
import { readFileSync } from 'node:fs';
import { createCatalog, CatalogError, createEngine, loadPolicies, PolicyError, type Identity } from '../index.js';
import type { Grant, MaskPolicy, Principals, RowFilterPolicy } from '../policies/schema.js';

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const lower = (s: string): string => s.toLowerCase().replace(/^spark_catalog\./, '');

/** Who a principal clause names, as text: `users alice, bob; groups hr`. */
function principals(p: Principals | undefined): string {
  if (p === undefined) return 'everyone';
  const parts: string[] = [];
  if (p.everyone === true) parts.push('everyone');
  for (const k of ['users', 'groups', 'roles', 'purposes'] as const) if ((p[k] ?? []).length > 0) parts.push(`${k} ${p[k]!.join(', ')}`);
  for (const [k, v] of Object.entries(p.attributes ?? {})) parts.push(`attribute ${k} in ${[v].flat().join(', ')}`);
  if (p.owner === true) parts.push('the table owner');
  return parts.length === 0 ? 'nobody' : parts.join('; ');
}

function tablePatternMatches(pattern: string, table: string): boolean {
  const p = lower(pattern);
  const t = lower(table);
  return p === '*' || p === t || (p.endsWith('.*') && t.startsWith(p.slice(0, -1)));
}

export function whoCanCommand(args: readonly string[]): number {
  const catalogPath = option(args, '--catalog');
  const policiesPath = option(args, '--policies');
  const table = option(args, '--table');
  const column = option(args, '--column')?.toLowerCase();
  const identitiesPath = option(args, '--identities');
  if (catalogPath === undefined || policiesPath === undefined || table === undefined) {
    console.error('usage: leafguard who-can --catalog C.json --policies P.yaml --table db.t [--column c] [--identities I.json] [--now ISO] [--json]');
    return 2;
  }
  try {
    const catalog = createCatalog(readFileSync(catalogPath, 'utf8'));
    const policies = loadPolicies(readFileSync(policiesPath, 'utf8'));
    const [db, name] = lower(table).includes('.') ? lower(table).split('.') : ['default', lower(table)];
    const entry = catalog.getTable(db!, name!);
    if (entry === undefined) {
      console.error(`no table ${table} in the catalog`);
      return 1;
    }
    const full = `${db}.${name}`;
    const tags = new Set([...(entry.tags ?? []), ...entry.columns.filter((c) => column === undefined || c.name.toLowerCase() === column).flatMap((c) => c.tags)]);
    const doc = policies.document;
    const grantReaches = (g: Grant): boolean =>
      g.actions.includes('select') &&
      ((g.on.tables ?? []).some((p) => tablePatternMatches(p, full)) ||
        (g.on.databases ?? []).some((d) => d.toLowerCase() === db) ||
        (g.on.tags ?? []).some((t) => tags.has(t)) ||
        (g.on.columns ?? []).some((c) => {
          const parts = lower(c).split('.');
          const col = parts.pop()!;
          return tablePatternMatches(parts.join('.') || '*', full) && (column === undefined || col === '*' || col === column);
        }));
    const filterReaches = (f: RowFilterPolicy): boolean => tablePatternMatches(f.table, full);
    const maskReaches = (m: MaskPolicy): boolean =>
      m.tag !== undefined ? tags.has(m.tag) : tablePatternMatches(m.table!, full) && (column === undefined || m.column!.toLowerCase() === column);
    const review = {
      table: full,
      column: column ?? null,
      mode: doc.settings?.mode ?? 'protected-until-granted',
      privileged: doc.settings?.privileged ?? null,
      grants: (doc.grants ?? []).filter((g) => g.enabled !== false && grantReaches(g)).map((g) => ({
        id: g.id,
        effect: g.effect ?? 'allow',
        to: principals(g.to),
        except: g.except === undefined ? null : principals(g.except),
        on: g.on,
        validFrom: g.validFrom ?? null,
        validUntil: g.validUntil ?? null,
      })),
      rowFilters: (doc.rowFilters ?? []).filter((f) => f.enabled !== false && filterReaches(f)).map((f) => ({ id: f.id, to: principals(f.to), except: f.except === undefined ? null : principals(f.except) })),
      masks: (doc.masks ?? []).filter((m) => m.enabled !== false && maskReaches(m)).map((m) => ({
        id: m.id,
        column: m.column ?? `tag ${m.tag}`,
        kind: m.mask?.kind ?? 'cases',
        to: principals(m.to),
        except: m.except === undefined ? null : principals(m.except),
      })),
    };
    let decisions: unknown[] | null = null;
    if (identitiesPath !== undefined) {
      const identities = JSON.parse(readFileSync(identitiesPath, 'utf8')) as Identity[];
      const engine = createEngine({ catalog, policies });
      const now = option(args, '--now');
      decisions = identities.map((who) => {
        const r = engine.secureRelation(full, who, { ...(now === undefined ? {} : { now }), ...(column === undefined ? {} : { columns: [column] }) });
        return { user: who.user, groups: who.groups ?? [], decision: r.decision, reasons: r.reasons, filter: r.filter, masked: Object.keys(r.masks) };
      });
    }
    if (args.includes('--json')) {
      console.log(JSON.stringify({ ...review, decisions }, null, 2));
      return 0;
    }
    console.log(`${full}${column === undefined ? '' : `.${column}`} (mode ${review.mode})`);
    if (review.privileged !== null) console.log(`  privileged (no rewrite): ${principals(review.privileged)}`);
    for (const g of review.grants) {
      const window = g.validFrom !== null || g.validUntil !== null ? ` [${g.validFrom ?? '…'} – ${g.validUntil ?? '…'}]` : '';
      console.log(`  ${g.effect === 'deny' ? 'DENY ' : 'allow'} ${g.id}: ${g.to}${g.except === null ? '' : ` except ${g.except}`}${window}`);
    }
    if (review.grants.length === 0) console.log(`  no grant reaches it${review.mode === 'protected-until-granted' ? ': nobody but privileged users may read it' : ''}`);
    for (const f of review.rowFilters) console.log(`  filter ${f.id}: ${f.to}${f.except === null ? '' : ` except ${f.except}`}`);
    for (const m of review.masks) console.log(`  mask ${m.id} (${m.column}, ${m.kind}): ${m.to}${m.except === null ? '' : ` except ${m.except}`}`);
    for (const d of (decisions ?? []) as { user: string; decision: string; reasons: string[]; filter: string | null; masked: string[] }[]) {
      console.log(
        `  ${d.user}: ${d.decision}${d.decision === 'deny' ? ` (${d.reasons.join('; ')})` : `${d.filter === null ? ', all rows' : d.filter === 'TRUE' ? ', all rows (its row filters hold for every row)' : `, rows where ${d.filter}`}${d.masked.length === 0 ? ', unmasked' : `, masked: ${d.masked.join(', ')}`}`}`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof PolicyError || e instanceof CatalogError || e instanceof SyntaxError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}
