/**
 * The DuckDB dialect of toSql: masks and query shapes printed for DuckDB and run there must give
 * what Spark gives (DESIGN.md "Mask semantics", computed here by a small JS reference).
 */
import { createHash } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, createCatalog, createEngine, loadPolicies, parseSql, toSql, DialectError, type Plan } from '../../src/index.js';

const catalogJson = {
  databases: [{ name: 'db' }],
  tables: [
    {
      name: 'db.t',
      type: 'managed',
      columns: [
        { name: 'k', type: 'int' },
        { name: 's', type: 'string' },
        { name: 'n', type: 'int' },
        { name: 'd', type: 'decimal(10,2)' },
        { name: 'dt', type: 'date' },
        { name: 'ts', type: 'timestamp' },
      ],
    },
    { name: 'db.u', type: 'managed', columns: [{ name: 'k', type: 'int' }, { name: 'v', type: 'string' }] },
  ],
};
const catalog = createCatalog(JSON.stringify(catalogJson));

/** Hostile values, one row each (k = index). */
const STRINGS: readonly (string | null)[] = [null, '', 'é李x', 'a@b@c.com', "it's", 'back\\slash \\n', '12345', 'AbC-9 z', 'x'];
const ROWS = STRINGS.map((s, k) => ({ k, s, n: k === 0 ? null : k * 1234 - 5000, d: k === 0 ? null : (k * 987.65 - 3000).toFixed(2), dt: k === 0 ? null : `20${10 + k}-0${1 + (k % 9)}-1${k}`, ts: k === 0 ? null : `20${10 + k}-0${1 + (k % 9)}-1${k} 0${k}:30:15` }));

let db: DuckDBInstance;
let c: DuckDBConnection;
const lit = (v: string | null): string => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  c = await db.connect();
  await c.run(`CREATE SCHEMA db; CREATE TABLE db.t (k INTEGER, s VARCHAR, n INTEGER, d DECIMAL(10,2), dt DATE, ts TIMESTAMP); CREATE TABLE db.u (k INTEGER, v VARCHAR)`);
  await c.run(`INSERT INTO db.t VALUES ${ROWS.map((r) => `(${r.k}, ${lit(r.s)}, ${r.n ?? 'NULL'}, ${r.d ?? 'NULL'}, ${lit(r.dt)}, ${lit(r.ts)})`).join(', ')}`);
  await c.run(`INSERT INTO db.u VALUES (1, 'one'), (2, 'two'), (2, 'deux'), (NULL, 'none'), (7, NULL)`);
});
afterAll(() => {
  c.closeSync();
  db.closeSync();
});

async function rows(sql: string): Promise<unknown[][]> {
  return (await c.runAndReadAll(sql)).getRowsJson() as unknown[][];
}

// ---- masks ---------------------------------------------------------------------------------------

const cps = (s: string): string[] => [...s];
const redact = (s: string): string => cps(s).map((ch) => (/[A-Z]/.test(ch) ? 'X' : /[a-z]/.test(ch) ? 'x' : /[0-9]/.test(ch) ? 'n' : 'U')).join('');
const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const floorTo = (x: number, w: number): number => Math.floor(x / w) * w;

type Ref = (row: (typeof ROWS)[number]) => unknown;
const onS = (f: (s: string) => unknown): Ref => (r) => (r.s === null ? null : f(r.s));
const CASES: readonly { name: string; column: string; mask: Record<string, unknown>; salt?: string; expected: Ref }[] = [
  { name: 'null', column: 's', mask: { kind: 'null' }, expected: () => null },
  { name: 'constant', column: 's', mask: { kind: 'constant', value: 'n/a' }, expected: () => 'n/a' },
  { name: 'hash', column: 's', mask: { kind: 'hash' }, expected: onS(sha) },
  { name: 'hash with salt', column: 's', mask: { kind: 'hash' }, salt: "s'3\\", expected: onS((s) => sha("s'3\\" + s)) },
  { name: 'redact', column: 's', mask: { kind: 'redact' }, expected: onS(redact) },
  { name: 'showFirst 2', column: 's', mask: { kind: 'showFirst', n: 2 }, expected: onS((s) => (cps(s).length <= 2 ? s : cps(s).slice(0, 2).join('') + redact(cps(s).slice(2).join('')))) },
  { name: 'showLast 4', column: 's', mask: { kind: 'showLast', n: 4 }, expected: onS((s) => (cps(s).length <= 4 ? s : redact(cps(s).slice(0, -4).join('')) + cps(s).slice(-4).join(''))) },
  { name: 'showLast 0', column: 's', mask: { kind: 'showLast', n: 0 }, expected: onS(redact) },
  { name: 'emailDomain', column: 's', mask: { kind: 'emailDomain' }, expected: onS((s) => '*****@' + (s.includes('@') ? s.slice(s.lastIndexOf('@') + 1) : '')) },
  { name: 'regex', column: 's', mask: { kind: 'regex', pattern: '([a-z]+)@', replacement: '<$1> at \\$' }, expected: onS((s) => s.replace(/([a-z]+)@/g, '<$1> at $$')) },
  { name: 'custom', column: 's', mask: { kind: 'custom', expression: "concat('<', {col}, '>')" }, expected: onS((s) => `<${s}>`) },
  { name: 'yearOnly date', column: 'dt', mask: { kind: 'yearOnly' }, expected: (r) => (r.dt === null ? null : `${r.dt.slice(0, 4)}-01-01`) },
  { name: 'yearOnly timestamp', column: 'ts', mask: { kind: 'yearOnly' }, expected: (r) => (r.ts === null ? null : `${r.ts.slice(0, 4)}-01-01 00:00:00`) },
  { name: 'bucket int', column: 'n', mask: { kind: 'bucket', width: 1000 }, expected: (r) => (r.n === null ? null : floorTo(r.n, 1000)) },
  { name: 'bucket decimal', column: 'd', mask: { kind: 'bucket', width: 1000 }, expected: (r) => (r.d === null ? null : floorTo(Number(r.d), 1000).toFixed(2)) },
];

describe('masks printed for DuckDB give DESIGN.md values', () => {
  for (const m of CASES) {
    it(m.name, async () => {
      const policies = loadPolicies({
        version: 1,
        settings: { mode: 'protected-until-granted', ...(m.salt === undefined ? {} : { hashSalt: m.salt }) },
        grants: [{ id: 'g', to: { users: ['u'] }, actions: ['select'], on: { tables: ['db.t'] } }],
        masks: [{ id: 'm', table: 'db.t', column: m.column, mask: m.mask }],
      });
      const r = createEngine({ catalog, policies }).rewrite(`SELECT k, ${m.column} FROM db.t ORDER BY k`, { user: 'u', groups: [], attributes: {}, purposes: [] });
      expect(r.decision).toBe('allow');
      const got = await rows(toSql(r.plan!, { dialect: 'duckdb' }));
      expect(got.map((x) => x[1])).toEqual(ROWS.map(m.expected));
    });
  }
});

// ---- query shapes --------------------------------------------------------------------------------

/** Runs a Spark query, analysed and printed for DuckDB. */
const run = (sql: string): Promise<unknown[][]> => rows(toSql(analyze(sql, catalog), { dialect: 'duckdb' }));

describe('queries printed for DuckDB give what Spark gives', () => {
  const shapes: readonly [string, unknown[][]][] = [
    // Spark orders NULLs first ascending and last descending.
    ['SELECT k FROM db.u ORDER BY k', [[null], [1], [2], [2], [7]]],
    ['SELECT k FROM db.u ORDER BY k DESC, v', [[7], [2], [2], [1], [null]]],
    ['SELECT v FROM db.u ORDER BY v LIMIT 2 OFFSET 1', [['deux'], ['none']]],
    ['SELECT u.v FROM db.u LEFT SEMI JOIN db.t ON u.k = t.k ORDER BY v', [[null], ['deux'], ['one'], ['two']]],
    ['SELECT u.v FROM db.u LEFT ANTI JOIN db.t ON u.k = t.k ORDER BY v', [['none']]],
    ['SELECT a.v, b.v FROM db.u a FULL OUTER JOIN db.u b ON a.k = b.k AND a.v <> b.v ORDER BY 1, 2', [[null, null], [null, null], [null, 'none'], [null, 'one'], ['deux', 'two'], ['none', null], ['one', null], ['two', 'deux']]],
    ['SELECT k FROM db.u UNION SELECT k FROM db.u ORDER BY k', [[null], [1], [2], [7]]],
    ['SELECT k FROM db.u UNION ALL SELECT 1 ORDER BY k', [[null], [1], [1], [2], [2], [7]]],
    ['SELECT k FROM db.u INTERSECT SELECT k FROM db.t ORDER BY k', [[1], [2], [7]]],
    ['SELECT k FROM db.u EXCEPT ALL SELECT k FROM db.t ORDER BY k', [[null], [2]]],
    ['SELECT k FROM db.u EXCEPT SELECT k FROM db.t UNION SELECT 9 ORDER BY k', [[null], [9]]],
    ['SELECT k, count(*), max(v) FROM db.u GROUP BY k HAVING count(*) > 1', [[2, '2', 'two']]],
    ['SELECT v, row_number() OVER (ORDER BY v DESC) FROM db.u ORDER BY 2', [['two', 1], ['one', 2], ['none', 3], ['deux', 4], [null, 5]]],
    ['SELECT sum(k) OVER (PARTITION BY k) FROM db.u WHERE k = 2', [['4'], ['4']]],
    ['WITH x AS (SELECT k FROM db.u WHERE k > 1) SELECT count(*) FROM x', [['3']]],
    ['SELECT v FROM db.u WHERE k IN (SELECT k FROM db.t WHERE n > 0) ORDER BY v', [[null]]],
    ['SELECT v FROM db.u WHERE EXISTS (SELECT 1 FROM db.t WHERE t.k = u.k AND t.s IS NULL)', []],
    ['SELECT (SELECT max(k) FROM db.t), k <=> NULL, 7 div 2, -7 div 2, -7 % 3, 7 / 2 FROM db.u WHERE k = 1', [[8, false, '3', '-3', -1, 3.5]]],
    ["SELECT CASE WHEN k > 1 THEN 'big' WHEN k IS NULL THEN 'none' ELSE 'small' END FROM db.u ORDER BY k", [['none'], ['small'], ['big'], ['big'], ['big']]],
    ['SELECT CAST(1.7 AS INT), CAST(-1.7D AS INT), CAST(CAST(2.5 AS DECIMAL(3,1)) AS STRING), CAST(DATE \'2020-01-02\' AS STRING), CAST(true AS STRING)', [[1, -1, '2.5', '2020-01-02', 'true']]],
    ["SELECT 'a_b' LIKE 'a\\\\_b', 'axb' LIKE 'a\\\\_b', 'abc' RLIKE 'b', 'it''s' = \"it's\", 'a\\\\b'", [[true, false, true, true, 'a\\b']]],
    ["SELECT concat('a', NULL), concat('a', 'b', 'c'), substring('hello', 0, 2), substring('hello', -3), substring('hello', 2, -1), substring_index('a@b@c', '@', -2), substring_index('a@b@c', '@', 1)", [[null, 'abc', 'he', 'llo', '', 'b@c', 'a']]],
    ["SELECT 'x' LIKE ANY ('a%', 'x%'), 'x' NOT LIKE ALL ('a%', 'b%'), 5 BETWEEN 1 AND 9, floor(2.5D), ceil(2.1D), length('é李x')", [[true, true, true, '2', '3', 3]]],
    ["SELECT year(DATE '2021-05-06'), date_trunc('MM', TIMESTAMP '2021-05-06 07:08:09'), make_date(2020, 2, 29), datediff(DATE '2021-03-01', DATE '2021-02-01'), date_add(DATE '2021-02-28', 1)", [[2021, '2021-05-01 00:00:00', '2020-02-29', 28, '2021-03-01']]],
    ['SELECT 1.5 * 2, 10.25 / 4, 3 + 4L', [['3.0', '2.5625000000000', '7']]],
  ];
  for (const [sql, expected] of shapes) {
    it(sql, async () => {
      expect(await run(sql)).toEqual(expected);
    });
  }

  it('raises Spark’s division by zero instead of DuckDB’s NULL or Infinity', async () => {
    await expect(run('SELECT k / 0 FROM db.u')).rejects.toThrow(/DIVIDE_BY_ZERO/);
    await expect(run('SELECT k % (k - k) FROM db.u')).rejects.toThrow(/DIVIDE_BY_ZERO/);
  });
});

describe('what DuckDB cannot say with Spark’s meaning is refused', () => {
  const refused: readonly [string, string][] = [
    ['SELECT sha2(s, 384) FROM db.t', 'sha2'],
    ['SELECT CAST(1.5D AS STRING)', 'CAST(double AS STRING)'],
    ['SELECT * FROM db.u TABLESAMPLE (10 PERCENT)', 'Sample'],
    ['SELECT k FROM db.u SORT BY k', 'SORT BY'],
    ['SELECT * FROM VALUES (1, 2)', 'VALUES'],
    ['SELECT format_number(k, 2) FROM db.u', 'format_number'],
  ];
  for (const [sql, construct] of refused) {
    it(sql, () => {
      let error: unknown;
      try {
        toSql(analyze(sql, catalog), { dialect: 'duckdb' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DialectError);
      expect((error as DialectError).code).toBe('UNSUPPORTED_IN_DUCKDB');
      expect((error as DialectError).construct.startsWith(construct)).toBe(true);
    });
  }
  // The check walks the plan once but fails as the plan reads: the first node at fault in
  // pre-order (a VALUES counted where it stands), and any node at fault before an unresolved function.
  const first: readonly [() => Plan, string][] = [
    [() => analyze('SELECT * FROM VALUES (1) AS v JOIN db.u TABLESAMPLE (10 PERCENT) ON true', catalog), 'VALUES'],
    [() => analyze('SELECT * FROM db.u TABLESAMPLE (10 PERCENT) JOIN VALUES (1) AS v ON true', catalog), 'Sample'],
    [() => parseSql('SELECT upper(k) FROM db.u TABLESAMPLE (10 PERCENT)'), 'Sample'],
    [() => parseSql('SELECT upper(k) FROM db.u'), 'upper'],
  ];
  for (const [plan, construct] of first) {
    it(`names ${construct} first`, () => {
      const p = plan();
      expect(() => toSql(p, { dialect: 'duckdb' })).toThrow(DialectError);
      try {
        toSql(p, { dialect: 'duckdb' });
      } catch (e) {
        expect((e as DialectError).construct).toBe(construct);
      }
    });
  }
  it('prints no statement', () => {
    expect(() => toSql(parseSql('DROP TABLE db.u'), { dialect: 'duckdb' })).toThrow(DialectError);
  });
  it('leaves the Spark dialect as it was', () => {
    const plan = analyze("SELECT v FROM db.u WHERE v LIKE 'it\\'s%' ORDER BY k", catalog);
    expect(toSql(plan)).toBe(toSql(plan, { dialect: 'spark' }));
    expect(toSql(plan)).toBe("SELECT u.v FROM spark_catalog.db.u WHERE u.v LIKE 'it\\'s%' ORDER BY u.k");
    expect(toSql(plan, { dialect: 'duckdb' })).toBe(
      `SELECT "u"."v" FROM "db"."u" WHERE ("u"."v" LIKE 'it''s%' ESCAPE '\\') ORDER BY "u"."k" NULLS FIRST`,
    );
  });
});

// ---- row-filter shorthands -------------------------------------------------------------------------

describe('row-filter shorthands in DuckDB', () => {
  const engineWith = (rowFilter: object) =>
    createEngine({
      catalog,
      policies: loadPolicies({ version: 1, grants: [{ id: 'g', to: { everyone: true }, actions: ['select'], on: { tables: ['db.*'] } }], rowFilters: [{ id: 'f', table: 'db.t', ...rowFilter }] }),
    });
  const keysOf = async (rowFilter: object, now = '2024-06-01T00:00:00Z'): Promise<number[]> => {
    const r = engineWith(rowFilter).rewrite('SELECT k FROM db.t', { user: 'x' }, { now });
    expect(r.decision, r.reasons.join('; ')).toBe('allow');
    return (await rows(`${toSql(r.plan!, { dialect: 'duckdb' })} ORDER BY 1`)).map((x) => Number(x[0]));
  };

  it('sample keeps the rows whose md5 bucket of the key is below the percentage', async () => {
    const bucket = (k: number): number => parseInt(createHash('md5').update(String(k)).digest('hex').slice(0, 8), 16) % 100;
    for (const percent of [0, 30, 50, 100]) {
      expect(await keysOf({ sample: { column: 'k', percent } })).toEqual(ROWS.map((r) => r.k).filter((k) => bucket(k) < percent));
    }
  });

  it('window keeps the rows newer and older than N days of now (DATE and TIMESTAMP)', async () => {
    const now = Date.parse('2024-06-01T00:00:00Z');
    const day = 86_400_000;
    const within = (v: string | null, newer: number, older: number, date: boolean): boolean => {
      if (v === null) return false;
      const t = Date.parse(date ? `${v}T00:00:00Z` : `${v.replace(' ', 'T')}Z`);
      const lo = date ? Date.parse(new Date(now - newer * day).toISOString().slice(0, 10) + 'T00:00:00Z') : now - newer * day;
      const hi = date ? Date.parse(new Date(now - older * day).toISOString().slice(0, 10) + 'T00:00:00Z') : now - older * day;
      return t >= lo && t < hi;
    };
    expect(await keysOf({ window: { column: 'dt', newerThanDays: 3000, olderThanDays: 400 } })).toEqual(ROWS.filter((r) => within(r.dt, 3000, 400, true)).map((r) => r.k));
    expect(await keysOf({ window: { column: 'ts', newerThanDays: 4000, olderThanDays: 1000 } })).toEqual(ROWS.filter((r) => within(r.ts, 4000, 1000, false)).map((r) => r.k));
  });
});
