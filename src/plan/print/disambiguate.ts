/**
 * Before printing a resolved plan: a join whose two sides expose the same relation name
 * (`FROM db1.t, db2.t`, or two derived tables each reading a CTE named `cte`) would print column
 * references that Spark reads as ambiguous (`t.a`). The right side gets a fresh alias and the
 * references that reach its columns through the shared name are requalified — by column id, so
 * nothing else changes. Unresolved plans expose no columns, so they pass through untouched.
 *
 *   SELECT db1.t.a, db2.t.b FROM db1.t, db2.t
 *   ⇒ SELECT t.a, t_2.b FROM spark_catalog.db1.t, spark_catalog.db2.t AS t_2
 */
import type { Expression } from '../expression.js';
import type { Plan } from '../logical.js';
import type { AttributeRef } from '../resolved.js';
import { outputOf, hiddenOf } from '../analysis/output.js';
import { findPlan, transformExpressionUp, transformUpDeep, foreachExpressionDeep } from '../traverse.js';
import { mapPlanSlots } from '../children.js';

/** Whether the plan is an analysed one (a column-producing resolved node; found near the top). */
function isResolved(plan: Plan): boolean {
  return (
    findPlan(plan, (p) =>
      p.kind === 'Relation' || p.kind === 'CteRef' || p.kind === 'View' || (p.kind === 'Project' && p.projectList.some((e) => e.kind === 'AttributeRef' || (e.kind === 'Alias' && e.id !== undefined))),
    ) !== undefined
  );
}

const last = (a: AttributeRef): string | undefined => a.qualifier[a.qualifier.length - 1]?.toLowerCase();

/**
 * A join whose right side is a bare relation: the only place a clash can be (see below). The
 * printer notes each one it prints, and calls `disambiguate` only if it met one (printPlan).
 */
export const clashPoint = (p: Plan): boolean => p.kind === 'Join' && p.right.kind !== 'Join' && p.right.kind !== 'SubqueryAlias';

export function disambiguate(plan: Plan): Plan {
  if (!isResolved(plan) || findPlan(plan, clashPoint) === undefined) return plan;
  // Names already in use, collected only when a clash needs a fresh one.
  let taken: Set<string> | null = null;
  const usedNames = (): Set<string> => {
    if (taken === null) {
      const names = new Set<string>();
      foreachExpressionDeep(plan, (e) => {
        if (e.kind === 'AttributeRef') for (const q of e.qualifier) names.add(q.toLowerCase());
      });
      taken = names;
    }
    return taken;
  };
  /** id → (shared name → fresh alias); each wrapper with the ids it renames. */
  const renames = new Map<number, { from: string; to: string }>();
  const wrappers = new Map<Plan, ReadonlySet<number>>();
  const fresh = (base: string): string => {
    const names = usedNames();
    for (let i = 2; ; i++) {
      const name = `${base}_${i}`;
      if (!names.has(name.toLowerCase())) {
        names.add(name.toLowerCase());
        return name;
      }
    }
  };
  const wrapped = transformUpDeep(plan, (p) => {
    if (!clashPoint(p) || p.kind !== 'Join') return p;
    const leftAttrs = [...outputOf(p.left), ...hiddenOf(p.left)];
    const leftNames = new Set(leftAttrs.map(last).filter((x) => x !== undefined));
    const leftColumns = new Set(leftAttrs.map((a) => a.name.toLowerCase()));
    const right = [...outputOf(p.right), ...hiddenOf(p.right)];
    // Clashes: a relation name both sides expose, or an unqualified right column named like a left one.
    const clashes = (a: AttributeRef): boolean => (last(a) === undefined ? leftColumns.has(a.name.toLowerCase()) : leftNames.has(last(a)!));
    const hits = right.filter(clashes);
    if (hits.length === 0) return p;
    const alias = fresh(last(hits[0]!) ?? 'r');
    const ids = new Set<number>();
    for (const a of right) {
      if (last(a) === undefined || leftNames.has(last(a)!)) {
        renames.set(a.id, { from: last(a) ?? '', to: alias });
        ids.add(a.id);
      }
    }
    const wrapper: Plan = { kind: 'SubqueryAlias', alias, columnAliases: null, child: p.right };
    wrappers.set(wrapper, ids);
    return { ...p, right: wrapper };
  });
  if (renames.size === 0) return plan;
  // References are requalified above their wrapper only: inside it they still read the old name.
  const requalify = (e: Expression, hidden: ReadonlySet<number>): Expression =>
    transformExpressionUp(e, (x) => {
      if (x.kind === 'InSubquery' || x.kind === 'Exists' || x.kind === 'ScalarSubquery') {
        const q = deep(x.query, hidden);
        return q === x.query ? x : { ...x, query: q };
      }
      const a = x.kind === 'AttributeRef' ? x : x.kind === 'OuterReference' ? x.attr : null;
      const r = a === null || hidden.has(a.id) ? undefined : renames.get(a.id);
      if (a === null || r === undefined || (last(a) ?? '') !== r.from) return x;
      const attr: AttributeRef = { ...a, qualifier: [r.to] };
      return x.kind === 'OuterReference' ? { ...x, attr } : attr;
    });
  const deep = (p: Plan, hidden: ReadonlySet<number>): Plan => {
    const own = wrappers.get(p);
    const inner = own === undefined ? hidden : new Set([...hidden, ...own]);
    return mapPlanSlots(
      p,
      (c) => deep(c, inner),
      (e) => requalify(e, inner),
    );
  };
  return deep(wrapped, new Set());
}
