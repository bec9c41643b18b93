/**
 * The verifier catches each way a secured plan can go wrong (DESIGN.md, injection invariants 1
 * and 2): a read left unwrapped, an operator above the mask reading a raw column (directly or
 * as an outer reference), a read wrapped twice, a broken SecureScan shape, a lost column.
 * Each case tampers with a plan the engine secured and checks that verification fails.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine, loadPolicies, type Plan } from '../../src/index.js';
import { verifySecuredPlan } from '../../src/rewrite/engine.js';
import { transformUp } from '../../src/plan/traverse.js';
import { visitExprSlots, visitPlanSlots } from '../../src/plan/children.js';
import type { Expression } from '../../src/plan/expression.js';
import type { AttributeRef, Relation, SecureScan } from '../../src/plan/resolved.js';
import { catalog } from '../analysis/helpers.js';

const engine = createEngine({
  catalog,
  policies: loadPolicies({
    version: 1,
    grants: [{ id: 'g', to: { everyone: true }, actions: ['select'], on: { tables: ['hr.*'] } }],
    rowFilters: [{ id: 'f', table: 'hr.employees', where: "dept = 1" }],
    masks: [{ id: 'm', table: 'hr.employees', column: 'name', mask: { kind: 'redact' } }],
  }),
});
const alice = { user: 'alice', groups: [] };

function secured(sql: string): Plan {
  const r = engine.rewrite(sql, alice);
  expect(r.decision, r.reasons.join('; ')).toBe('allow');
  return r.plan!;
}
const scansOf = (p: Plan): SecureScan[] => {
  const out: SecureScan[] = [];
  transformUp(p, (q) => (q.kind === 'SecureScan' && out.push(q), q));
  return out;
};
/** The raw relation under a SecureScan. */
const rawOf = (s: SecureScan): Relation => {
  let found: Relation | null = null;
  transformUp(s, (q) => (q.kind === 'Relation' && (found = q), q));
  return found!;
};

describe('verifySecuredPlan', () => {
  const sql = 'SELECT e.name, e.ssn FROM hr.employees e WHERE e.dept > 0';

  it('passes the plan the engine secured', () => {
    expect(verifySecuredPlan(secured(sql), new Set())).toEqual([]);
  });

  it('passes through the columns no mask applies to, under their own ids; reads a masked one under a fresh id', () => {
    const scan = scansOf(secured(sql))[0]!;
    const project = (scan.child as Extract<Plan, { kind: 'SubqueryAlias' }>).child as Extract<Plan, { kind: 'Project' }>;
    const raw = rawOf(scan).output;
    expect(project.projectList.map((e) => e.kind)).toEqual(raw.map((a) => (a.name === 'name' ? 'Alias' : 'AttributeRef')));
    project.projectList.forEach((e, i) => {
      if (e.kind === 'AttributeRef') expect(e).toBe(raw[i]);
      else if (e.kind === 'Alias') expect(e.id).not.toBe(raw[i]!.id);
    });
  });

  it('fails a read left without its SecureScan', () => {
    const plan = secured(sql);
    const tampered = transformUp(plan, (q) => (q.kind === 'SecureScan' ? rawOf(q) : q));
    expect(verifySecuredPlan(tampered, new Set()).join('\n')).toMatch(/read of hr\.employees was never decided/);
  });

  it('fails an operator above the mask that reads a raw column', () => {
    const plan = secured(sql);
    const raw = rawOf(scansOf(plan)[0]!).output.find((a) => a.name === 'name')!;
    const tampered = transformUp(plan, (q) =>
      q.kind === 'Filter' && q.child.kind === 'SubqueryAlias' ? { ...q, condition: { kind: 'IsOp', child: raw, negated: false, op: 'NULL' } as never } : q,
    );
    expect(tampered).not.toBe(plan);
    expect(verifySecuredPlan(tampered, new Set()).join('\n')).toMatch(/reads the raw column hr\.employees\.name/);
  });

  it('fails a raw read nested in calls and arithmetic', () => {
    const plan = secured(sql);
    const raw = rawOf(scansOf(plan)[0]!).output.find((a) => a.name === 'name')!;
    const nested = {
      kind: 'BinaryOp',
      op: '=',
      left: { kind: 'ResolvedFunction', name: 'upper', written: ['upper'], category: 'scalar', args: [raw], distinct: false, filter: null, ignoreNulls: null, withinGroup: null, type: raw.type, nullable: true },
      right: { kind: 'Literal', type: 'string', value: 'X' },
    };
    const tampered = transformUp(plan, (q) => (q.kind === 'Filter' && q.child.kind === 'SubqueryAlias' ? { ...q, condition: nested as never } : q));
    expect(tampered).not.toBe(plan);
    expect(verifySecuredPlan(tampered, new Set()).join('\n')).toMatch(/reads the raw column hr\.employees\.name/);
  });

  it('fails a subquery that reads a raw column as an outer reference', () => {
    const plan = secured('SELECT e.name FROM hr.employees e WHERE EXISTS (SELECT 1 FROM hr.departments d WHERE d.id = e.dept)');
    // (dept is passed through under its own id; name is masked: its raw column has an id of its own.)
    const raw: AttributeRef = rawOf(scansOf(plan)[0]!).output.find((a) => a.name === 'name')!;
    const json = JSON.stringify(plan);
    // Point the subquery's outer reference at the raw column of a masked one.
    const tampered = JSON.parse(json.replace(/"kind":"OuterReference","attr":\{[^}]*"id":(\d+)/, (m, id) => m.replace(`"id":${id}`, `"id":${raw.id}`)));
    expect(JSON.stringify(tampered)).not.toBe(json);
    expect(verifySecuredPlan(tampered, new Set()).join('\n')).toMatch(/reads the raw column hr\.employees\.name/);
  });

  it('fails a read wrapped twice', () => {
    const plan = secured(sql);
    const tampered = transformUp(plan, (q) => {
      if (q.kind !== 'SecureScan' || q.child.kind !== 'SubqueryAlias' || q.child.child.kind !== 'Project') return q;
      const project = q.child.child;
      return { ...q, child: { ...q.child, child: { ...project, child: q } } };
    });
    expect(verifySecuredPlan(tampered, new Set()).join('\n')).toMatch(/is not SubqueryAlias ← Project ← \[Filter ←\] a table or view/);
  });

  it('fails a raw read that shares its node with a secured one (counted rows unfiltered)', () => {
    // The same Relation object as a SecureScan's leaf and again, bare, beside it: a walk that
    // checks each object once would see the bare read as already checked.
    const plan = secured(sql);
    const leaf = rawOf(scansOf(plan)[0]!);
    const tampered: Plan = { kind: 'Join', left: plan, right: leaf, joinType: 'CROSS', condition: null, using: null, natural: false, lateral: false, comma: true } as never;
    expect(verifySecuredPlan(tampered, new Set()).join('\n')).toMatch(/Relation is shared between a secured read and the plan around it/);
  });

  it('fails a node without columns shared between a secured read and the plan around it', () => {
    // A row filter's subquery reads no table: its OneRowRelation produces no column, so the
    // sharing shows only in the table of nodes met (the first walk keeps none, see check).
    const filtered = createEngine({
      catalog,
      policies: loadPolicies({
        version: 1,
        grants: [{ id: 'g', to: { everyone: true }, actions: ['select'], on: { tables: ['hr.*'] } }],
        rowFilters: [{ id: 'f', table: 'hr.employees', where: 'dept IN (SELECT 1)' }],
        masks: [],
      }),
    });
    const r = filtered.rewrite('SELECT name FROM hr.employees', alice);
    expect(r.decision, r.reasons.join('; ')).toBe('allow');
    let one: Plan | null = null;
    const onPlan = (q: Plan): void => {
      if (q.kind === 'OneRowRelation') one = q;
      visitPlanSlots(q, onPlan, onExpr);
    };
    const onExpr = (e: Expression): void => visitExprSlots(e, onPlan, onExpr);
    onPlan(r.plan!);
    expect(one).not.toBeNull();
    const join = (left: Plan, right: Plan): Plan => ({ kind: 'Join', left, right, joinType: 'CROSS', condition: null, using: null, natural: false, lateral: false, comma: true }) as never;
    expect(verifySecuredPlan(join(r.plan!, one!), new Set())).toEqual(['a OneRowRelation is shared between a secured read and the plan around it']);
    // Shared in one context it is checked once, as a repeated select item is: sound.
    const outside: Plan = { kind: 'OneRowRelation' } as never;
    expect(verifySecuredPlan(join(join(r.plan!, outside), outside), new Set())).toEqual([]);
  });

  it('checks a plan sharing nodes many times over in linear time', () => {
    // Each join's two sides are one node: 2^40 paths, 40 nodes (the first walk stops at the
    // first node met twice).
    let p: Plan = secured(sql);
    for (let i = 0; i < 40; i++) p = { kind: 'Join', left: p, right: p, joinType: 'CROSS', condition: null, using: null, natural: false, lateral: false, comma: true } as never;
    expect(verifySecuredPlan(p, new Set())).toEqual([]);
  });

  it('fails a secured plan that lost a column', () => {
    const plan = secured(sql);
    const tampered = transformUp(plan, (q) =>
      q.kind === 'Project' && q.child.kind === 'Filter' && q.child.child.kind === 'Relation' ? { ...q, projectList: q.projectList.filter((e) => !((e.kind === 'Alias' || e.kind === 'AttributeRef') && e.name === 'ssn')) } : q,
    );
    expect(verifySecuredPlan(tampered, new Set()).join('\n')).toMatch(/ssn#\d+, which its input does not produce/);
  });
});

describe('securePlan on plans from outside', () => {
  const sql = 'SELECT e.name, e.ssn FROM hr.employees e WHERE e.dept > 0';
  /** The secured plan with its read's Project and Filter changed by `edit`. */
  const forged = (edit: (project: Extract<Plan, { kind: 'Project' }>) => Plan): Plan =>
    transformUp(secured(sql), (q) => (q.kind === 'Project' && (q.child.kind === 'Filter' || q.child.kind === 'Relation') ? edit(q) : q));

  it('keeps a plan it secured as it is', () => {
    const plan = secured(sql);
    const again = engine.securePlan(plan, alice);
    expect(again.decision).toBe('allow');
    expect(again.reasons).toEqual(['secured 0 read(s), kept 1 secured before']);
    expect(JSON.stringify(again.plan)).toBe(JSON.stringify(plan));
  });

  it('denies a secured read that dropped its mask, its filter, or reads another column under a masked name', () => {
    const rawName = (p: Extract<Plan, { kind: 'Project' }>): AttributeRef => {
      const leaf = (p.child.kind === 'Filter' ? p.child.child : p.child) as Relation;
      return leaf.output.find((a) => a.name === 'name')!;
    };
    const cases: Plan[] = [
      forged((p) => ({ ...p, projectList: p.projectList.map((e) => (e.kind === 'Alias' && e.name === 'name' ? { ...e, child: rawName(p) } : e)) })),
      forged((p) => (p.child.kind === 'Filter' ? { ...p, child: p.child.child } : p)),
      forged((p) => ({ ...p, projectList: p.projectList.map((e) => (e.kind === 'Alias' && e.name === 'name' ? { ...e, child: p.projectList.find((x) => x.kind === 'AttributeRef' && x.name === 'ssn')! } : e)) })),
    ];
    for (const plan of cases) {
      expect(JSON.stringify(plan)).not.toBe(JSON.stringify(secured(sql)));
      const r = engine.securePlan(plan, alice);
      expect(r.decision).toBe('deny');
      expect(r.reasons.join('\n')).toMatch(/secured read of hr\.employees does not filter and mask as the policies that apply now do/);
    }
  });

  it('denies, never throws, whatever it is given', () => {
    const junk = fc.oneof(
      fc.anything(),
      fc.record({ kind: fc.constantFrom('Project', 'Relation', 'Filter', 'Join', 'SecureScan', 'View', 'Bogus'), child: fc.anything(), projectList: fc.anything(), output: fc.anything() }),
    );
    fc.assert(
      fc.property(junk, (x) => {
        const r = engine.securePlan(x as never, alice);
        expect(r.decision).toBe('deny');
        expect(r.reasons.length).toBeGreaterThan(0);
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});
