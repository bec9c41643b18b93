/**
 * The Spark corpus as a yardstick: acceptance of what Spark parses, rejection of what Spark's
 * parser rejects, and parse → print → parse identity for everything we accept. The floors are
 * ratchets: raise them as the grammar grows, never lower them.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { corpusReport, loadCorpus } from '../../src/cli/corpus.js';

const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';

// The corpus lives beside this repository (../shared); a checkout without it cannot run these.
if (!existsSync(CORPUS)) console.warn(`corpus tests not run: ${CORPUS} is missing`);

describe.runIf(existsSync(CORPUS))('Spark SQL corpus', () => {
  const report = existsSync(CORPUS) ? corpusReport(loadCorpus(CORPUS), true) : null!;
  const parsed = report?.bySpark.parsed;
  const rejected = report?.bySpark.parseException;

  it('accepts the statements Spark parses', () => {
    expect(parsed.accepted / parsed.statements).toBeGreaterThanOrEqual(0.995);
  });

  it('rejects the statements Spark rejects', () => {
    expect(rejected.rejected / rejected.statements).toBeGreaterThanOrEqual(0.865);
  });

  it('round-trips what it accepts', () => {
    const failures = (report.failures ?? []).filter((f) => f.problem.startsWith('ROUND_TRIP'));
    expect(failures).toEqual([]);
  });

  it('never crashes', () => {
    const crashes = (report.failures ?? []).filter((f) => f.problem.startsWith('CRASH'));
    expect(crashes).toEqual([]);
  });
});
