/**
 * What the engine reads off a statement before securing its queries: the dangerous statements
 * DESIGN.md denies by default, the target of a statement that writes a query's result, and the
 * tables and views a statement names.
 */
import type { Plan } from '../plan/logical.js';
import type { TableIdentifier } from '../plan/resolved.js';
import { tableIdentifier } from '../plan/catalog/catalog.js';
import { foreachPlanDeep } from '../plan/traverse.js';
import type { Grant, Settings } from '../policies/schema.js';

export const DEFAULT_BLOCKED_SET_KEYS = ['spark.sql.runSQLOnFiles', 'spark.sql.extensions', 'spark.sql.optimizer.excludedRules', 'spark.sql.warehouse.dir', 'spark.leafguard.*'];

/**
 * Statements DESIGN.md calls dangerous, denied unless the settings allow them: TRANSFORM … USING,
 * ADD JAR/FILE/ARCHIVE, CREATE FUNCTION … USING JAR, SET of a blocked key.
 */
export function dangerousStatement(p: Plan, settings: Settings): string | null {
  const allowed = new Set(settings.allowDangerous ?? []);
  let found: string | null = null;
  foreachPlanDeep(p, (n) => {
    if (found !== null) return;
    if (n.kind === 'ScriptTransform' && !allowed.has('transform')) found = 'TRANSFORM … USING runs a script';
    else if (n.kind === 'ManageResource' && n.op === 'ADD' && !allowed.has('addResource')) found = `ADD ${n.resourceType.toUpperCase()} loads code or files into the cluster`;
    else if (n.kind === 'CreateFunction' && n.resources.length > 0 && !allowed.has('createFunctionUsingJar')) found = 'CREATE FUNCTION … USING loads code into the cluster';
    else if (n.kind === 'SetConfig' && n.key !== null) {
      const patterns = settings.blockedSetKeys ?? DEFAULT_BLOCKED_SET_KEYS;
      const key = n.key.toLowerCase();
      const hit = patterns.find((k) => (k.endsWith('*') ? key.startsWith(k.slice(0, -1).toLowerCase()) : key === k.toLowerCase()));
      if (hit !== undefined) found = `SET ${n.key} is a blocked key`;
    }
  });
  return found;
}


/**
 * The target of a statement that writes a query's result: INSERT (needs insert), CTAS and
 * CREATE [OR REPLACE] VIEW AS (need create), temporary views and CACHE TABLE AS (session-local:
 * no privilege). Null for other statements.
 */
export function writeTarget(p: Plan, currentDatabase: string): { table: TableIdentifier; action: Grant['actions'][number] | null } | null {
  switch (p.kind) {
    case 'InsertInto':
      return p.table.clause === null ? { table: tableIdentifier(p.table.name, currentDatabase), action: 'insert' } : null;
    case 'CreateTable':
      return p.query !== null && p.name.clause === null && p.temporaryView === null ? { table: tableIdentifier(p.name.name, currentDatabase), action: 'create' } : null;
    case 'CreateView':
      return p.name.clause === null ? { table: tableIdentifier(p.name.name, currentDatabase), action: p.scope === 'PERSISTED' ? 'create' : null } : null;
    case 'CacheTable':
      return p.query !== null && p.name.clause === null ? { table: tableIdentifier(p.name.name, currentDatabase), action: null } : null;
    default:
      return null;
  }
}

/** The tables and views a statement names (by ObjectName fields and relations in its queries). */
export function namedObjects(p: Plan): string[] {
  const out = new Set<string>();
  const visit = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(visit);
    const o = x as Record<string, unknown>;
    if (o['kind'] === 'UnresolvedRelation' && Array.isArray(o['name'])) out.add((o['name'] as string[]).join('.'));
    if (Array.isArray(o['name']) && 'clause' in o && !('kind' in o)) {
      const n = (o['name'] as string[]).join('.');
      if (n !== '') out.add(n);
    }
    for (const v of Object.values(o)) visit(v);
  };
  visit(p);
  // USE db / CREATE DATABASE name an object too, but not a table; SHOW … IN db likewise.
  if (p.kind === 'UseStatement' || p.kind === 'CreateNamespace' || p.kind === 'DescribeNamespace') return [];
  return [...out];
}
