/**
 * Properties of name resolution (fast-check, fixed seed): renaming table aliases and changing the
 * case of identifiers never changes what a query reads. For each output column we compare its
 * name, type and lineage (the catalog columns it is computed from).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { schemaOf, checkIntegrity } from '../../src/index.js';
import { outputLineage } from '../../src/plan/analysis/lineage.js';
import { KEYWORD_SPELLINGS } from '../../src/parser/keywords.js';
import { analyzed } from './helpers.js';

const SEED = 20261124;
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 200);
const KEYWORDS = new Set(Object.values(KEYWORD_SPELLINGS).flat().map((k) => k.toUpperCase()));

/** Query shapes over the test catalog; {a}, {b} are table aliases, {T:name} identifiers whose case may change. */
const TEMPLATES = [
  'SELECT {a}.{T:id}, {b}.{T:name} FROM {T:hr}.{T:employees} {a} JOIN {T:hr}.{T:departments} {b} ON {a}.{T:dept} = {b}.{T:id} WHERE {a}.{T:salary} > 10',
  'SELECT {b}.{T:region}, count(*) AS n, max({a}.{T:salary}) AS m FROM {T:employees} {a} LEFT JOIN {T:departments} {b} ON {a}.{T:dept} = {b}.{T:id} GROUP BY {b}.{T:region} ORDER BY n',
  'SELECT {a}.{T:name} FROM {T:employees} {a} WHERE EXISTS (SELECT 1 FROM {T:sales}.{T:orders} {b} WHERE {b}.{T:emp_id} = {a}.{T:id})',
  'WITH {b} AS (SELECT {T:dept}, {T:ssn} FROM {T:employees}) SELECT {a}.{T:ssn} FROM {b} {a} UNION ALL SELECT {T:name} FROM {T:departments}',
  'SELECT {a}.{T:id}, {a}.{T:address}.{T:city}, p FROM {T:employees} {a} LATERAL VIEW explode({a}.{T:phones}) {b} AS p',
  'SELECT * FROM {T:employees} {a} JOIN {T:departments} {b} USING ({T:id})',
  'SELECT {a}.{T:name}, (SELECT max({b}.{T:amount}) FROM {T:sales}.{T:orders} {b} WHERE {b}.{T:emp_id} = {a}.{T:id}) AS top FROM {T:emp_directory} {a}',
];

const alias = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,7}$/)
  .filter((s) => !KEYWORDS.has(s.toUpperCase()) && !['hr', 'sales', 'employees', 'departments', 'orders', 'emp_directory', 'p'].includes(s));

function render(template: string, a: string, b: string, caseBits: readonly boolean[]): string {
  let i = 0;
  return template
    .replace(/\{a\}/g, a)
    .replace(/\{b\}/g, b)
    .replace(/\{T:(\w+)\}/g, (_, name: string) => {
      const bit = caseBits[i++ % caseBits.length]!;
      return bit ? name.toUpperCase() : name;
    });
}

function signature(sql: string): unknown {
  const plan = analyzed(sql);
  expect(checkIntegrity(plan)).toEqual([]);
  return { schema: schemaOf(plan), lineage: outputLineage(plan) };
}

describe('resolution is invariant under alias renaming and identifier case', () => {
  TEMPLATES.forEach((template, n) => {
    it(`template ${n + 1}`, () => {
      const base = signature(render(template, 'x', 'y', [false]));
      fc.assert(
        fc.property(alias, alias, fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), (a, b, bits) => {
          fc.pre(a !== b);
          expect(signature(render(template, a, b, bits))).toEqual(base);
        }),
        { seed: SEED + n, numRuns: RUNS },
      );
    });
  });

  it('lineage follows columns to their tables', () => {
    const plan = analyzed('SELECT e.ssn, d.region FROM employees e JOIN departments d ON e.dept = d.id');
    expect(outputLineage(plan)).toEqual([['hr.employees.ssn'], ['hr.departments.region']]);
    expect(outputLineage(analyzed('WITH c AS (SELECT ssn AS s FROM employees) SELECT upper(s) FROM c UNION SELECT name FROM departments'))).toEqual([
      ['hr.departments.name', 'hr.employees.ssn'],
    ]);
  });
});
