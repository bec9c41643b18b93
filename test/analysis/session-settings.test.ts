/** Session functions (`spark.udf.register`) and session configuration (`SET key = value`). */
import { describe, expect, it } from 'vitest';
import { createSession, schemaOf, AnalysisError } from '../../src/index.js';
import { aggregate, scalar } from '../../src/plan/analysis/functions.js';
import { T } from '../../src/plan/analysis/types.js';
import { catalog } from './helpers.js';

const udf = scalar('udf', 1, 1, ([a]) => ({ type: a!.type, nullable: true }));
const udaf = aggregate('udaf', 1, 1, () => ({ type: T.int, nullable: true }));

const fields = (sql: string, s = createSession({ catalog, currentDatabase: 'hr' })): string[] => schemaOf(s.analyze(sql)).map((f) => `${f.name}:${f.type}`);

describe('session functions', () => {
  it('resolve with their own result type and Spark-style names', () => {
    const s = createSession({ catalog, currentDatabase: 'hr', functions: [udf, udaf] });
    expect(fields('SELECT udf(salary), udf(id + 1), udaf(name) FROM employees GROUP BY udf(salary), udf(id + 1)', s)).toEqual([
      'udf(salary):decimal(10,2)',
      'udf((id + 1)):int',
      'udaf(name):int',
    ]);
  });
  it('are aggregates when declared so: a plain column beside them must be grouped', () => {
    const s = createSession({ catalog, currentDatabase: 'hr', functions: [udaf] });
    expect(() => s.analyze('SELECT name, udaf(id) FROM employees')).toThrow(AnalysisError);
  });
  it('are unknown in sessions that do not register them', () => {
    expect(() => createSession({ catalog }).analyze('SELECT udf(1)')).toThrow(/UNRESOLVED_ROUTINE|Cannot resolve routine/);
  });
});

describe('spark.sql.timestampType', () => {
  it('TIMESTAMP_NTZ makes TIMESTAMP literals, casts, DDL columns and to_timestamp NTZ', () => {
    const s = createSession({ catalog, currentDatabase: 'hr' });
    expect(fields("SELECT TIMESTAMP '2020-01-01 10:00:00'", s)).toEqual(["TIMESTAMP '2020-01-01 10:00:00':timestamp"]);
    s.analyze('SET spark.sql.timestampType = TIMESTAMP_NTZ');
    expect(s.config('SPARK.SQL.TIMESTAMPTYPE')).toBe('TIMESTAMP_NTZ');
    expect(fields("SELECT TIMESTAMP '2020-01-01 10:00:00', CAST('2020-01-01' AS TIMESTAMP) AS c, to_timestamp('2020-01-01')", s)).toEqual([
      "TIMESTAMP_NTZ '2020-01-01 10:00:00':timestamp_ntz",
      'c:timestamp_ntz',
      'to_timestamp(2020-01-01):timestamp_ntz',
    ]);
    // A literal naming its zone stays a local-time-zone timestamp; current_timestamp() is always one.
    expect(fields("SELECT TIMESTAMP '2020-01-01 10:00:00Z' AS z, current_timestamp() AS now", s)).toEqual(['z:timestamp', 'now:timestamp']);
    s.analyze('CREATE TABLE ts_t (t TIMESTAMP, l TIMESTAMP_LTZ) USING parquet');
    expect(fields('SELECT * FROM ts_t', s)).toEqual(['t:timestamp_ntz', 'l:timestamp']);
    s.analyze('RESET spark.sql.timestampType');
    expect(fields("SELECT TIMESTAMP '2020-01-01 10:00:00' AS t", s)).toEqual(['t:timestamp']);
  });
  it('can be given when the session is created', () => {
    const s = createSession({ catalog, conf: { 'spark.sql.timestampType': 'TIMESTAMP_NTZ' } });
    expect(fields('SELECT make_timestamp(2021, 7, 11, 6, 30, 45.678) AS t', s)).toEqual(['t:timestamp_ntz']);
  });
});

describe('ORDER BY and HAVING over an aggregate', () => {
  const err = (sql: string): string => {
    try {
      createSession({ catalog, currentDatabase: 'hr' }).analyze(sql);
    } catch (e) {
      if (e instanceof AnalysisError) return e.errorClass;
      throw e;
    }
    return 'accepted';
  };
  it('reject a column that is neither grouped nor aggregated', () => {
    expect(err('SELECT sum(salary) FROM employees GROUP BY dept ORDER BY id')).toBe('UNRESOLVED_COLUMN.WITH_SUGGESTION');
    expect(err('SELECT sum(salary) FROM employees GROUP BY dept HAVING id > 1')).toBe('UNRESOLVED_COLUMN.WITH_SUGGESTION');
    expect(err('SELECT sum(salary) FROM employees GROUP BY dept + 1 ORDER BY 2 + dept')).toBe('UNRESOLVED_COLUMN.WITH_SUGGESTION');
  });
  it('accept grouping expressions (commutative operands in any order), aggregates and select aliases', () => {
    expect(err('SELECT sum(salary) FROM employees GROUP BY dept ORDER BY dept')).toBe('accepted');
    expect(err('SELECT sum(salary) FROM employees GROUP BY dept + 1 ORDER BY 1 + dept')).toBe('accepted');
    expect(err('SELECT sum(salary) AS s FROM employees GROUP BY dept HAVING max(id) > 1 ORDER BY s, min(id)')).toBe('accepted');
    expect(err('SELECT dept, count(*) FROM employees GROUP BY ROLLUP(dept) HAVING dept > 1 ORDER BY dept')).toBe('accepted');
  });
});

describe('scalar subqueries', () => {
  it('take the type of their one column and are named after the outer columns they read', () => {
    expect(fields('SELECT (SELECT max(salary) FROM employees) AS m, (SELECT 1) FROM departments')).toEqual(['m:decimal(10,2)', 'scalarsubquery():int']);
    expect(fields('SELECT (SELECT count(*) FROM employees e WHERE e.dept = d.id AND e.id > d.id) FROM departments d')).toEqual(['scalarsubquery(id, id):bigint']);
  });
});

describe('time windows and WHERE', () => {
  it('GROUP BY window(…) makes a `window` column the select list reads', () => {
    expect(fields("SELECT window.start, window(ts, '5 minutes').end AS e, count(*) AS n FROM sales.orders GROUP BY window(ts, '5 minutes') ORDER BY start")).toEqual([
      'start:timestamp',
      'e:timestamp',
      'n:bigint',
    ]);
  });
  it('refuses aggregates and window functions in WHERE, but not aggregates of outer columns', () => {
    const s = createSession({ catalog, currentDatabase: 'hr' });
    expect(() => s.analyze('SELECT id FROM employees WHERE max(salary) > 1')).toThrow(/WHERE condition/);
    expect(() => s.analyze('SELECT id FROM employees WHERE rank() OVER (ORDER BY id) = 1')).toThrow(/WHERE condition/);
    expect(fields('SELECT dept FROM employees e GROUP BY dept HAVING EXISTS (SELECT 1 FROM departments d WHERE d.id < max(e.id))', s)).toEqual(['dept:int']);
  });
});

describe('schema spelling', () => {
  it('prints built-in collations in upper case and TIMESTAMP_LTZ as timestamp', () => {
    expect(fields("SELECT CAST('a' AS STRING COLLATE utf8_lcase) AS s, CAST(NULL AS TIMESTAMP_LTZ) AS t")).toEqual(['s:string collate UTF8_LCASE', 't:timestamp']);
  });
  it('make_timestamp from a date stays a local-time-zone timestamp under TIMESTAMP_NTZ', () => {
    const s = createSession({ catalog, conf: { 'spark.sql.timestampType': 'TIMESTAMP_NTZ' } });
    expect(fields("SELECT make_timestamp(DATE '2020-01-01') AS d, make_timestamp(2020, 1, 1, 0, 0, 0) AS f", s)).toEqual(['d:timestamp', 'f:timestamp_ntz']);
  });
});

describe('grouping__id', () => {
  it('is grouping_id() under its Hive name', () => {
    expect(fields('SELECT dept, grouping__id, count(*) AS n FROM employees GROUP BY CUBE(dept) HAVING grouping__id >= 0 ORDER BY grouping__id')).toEqual([
      'dept:int',
      'grouping__id:bigint',
      'n:bigint',
    ]);
  });
});
