/**
 * Folding the boolean structure identity binding leaves in policies (simplify-booleans.ts):
 * before/after pairs, unchanged cases (same reference), and a fast-check property that a folded
 * expression has the same value (TRUE, FALSE or NULL) and type as the original on every row.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExpression } from '../../src/parser/parser.js';
import { resolveAgainst, type AnalyzerEnv } from '../../src/plan/analysis/analyzer.js';
import { typeOf } from '../../src/plan/analysis/type-of.js';
import { sameType } from '../../src/plan/analysis/types.js';
import { printExpression } from '../../src/plan/print/expression.js';
import type { Expression } from '../../src/plan/expression.js';
import type { AttributeRef } from '../../src/plan/resolved.js';
import { simplifyBooleans } from '../../src/policies/simplify-booleans.js';
import { createCatalog, createEngine, loadPolicies } from '../../src/index.js';

const SEED = 20261124;
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 300);

const env: AnalyzerEnv = { catalog: createCatalog({ tables: [] }), currentDatabase: 'default', caseSensitive: false, tempViews: new Map() };
const column = (i: number, name: string, type: AttributeRef['type']): AttributeRef => ({ kind: 'AttributeRef', id: -(i + 1), name, type, nullable: true, qualifier: [] });
const BOOLS = ['b0', 'b1', 'b2'];
const columns: AttributeRef[] = [
  ...BOOLS.map((n, i) => column(i, n, { kind: 'primitive', name: 'boolean' })),
  column(3, 'c0', { kind: 'primitive', name: 'int' }),
  column(4, 's', { kind: 'string', collation: null }),
];
const resolve = (sql: string): Expression => resolveAgainst(parseExpression(sql), columns, env, 0).expr;
const folded = (sql: string): string => printExpression(simplifyBooleans(resolve(sql)));

describe('simplifyBooleans', () => {
  it.each([
    ['b0 OR FALSE', 'b0'],
    ['FALSE OR b0', 'b0'],
    ['b0 AND TRUE', 'b0'],
    ['TRUE AND b0', 'b0'],
    ['NOT TRUE', 'FALSE'],
    ['NOT FALSE', 'TRUE'],
    ['b0 OR TRUE', 'TRUE'],
    ['TRUE OR b0', 'TRUE'],
    ['b0 AND FALSE', 'FALSE'],
    ['FALSE AND b0', 'FALSE'],
    ['(c0 > 0 OR FALSE) AND (c0 > 3 OR FALSE)', 'c0 > 0 AND c0 > 3'],
    ['(c0 > 0 OR TRUE) AND c0 > 3', 'c0 > 3'],
    ['c0 > 0 AND NOT TRUE', 'FALSE'],
    ['s = NULL OR FALSE', 's = NULL'],
    ['CAST(NULL AS BOOLEAN) OR FALSE', 'CAST(NULL AS BOOLEAN)'],
    ['CASE WHEN TRUE THEN b0 ELSE b1 END', 'b0'],
    ['CASE WHEN FALSE THEN b0 ELSE b1 END', 'b1'],
    ['CASE WHEN NULL THEN b0 ELSE b1 END', 'b1'],
    ['CASE WHEN FALSE THEN b0 WHEN b1 THEN b2 ELSE FALSE END', 'CASE WHEN b1 THEN b2 ELSE FALSE END'],
    ['CASE WHEN b1 THEN b2 WHEN TRUE THEN b0 ELSE b1 END', 'CASE WHEN b1 THEN b2 ELSE b0 END'],
    ["CASE WHEN FALSE THEN s ELSE '***' END", "'***'"],
    ['IF(TRUE, b0, b1)', 'b0'],
    ['IF(FALSE, b0, b1)', 'b1'],
    ['IF(NULL, b0, b1)', 'b1'],
  ])('%s ⇒ %s', (before, after) => {
    expect(folded(before)).toBe(after);
  });

  it.each([
    // NULL is not FALSE.
    'b0 OR NULL',
    'b0 AND NULL',
    'NULL OR FALSE',
    // Not boolean: Spark's implicit cast of the operand, kept (and its type error, if any).
    's OR FALSE',
    'c0 OR FALSE',
    's AND TRUE',
    // An operand evaluated for more than its value is not dropped.
    'rand() < 2 OR TRUE',
    'uuid() = s AND FALSE',
    "raise_error('x') IS NULL OR TRUE",
    // A fold that would change the type (the CASE's common type).
    'CASE WHEN TRUE THEN 1 ELSE 2.5 END',
    'CASE WHEN FALSE THEN b0 WHEN b1 THEN NULL END',
    'IF(FALSE, b0, NULL)',
    // Nothing constant at all.
    'c0 > 0 AND (b0 OR b1)',
    'b0 = TRUE',
  ])('%s is unchanged (the same reference)', (sql) => {
    const e = resolve(sql);
    expect(simplifyBooleans(e)).toBe(e);
  });

  it('folds constants nested in other expressions', () => {
    expect(folded('(b0 OR FALSE) IS NULL')).toBe('b0 IS NULL');
    expect(folded('IF(b0 AND TRUE, c0, 1) > 2')).toBe('IF(b0, c0, 1) > 2');
  });

  it('is idempotent: folding the folded gives the same reference', () => {
    for (const sql of ['(c0 > 0 OR FALSE) AND (c0 > 3 OR TRUE)', 'CASE WHEN FALSE THEN b0 WHEN b1 THEN b2 END', 'NOT NOT TRUE']) {
      const once = simplifyBooleans(resolve(sql));
      expect(simplifyBooleans(once)).toBe(once);
    }
  });

  /** A value in SQL's three-valued logic. */
  type V = boolean | null;
  const and = (a: V, b: V): V => (a === false || b === false ? false : a === null || b === null ? null : true);
  const or = (a: V, b: V): V => (a === true || b === true ? true : a === null || b === null ? null : false);
  const not = (a: V): V => (a === null ? null : !a);

  /** Evaluates the resolved forms the generator below produces; anything else fails the test. */
  function evaluate(e: Expression, row: Readonly<Record<string, V>>): V | number {
    switch (e.kind) {
      case 'Literal':
        if (e.value === null || typeof e.value === 'boolean') return e.value;
        return Number(e.value);
      case 'AttributeRef':
        return row[e.name]!;
      case 'BinaryOp': {
        const l = evaluate(e.left, row);
        const r = evaluate(e.right, row);
        if (e.op === 'AND') return and(l as V, r as V);
        if (e.op === 'OR') return or(l as V, r as V);
        if (e.op === '<') return l === null || r === null ? null : (l as number) < (r as number);
        break;
      }
      case 'UnaryOp':
        if (e.op === 'NOT') return not(evaluate(e.child, row) as V);
        break;
      case 'IsOp':
        if (e.test === 'NULL') return (evaluate(e.child, row) === null) !== e.negated;
        break;
      case 'Cast':
        return evaluate(e.child, row);
      case 'Case':
        if (e.operand !== null) break;
        for (const b of e.branches) if (evaluate(b.when, row) === true) return evaluate(b.then, row);
        return e.otherwise === null ? null : evaluate(e.otherwise, row);
      case 'ResolvedFunction':
        if (e.name === 'if') return evaluate(e.args[0]!, row) === true ? evaluate(e.args[1]!, row) : evaluate(e.args[2]!, row);
        // rand() is in [0, 1): its one use here, `rand() < 2`, is TRUE on every row.
        if (e.name === 'rand') return 0.5;
        break;
    }
    throw new Error(`cannot evaluate ${printExpression(e)}`);
  }

  /** Random boolean trees over nullable boolean columns, constants (NULL among them) and the forms folded. */
  const tree: fc.Arbitrary<string> = fc.letrec<{ b: string }>((t) => ({
    b: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('TRUE', 'FALSE', 'NULL', 'CAST(NULL AS BOOLEAN)', ...BOOLS, 'rand() < 2'),
      fc.tuple(t('b'), fc.constantFrom('AND', 'OR'), t('b')).map(([l, op, r]) => `(${l} ${op} ${r})`),
      t('b').map((x) => `(NOT ${x})`),
      t('b').map((x) => `(${x} IS NULL)`),
      fc.tuple(fc.array(fc.tuple(t('b'), t('b')), { minLength: 1, maxLength: 3 }), fc.option(t('b'))).map(
        ([branches, otherwise]) => `(CASE ${branches.map(([w, v]) => `WHEN ${w} THEN ${v}`).join(' ')}${otherwise === null ? '' : ` ELSE ${otherwise}`} END)`,
      ),
      fc.tuple(t('b'), t('b'), t('b')).map(([c, a, b]) => `IF(${c}, ${a}, ${b})`),
    ),
  })).b;

  const rows: Record<string, V>[] = [];
  for (const b0 of [true, false, null]) for (const b1 of [true, false, null]) for (const b2 of [true, false, null]) rows.push({ b0, b1, b2 });

  it('keeps the value on every row, and the type, of random boolean trees with NULLs', () => {
    let changed = 0;
    fc.assert(
      fc.property(tree, (sql) => {
        const e = resolve(sql);
        const s = simplifyBooleans(e);
        if (s !== e) changed++;
        expect(sameType(typeOf(s), typeOf(e))).toBe(true);
        for (const row of rows) expect(evaluate(s, row)).toBe(evaluate(e, row));
        // A fixed point: nothing left to fold.
        expect(simplifyBooleans(s)).toBe(s);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The property is about folds: many random trees (those that are more than a leaf) hold one.
    expect(changed).toBeGreaterThan(RUNS / 4);
  });
});

describe('folded row filters and mask conditions in rewrites', () => {
  const catalog = createCatalog({
    tables: [{ name: 'd.t', columns: [{ name: 'id', type: 'int' }, { name: 'region', type: 'string' }, { name: 'salary', type: 'int' }] }],
  });
  const engineWith = (rowFilters: object[], masks: object[] = []) =>
    createEngine({
      catalog,
      policies: loadPolicies({ version: 1, grants: [{ id: 'g', to: { everyone: true }, actions: ['select'], on: { tables: ['d.*'] } }], rowFilters, masks }),
    });
  const rewrite = (engine: ReturnType<typeof engineWith>, groups: string[]) => engine.rewrite('SELECT id FROM d.t', { user: 'u', groups });

  it('drops what the identity decided, keeping the rest', () => {
    const e = engineWith([
      { id: 'f1', table: 'd.t', where: "id > 0 OR is_member('auditors')" },
      { id: 'f2', table: 'd.t', where: "id > 3 OR is_member('auditors')" },
    ]);
    const r = rewrite(e, ['analysts']);
    expect(r.sql).toContain('WHERE id > 0 AND id > 3)');
    expect(r.scans?.[0]?.filter).toBe('id > 0 AND id > 3');
  });

  it('keeps a filter folded to TRUE as WHERE TRUE, the policy still applied and audited', () => {
    const r = rewrite(engineWith([{ id: 'f1', table: 'd.t', where: "id > 0 OR is_member('auditors')" }]), ['auditors']);
    expect(r.decision).toBe('allow');
    expect(r.sql).toContain('FROM spark_catalog.d.t WHERE TRUE)');
    expect(r.scans).toEqual([expect.objectContaining({ filter: 'TRUE', policyIds: ['f1'] })]);
    expect(r.audit.filters).toEqual(['f1']);
  });

  it('keeps a filter folded to FALSE as WHERE FALSE', () => {
    const e = engineWith([
      { id: 'f1', table: 'd.t', where: "is_member('auditors')" },
      { id: 'f2', table: 'd.t', where: 'id > 3' },
    ]);
    const r = rewrite(e, ['analysts']);
    expect(r.sql).toContain('FROM spark_catalog.d.t WHERE FALSE)');
    expect(r.audit.filters).toEqual(['f1', 'f2']);
  });

  it("decides a mask's condition on the identity: masked on every row, or on none", () => {
    const e = engineWith([], [{ id: 'm', table: 'd.t', column: 'salary', mask: { kind: 'null' }, when: "NOT is_member('finance') AND region <> 'DE'" }]);
    const q = 'SELECT salary FROM d.t';
    expect(e.rewrite(q, { user: 'u', groups: [] }).sql).toContain("CASE WHEN region <> 'DE' THEN CAST(NULL AS INT) ELSE salary END AS salary");
    const finance = e.rewrite(q, { user: 'u', groups: ['finance'] });
    expect(finance.sql).toContain('salary AS salary');
    expect(finance.audit.masks).toEqual(['m']);
    const always = engineWith([], [{ id: 'm', table: 'd.t', column: 'salary', mask: { kind: 'null' }, when: "NOT is_member('finance')" }]);
    expect(always.rewrite(q, { user: 'u', groups: [] }).sql).toContain('CAST(NULL AS INT) AS salary');
  });

  it('folds a custom mask to the branch the identity takes', () => {
    const e = engineWith([], [{ id: 'm', table: 'd.t', column: 'region', mask: { kind: 'custom', expression: "CASE WHEN is_member('hr') THEN {col} ELSE '***' END" } }]);
    expect(e.rewrite('SELECT region FROM d.t', { user: 'u', groups: [] }).sql).toContain("'***' AS region");
    expect(e.rewrite('SELECT region FROM d.t', { user: 'u', groups: ['hr'] }).sql).toContain('region AS region');
  });
});
