/**
 * The analyzer over Spark's SQL test corpus: every file runs in order in a fresh session. The
 * floors below are ratchets (raise them as coverage grows); the integrity check must hold on
 * every plan we analyse.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { analyzeCorpus } from '../../src/cli/corpus-analyze.js';
import { loadCorpus } from '../../src/cli/corpus.js';
import { checkIntegrity } from '../../src/index.js';

const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';

describe.runIf(existsSync(CORPUS))('analyzer over the Spark corpus', () => {
  const broken: string[] = [];
  const report = analyzeCorpus(loadCorpus(CORPUS), false, (plan, row) => {
    const problems = checkIntegrity(plan);
    if (problems.length > 0) broken.push(`${row.file}#${row.index}: ${problems[0]} :: ${row.sql.slice(0, 200)}`);
  });

  it('keeps the integrity of every analysed plan', () => {
    expect(broken.slice(0, 20)).toEqual([]);
  });
  it('never crashes: every failure is a SqlParseError or an AnalysisError', () => {
    expect(report.crashes.slice(0, 5)).toEqual([]);
  });
  it('analyses the queries Spark ran', () => {
    const q = report.queries;
    expect(q.analyzed / q.total).toBeGreaterThanOrEqual(0.46);
    expect(q.sameNames / q.analyzed).toBeGreaterThanOrEqual(0.70);
  });
  it('rejects statements Spark rejected in analysis', () => {
    const a = report.analysisErrors;
    expect(a.rejected / a.total).toBeGreaterThanOrEqual(0.5);
  });
});
