/**
 * The DuckDB oracle (issue 5, point 10): for random catalogs, rows, identities, policy documents
 * and queries, the engine denies exactly when the reference does (some relation the query reads,
 * or a column it references, is not granted; a mask cannot keep its column's type; a caller may
 * not impersonate), and when it allows, its secured DuckDB SQL over the raw tables returns
 * exactly the multiset of rows (the list, under an ORDER BY of every column) that the original
 * query returns over the reference's secure views, with no raw value of a masked column in plain
 * projections; the rewrite is deterministic, its Spark SQL re-parses and securing its plan again
 * gives the same plan. `npm run fuzz` runs the same property for longer (test/oracle/fuzz.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { oracleCases } from './arbitraries.js';
import { Oracle } from './harness.js';
import { printQuery, type OracleCase } from './model.js';

const SEED = 20261124;
const RUNS = Number(process.env['ORACLE_RUNS'] ?? 300);

describe('DuckDB oracle', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await Oracle.open();
  });
  afterAll(() => oracle.close());

  it(`secured queries return what the secure views return (${RUNS} cases, seed ${SEED})`, async () => {
    const decisions = { allow: 0, deny: 0 };
    await fc.assert(
      fc.asyncProperty(oracleCases, async (c) => {
        decisions[(await oracle.check(c)).decision]++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Both sides of the property are exercised, not only denials.
    expect(decisions.allow).toBeGreaterThan(RUNS / 4);
    expect(decisions.deny).toBeGreaterThan(RUNS / 10);
  });

  it('fails when the engine and the reference disagree on a mask', async () => {
    const masked: OracleCase = {
      tables: [{ db: 'db1', name: 't1', columns: [{ name: 'id', type: 'int', tags: [] }, { name: 's', type: 'string', tags: [] }] }],
      views: [],
      data: { 'db1.t1': [{ id: 1, s: 'Secret 42' }] },
      policies: {
        version: 1,
        grants: [{ id: 'g', to: { everyone: true }, actions: ['select'], on: { tables: ['db1.t1'] } }],
        masks: [{ id: 'm', table: 'db1.t1', column: 's', mask: { kind: 'redact' } }],
      },
      identity: { user: 'alice', groups: [], attributes: {} },
      query: { k: 'select', distinct: false, items: [{ k: 'col', q: 'a', name: 's' }], from: { k: 'rel', name: 'db1.t1', alias: 'a' }, where: null, groupBy: null, having: null },
      predicates: {},
      features: [],
    };
    expect(printQuery(masked.query, { dialect: 'spark' })).toBe('SELECT a.s AS c0 FROM db1.t1 AS a');
    await expect(oracle.check(masked)).resolves.toMatchObject({ decision: 'allow', rows: 1 });
    // An engine that forgets the mask returns the raw value: the rows differ.
    const unmasked = { ...masked.policies, masks: [] };
    await expect(oracle.check(masked, { enginePolicies: unmasked })).rejects.toThrow(/rows differ[\s\S]*s:Secret 42/);
    // An engine that forgets the grant denies what the reference allows.
    await expect(oracle.check(masked, { enginePolicies: { ...masked.policies, grants: [] } })).rejects.toThrow(/decision: engine deny, reference allow/);
  });
});
