/**
 * Column lineage of a resolved plan: for every column id, the catalog columns (`db.table.column`)
 * its values are computed from. Follows ids through aliases, CTE references, set operations,
 * generators, pivots and subqueries, so a policy decision can ask "what does this output read?".
 */
import type { Expression } from '../expression.js';
import type { CteDefinition, Plan } from '../logical.js';
import { visitExprSlots, visitPlanSlots } from '../children.js';
import { outputOf } from './output.js';

export type Lineage = ReadonlyMap<number, ReadonlySet<string>>;

/** Lineage of every column id produced in `plan` (subqueries included). */
export function lineageOf(plan: Plan): Lineage {
  const ctes = new Map<number, CteDefinition>();
  const map = new Map<number, Set<string>>();
  collectCtes(plan, ctes);
  visit(plan, map, ctes);
  return map;
}

/** The catalog columns each output column of `plan` reads, in output order. */
export function outputLineage(plan: Plan): string[][] {
  const l = lineageOf(plan);
  return outputOf(plan).map((a) => [...(l.get(a.id) ?? [])].sort());
}

function collectCtes(p: Plan, into: Map<number, CteDefinition>): void {
  if (p.kind === 'With') for (const d of p.ctes) if (d.id !== undefined) into.set(d.id, d);
  visitPlanSlots(
    p,
    (c) => collectCtes(c, into),
    (e) => collectExprCtes(e, into),
  );
}

function collectExprCtes(e: Expression, into: Map<number, CteDefinition>): void {
  visitExprSlots(
    e,
    (q) => collectCtes(q, into),
    (c) => collectExprCtes(c, into),
  );
}

function add(map: Map<number, Set<string>>, id: number, sources: Iterable<string>): void {
  let s = map.get(id);
  if (s === undefined) map.set(id, (s = new Set()));
  for (const x of sources) s.add(x);
}

/** The sources of everything an expression reads (columns, outer columns, subquery outputs). */
function exprSources(e: Expression, map: Map<number, Set<string>>, ctes: Map<number, CteDefinition>): Set<string> {
  const out = new Set<string>();
  const walk = (x: Expression): void => {
    if (x.kind === 'AttributeRef') for (const s of map.get(x.id) ?? []) out.add(s);
    else if (x.kind === 'OuterReference') for (const s of map.get(x.attr.id) ?? []) out.add(s);
    visitExprSlots(
      x,
      (q) => {
        visit(q, map, ctes);
        for (const a of outputOf(q)) for (const s of map.get(a.id) ?? []) out.add(s);
      },
      walk,
    );
  };
  walk(e);
  return out;
}

function visit(p: Plan, map: Map<number, Set<string>>, ctes: Map<number, CteDefinition>): void {
  visitPlanSlots(
    p,
    (c) => visit(c, map, ctes),
    () => {},
  );
  switch (p.kind) {
    case 'Relation':
      for (const a of [...p.output, ...(p.metadata ?? [])]) add(map, a.id, [`${p.table.database ?? ''}.${p.table.name}.${a.name}`.toLowerCase()]);
      return;
    case 'CteRef': {
      const def = ctes.get(p.cteId);
      if (def === undefined) return;
      const body = outputOf(def.query);
      p.output.forEach((a, i) => add(map, a.id, map.get(body[i]?.id ?? -1) ?? []));
      return;
    }
    case 'SetOperation': {
      const left = outputOf(p.left);
      const right = outputOf(p.right);
      left.forEach((a, i) => add(map, a.id, map.get(right[i]?.id ?? -1) ?? []));
      return;
    }
    case 'Generate':
      for (const a of p.generatorOutput ?? []) add(map, a.id, exprSources(p.generator, map, ctes));
      return;
    case 'Join':
      if (p.output !== undefined) {
        const inputs = [...outputOf(p.left), ...outputOf(p.right)];
        for (const a of p.output) {
          if (inputs.some((b) => b.id === a.id)) continue;
          for (const b of inputs) if (b.name.toLowerCase() === a.name.toLowerCase()) add(map, a.id, map.get(b.id) ?? []);
        }
      }
      break;
    case 'Pivot':
    case 'Unpivot':
    case 'InlineTable':
    case 'TableValuedFunction': {
      const passed = new Set(visitChildrenOutputs(p));
      const reads = new Set<string>();
      visitPlanSlots(
        p,
        () => {},
        (e) => exprSources(e, map, ctes).forEach((s) => reads.add(s)),
      );
      for (const a of p.output ?? []) if (!passed.has(a.id)) add(map, a.id, reads);
      return;
    }
  }
  // Aliases anywhere in the node's expressions (select items, aggregates, pivot names …).
  visitPlanSlots(
    p,
    () => {},
    (e) => visitAliases(e, map, ctes),
  );
}

function visitChildrenOutputs(p: Plan): number[] {
  const ids: number[] = [];
  visitPlanSlots(
    p,
    (c) => outputOf(c).forEach((a) => ids.push(a.id)),
    () => {},
  );
  return ids;
}

function visitAliases(e: Expression, map: Map<number, Set<string>>, ctes: Map<number, CteDefinition>): void {
  if (e.kind === 'Alias' && e.id !== undefined) add(map, e.id, exprSources(e.child, map, ctes));
  visitExprSlots(
    e,
    () => {},
    (c) => visitAliases(c, map, ctes),
  );
}
