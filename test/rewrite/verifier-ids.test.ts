/**
 * The verifier reads a node's output ids off the node (select lists, join sides) instead of
 * building its output columns: those ids must be outputOf's, for every node of every secured
 * golden plan and of every plan the analyzer builds from Spark's corpus.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCatalog, createEngine, loadPolicies } from '../../src/index.js';
import type { Plan } from '../../src/plan/logical.js';
import { outputOf } from '../../src/plan/analysis/output.js';
import { outputIdsOf } from '../../src/plan/analysis/integrity.js';
import { foreachPlanDeep } from '../../src/plan/traverse.js';
import { isStatement } from '../../src/plan/print/statement.js';
import { analyzeCorpus } from '../../src/cli/corpus-analyze.js';
import { loadCorpus } from '../../src/cli/corpus.js';
import { casesOf, identityOf, NOW } from '../golden/cases.js';

const sorted = (ids: readonly number[]): number[] => [...new Set(ids)].sort((a, b) => a - b);

/** Nodes whose ids differ from outputOf's, as `kind: ids vs ids`. */
function mismatches(plan: Plan): string[] {
  const out: string[] = [];
  foreachPlanDeep(plan, (p) => {
    if (isStatement(p)) return;
    let expected: number[];
    try {
      expected = sorted(outputOf(p).map((a) => a.id));
    } catch {
      return; // not analysed (an alias without an id): the check reports it itself
    }
    const actual = sorted(outputIdsOf(p));
    if (actual.join() !== expected.join()) out.push(`${p.kind}: ${actual.join()} vs ${expected.join()}`);
  });
  return out;
}

describe('the verifier reads outputOf ids off the nodes', () => {
  it('for every node of the secured golden plans', () => {
    const catalog = createCatalog(readFileSync('examples/catalog.json', 'utf8'));
    const dir = 'test/golden';
    let nodes = 0;
    const bad: string[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql'))) {
      const own = join(dir, f.replace(/\.sql$/, '.policies.yaml'));
      const engine = createEngine({ catalog, policies: loadPolicies(readFileSync(existsSync(own) ? own : 'examples/policies.yaml', 'utf8')) });
      for (const c of casesOf(readFileSync(join(dir, f), 'utf8'))) {
        const r = engine.rewrite(c.sql, identityOf(c.as), { now: NOW });
        if (r.plan === undefined) continue;
        foreachPlanDeep(r.plan, () => void nodes++);
        bad.push(...mismatches(r.plan).map((m) => `${f}: ${c.sql.slice(0, 80)}: ${m}`));
      }
    }
    expect(nodes).toBeGreaterThan(300);
    expect(bad.slice(0, 10)).toEqual([]);
  });

  const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';
  it.runIf(existsSync(CORPUS))('for every node the analyzer builds from the corpus', () => {
    const bad: string[] = [];
    let plans = 0;
    analyzeCorpus(loadCorpus(CORPUS), false, (plan, row) => {
      plans++;
      bad.push(...mismatches(plan).map((m) => `${row.file}#${row.index}: ${m}`));
    });
    expect(plans).toBeGreaterThan(1000);
    expect(bad.slice(0, 10)).toEqual([]);
  }, 300_000);
});
