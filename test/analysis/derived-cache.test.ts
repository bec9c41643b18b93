/**
 * The generational cache behind outputOf and typeOf: what is in use stays, what is forgotten is
 * derived again with equal content.
 */
import { describe, expect, it } from 'vitest';
import { DerivedCache } from '../../src/plan/analysis/derived-cache.js';
import { createSession, explain, outputOf, toSql, type Plan } from '../../src/index.js';
import { catalog } from './helpers.js';

describe('DerivedCache', () => {
  it('keeps entries for two generations and those read since', () => {
    const cache = new DerivedCache<object, number>(2);
    const [a, b, c, d] = [{}, {}, {}, {}];
    cache.set(a, 1);
    cache.set(b, 2);
    cache.set(c, 3); // a and b now in the retired generation
    expect(cache.get(a)).toBe(1); // read: moved to the young one, beside c
    cache.set(d, 4); // retires c and a; b is forgotten
    expect(cache.get(b)).toBeUndefined();
    expect(cache.get(c)).toBe(3);
    expect(cache.get(d)).toBe(4);
  });
});

describe('outputs and types derived again', () => {
  it('are equal to the first ones once the cache has moved on', () => {
    const sql = `SELECT e.name, upper(e.name) AS u, d.name AS dept, e.salary * 2, count(*) OVER (PARTITION BY d.id) AS n
      FROM hr.employees e JOIN hr.departments d USING (id) WHERE e.salary > 10`;
    const session = createSession({ catalog });
    const plan = session.analyze(sql);
    const first = outputOf(plan);
    const before = { output: JSON.stringify(first), explain: explain(plan), sql: toSql(plan) };
    // Enough other plans (each caches outputs and types) to retire both generations of both caches.
    const filler = 'SELECT a, b, name FROM (SELECT id + 1 AS a, id * 2 AS b, name FROM hr.employees) t';
    let last: Plan | null = null;
    for (let i = 0; i < 6000; i++) {
      last = session.analyze(filler);
      outputOf(last);
    }
    expect(outputOf(last!).map((a) => a.name)).toEqual(['a', 'b', 'name']);
    // Derived again (a new array), equal to the first.
    expect(outputOf(plan)).not.toBe(first);
    expect({ output: JSON.stringify(outputOf(plan)), explain: explain(plan), sql: toSql(plan) }).toEqual(before);
  });
});
