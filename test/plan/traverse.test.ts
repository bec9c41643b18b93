/**
 * Traversal over real plans: an identity transform returns the very same object (so "did a rule
 * fire?" is `===`), and a changing transform changes only what it touches.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { parseSql } from '../../src/parser/index.js';
import { loadCorpus } from '../../src/cli/corpus.js';
import { collectPlans, foreachExpressionDeep, planChildren, transformExpressions, transformUp, transformUpDeep } from '../../src/plan/traverse.js';
import type { Plan } from '../../src/plan/logical.js';

const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';

function corpusPlans(limit: number): Plan[] {
  if (!existsSync(CORPUS)) return [parseSql('SELECT a FROM t WHERE b IN (SELECT c FROM u)')];
  const plans: Plan[] = [];
  for (const row of loadCorpus(CORPUS)) {
    try {
      plans.push(parseSql(row.sql));
    } catch {
      // statements we reject are not plans
    }
    if (plans.length >= limit) break;
  }
  return plans;
}

describe('traversal', () => {
  const plans = corpusPlans(5000);

  it('returns the same reference when nothing changes', () => {
    for (const p of plans) {
      expect(transformUp(p, (n) => n)).toBe(p);
      expect(transformUpDeep(p, (n) => n)).toBe(p);
      expect(transformExpressions(p, (e) => e)).toBe(p);
    }
  });

  it('reaches relations inside subquery expressions', () => {
    const p = parseSql('SELECT a FROM t WHERE b IN (SELECT c FROM u) AND EXISTS (SELECT 1 FROM v)');
    const names = collectPlans(p, (n): n is Extract<Plan, { kind: 'UnresolvedRelation' }> => n.kind === 'UnresolvedRelation').map((r) => r.name.join('.'));
    expect(names.sort()).toEqual(['t', 'u', 'v']);
  });

  it('rewrites every relation, including those in subqueries and CTEs', () => {
    const p = parseSql('WITH x AS (SELECT * FROM t) SELECT * FROM x JOIN u ON (SELECT max(k) FROM v) = 1');
    const renamed = transformUpDeep(p, (n) => (n.kind === 'UnresolvedRelation' ? { ...n, name: ['secured', ...n.name] } : n));
    const names: string[] = [];
    collectPlans(renamed, (n): n is Extract<Plan, { kind: 'UnresolvedRelation' }> => n.kind === 'UnresolvedRelation').forEach((r) => names.push(r.name.join('.')));
    expect(names.sort()).toEqual(['secured.t', 'secured.u', 'secured.v', 'secured.x']);
    expect(renamed).not.toBe(p);
  });

  it('visits expressions inside subqueries', () => {
    const p = parseSql('SELECT (SELECT max(z) FROM u) FROM t');
    const attrs: string[] = [];
    foreachExpressionDeep(p, (e) => {
      if (e.kind === 'UnresolvedAttribute') attrs.push(e.nameParts.join('.'));
    });
    expect(attrs).toEqual(['z']);
    expect(planChildren(p).length).toBe(1);
  });
});
