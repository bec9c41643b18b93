/**
 * Injection invariants (DESIGN.md, "Injection semantics") as fast-check properties over random
 * queries (joins, unions, subqueries, CTEs, aggregates, views) and random identities (hostile
 * attribute values included), fixed seed:
 * - at every leaf: each read of a protected table is wrapped, separately, by a SecureScan;
 * - filter on raw, mask after: nothing outside a SecureScan reads a raw column (the verifier),
 *   and the plan keeps its integrity;
 * - shape-preserving: the secured query's schema is the original's;
 * - deterministic: the same inputs give byte-identical SQL;
 * - idempotent: securing the secured plan returns the same plan;
 * - no injection: the secured SQL re-parses, re-analyses to the same schema and has as many
 *   secured reads, whatever the identity's values.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine, createSession, loadPolicies, parseSql, schemaOf, traverse, type Identity, type Plan } from '../../src/index.js';
import { catalog } from '../analysis/helpers.js';

const SEED = 20261124;
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150);

const engine = createEngine({
  catalog,
  policies: loadPolicies({
    version: 1,
    grants: [{ id: 'all', to: { everyone: true }, actions: ['select'], on: { tables: ['hr.*', 'sales.*'] } }],
    rowFilters: [
      { id: 'f-emp', table: 'hr.employees', where: "dept = CAST(user_attribute('dept') AS INT) OR is_member('auditors')", except: { groups: ['hr'] } },
      { id: 'f-ord', table: 'sales.orders', match: { column: 'emp_id', attribute: 'emp' } },
    ],
    masks: [
      { id: 'm-ssn', table: 'hr.employees', column: 'ssn', mask: { kind: 'showLast', n: 4 }, except: { groups: ['hr'] } },
      { id: 'm-name', table: 'hr.employees', column: 'name', mask: { kind: 'redact' } },
      { id: 'm-sal', table: 'hr.employees', column: 'salary', mask: { kind: 'null' }, when: "dept <> 1" },
      { id: 'm-amt', table: 'sales.orders', column: 'amount', mask: { kind: 'bucket', width: 100 } },
    ],
  }),
});

const hostile = fc.constantFrom("7", "7') OR (1=1", "x' --", '`; DROP TABLE t', "\\'", '');
const identity: fc.Arbitrary<Identity> = fc.record({
  user: fc.constantFrom('alice', "bob'); --", 'carol'),
  groups: fc.subarray(['analysts', 'hr', 'auditors', "x') OR (1=1"]),
  attributes: fc.record({ dept: hostile, emp: fc.array(hostile, { maxLength: 2 }) }),
});

/** Random queries over the test catalog. */
const leaf = fc.constantFrom(
  'SELECT id, name, ssn FROM hr.employees',
  'SELECT e.id, e.name, d.region AS ssn FROM hr.employees e JOIN hr.departments d ON e.dept = d.id',
  'SELECT emp_id AS id, CAST(amount AS STRING) AS name, CAST(ts AS STRING) AS ssn FROM sales.orders',
  'SELECT id, name, name AS ssn FROM hr.emp_directory',
  'SELECT dept AS id, max(name) AS name, CAST(count(*) AS STRING) AS ssn FROM hr.employees GROUP BY dept',
  'SELECT a.id, a.name, b.ssn FROM hr.employees a JOIN hr.employees b ON a.id = b.dept',
);
const query: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a}) UNION ALL (${b})`),
    tie('q').map((a) => `SELECT id, upper(name) AS name, ssn FROM (${a}) s WHERE ssn LIKE '1%'`),
    tie('q').map((a) => `WITH c AS (${a}) SELECT x.id, y.name, x.ssn FROM c x JOIN c y ON x.id = y.id`),
    tie('q').map((a) => `SELECT id, name, ssn FROM (${a}) s WHERE id IN (SELECT emp_id FROM sales.orders WHERE amount > 10)`),
    tie('q').map((a) => `SELECT id, name, ssn FROM (${a}) s WHERE EXISTS (SELECT 1 FROM hr.employees e WHERE e.id = s.id)`),
  ),
})).q;

function relations(p: Plan): { total: number; secured: number } {
  let total = 0;
  let secured = 0;
  const walk = (node: Plan, inside: boolean): void => {
    if (node.kind === 'Relation') {
      total++;
      if (inside) secured++;
    }
    const kids: Plan[] = traverse.planChildren(node);
    const subs: Plan[] = traverse.planExpressions(node).flatMap((e) => collectSubqueries(e));
    for (const k of [...kids, ...subs]) walk(k, inside || node.kind === 'SecureScan');
  };
  walk(p, false);
  return { total, secured };
}

function collectSubqueries(e: import('../../src/index.js').Expression): Plan[] {
  return [...traverse.exprSubqueries(e), ...traverse.exprChildren(e).flatMap(collectSubqueries)];
}

describe('injection invariants', () => {
  it('hold for random queries and identities', () => {
    fc.assert(
      fc.property(query, identity, (sql, who) => {
        const r = engine.rewrite(sql, who, { now: '2026-02-01T00:00:00Z' });
        expect(r.reasons.join()).not.toMatch(/verification/);
        expect(r.decision).toBe('allow');
        // Every read of a protected table is secured (all four tables here carry policies, except departments).
        const counts = relations(r.plan!);
        expect(counts.total).toBe(relations(createSession({ catalog }).analyze(sql)).total);
        expect(counts.secured).toBe(counts.total - countDepartmentReads(r.plan!));
        // Shape kept.
        expect(schemaOf(r.plan!)).toEqual(schemaOf(createSession({ catalog }).analyze(sql)));
        // Deterministic.
        expect(engine.rewrite(sql, who, { now: '2026-02-01T00:00:00Z' }).sql).toBe(r.sql);
        // The secured SQL re-parses and re-analyses to the same schema, whatever the identity values.
        const again = createSession({ catalog }).analyzeParsed(parseSql(r.sql!));
        expect(schemaOf(again)).toEqual(schemaOf(r.plan!));
        // Idempotent: securing the secured plan returns it unchanged (the same object).
        const twice = engine.securePlan(r.plan!, who, { now: '2026-02-01T00:00:00Z' });
        expect(twice.decision, twice.reasons.join('; ')).toBe('allow');
        expect(twice.plan).toBe(r.plan);
        expect(twice.sql).toBe(r.sql);
        // Securing the analysed plan is securing its text.
        expect(engine.securePlan(createSession({ catalog }).analyze(sql), who, { now: '2026-02-01T00:00:00Z' }).sql).toBe(r.sql);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

/** Reads of hr.departments, which no row filter or mask protects (so they are not wrapped). */
function countDepartmentReads(p: Plan): number {
  let n = 0;
  traverse.foreachPlanDeep(p, (x) => {
    if (x.kind === 'Relation' && x.table.name === 'departments') n++;
  });
  return n;
}
