import { describe, expect, it } from 'vitest';
import { createSession, schemaOf, traverse, type Plan } from '../../src/index.js';
import { analysisError, analyzed, catalog, schema } from './helpers.js';

const relations = (p: Plan) => traverse.collectPlans(p, (n): n is Extract<Plan, { kind: 'Relation' }> => n.kind === 'Relation');

describe('relations', () => {
  it('resolves a table in the current database and by two and three parts', () => {
    for (const sql of ['SELECT id FROM employees', 'SELECT id FROM hr.employees', 'SELECT id FROM spark_catalog.hr.employees', 'SELECT id FROM HR.Employees']) {
      const rels = relations(analyzed(sql));
      expect(rels.map((r) => `${r.table.catalog}.${r.table.database}.${r.table.name}`)).toEqual(['spark_catalog.hr.employees']);
    }
  });
  it('reports a missing table with its name and position', () => {
    const e = analysisError('SELECT *\nFROM nope');
    expect(e.errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
    expect(e.parameters.relationName).toBe('`nope`');
  });
  it('expands a catalog view and keeps its identity', () => {
    const p = analyzed('SELECT name FROM emp_directory');
    const views = traverse.collectPlans(p, (n): n is Extract<Plan, { kind: 'View' }> => n.kind === 'View');
    expect(views.map((v) => v.view.name)).toEqual(['emp_directory']);
    expect(relations(p).map((r) => r.table.name)).toEqual(['employees']);
  });
  it('gives each occurrence of a table its own column ids (self-join)', () => {
    const p = analyzed('SELECT a.id, b.id FROM employees a JOIN employees b ON a.dept = b.id');
    const [l, r] = relations(p);
    expect(l!.output[0]!.id).not.toBe(r!.output[0]!.id);
    expect(schema('SELECT a.id, b.id FROM employees a JOIN employees b ON a.dept = b.id')).toEqual(['id:int', 'id:int']);
  });
  it('resolves CTEs before tables, with shadowing, and each reference gets fresh ids', () => {
    expect(schema('WITH employees AS (SELECT 1 AS x) SELECT * FROM employees')).toEqual(['x:int']);
    expect(schema('WITH c AS (SELECT id FROM employees) SELECT c1.id FROM c c1 JOIN c c2 ON c1.id = c2.id')).toEqual(['id:int']);
  });
  it('resolves a recursive CTE from its anchor', () => {
    expect(schema('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r')).toEqual(['n:int']);
  });
  it('temp views and DDL apply in order within a session', () => {
    expect(schema("CREATE TEMPORARY VIEW v AS SELECT 1 AS a, 'x' AS b")).toEqual([]);
  });
});

describe('columns', () => {
  it('resolves qualified, unqualified and nested references', () => {
    expect(schema('SELECT employees.id, employees.name, hr.employees.salary, address.city, employees.address.zip FROM employees')).toEqual([
      'id:int',
      'name:string',
      'salary:decimal(10,2)',
      'city:string',
      'zip:string',
    ]);
  });
  it('hides the table name behind its alias, as Spark does', () => {
    expect(analysisError('SELECT employees.name FROM employees e').errorClass).toBe('UNRESOLVED_COLUMN.WITH_SUGGESTION');
  });
  it('is case-insensitive by default', () => {
    expect(schema('SELECT ID, Name FROM employees')).toEqual(['id:int', 'name:string']);
  });
  it('reports an unknown column with suggestions', () => {
    const e = analysisError('SELECT nme FROM employees');
    expect(e.errorClass).toBe('UNRESOLVED_COLUMN.WITH_SUGGESTION');
    expect(e.parameters.proposal).toContain('`employees`.`name`');
  });
  it('reports an ambiguous column', () => {
    expect(analysisError('SELECT id FROM employees JOIN departments ON dept = departments.id').errorClass).toBe('AMBIGUOUS_REFERENCE');
  });
  it('expands stars, qualified stars and star except', () => {
    expect(schema('SELECT d.* FROM employees e JOIN departments d ON e.dept = d.id')).toEqual(['id:int', 'name:string', 'region:string']);
    expect(schema('SELECT * EXCEPT (ssn, address, phones, salary) FROM employees')).toEqual(['id:int', 'name:string', 'dept:int']);
  });
  it('merges USING join columns', () => {
    expect(schema('SELECT * FROM employees JOIN departments USING (id)').slice(0, 3)).toEqual(['id:int', 'name:string', 'ssn:string']);
    expect(schema('SELECT * FROM departments d1 NATURAL JOIN departments d2')).toEqual(['id:int', 'name:string', 'region:string']);
  });
  it('resolves correlated subqueries as outer references', () => {
    const p = analyzed('SELECT name FROM employees e WHERE EXISTS (SELECT 1 FROM sales.orders o WHERE o.emp_id = e.id)');
    let outer = 0;
    traverse.foreachExpressionDeep(p, (x) => {
      if (x.kind === 'OuterReference') outer++;
    });
    expect(outer).toBe(1);
  });
  it('resolves lateral column aliases', () => {
    expect(schema('SELECT id * 2 AS s2, s2 + 1 AS s3, s3 * s2 AS s4 FROM employees')).toEqual(['s2:int', 's3:int', 's4:int']);
  });
  it('reads aliases before and after a star as lateral aliases, and no column a star expands to', () => {
    expect(schema('SELECT id AS a, *, a + 1 AS b, b * 2 AS c FROM employees').slice(-2)).toEqual(['b:int', 'c:int']);
    expect(schema('SELECT upper(name) AS n, address.*, lower(n) AS m FROM employees')).toEqual(['n:string', 'city:string', 'zip:string', 'm:string']);
    // `address.*` names its fields (`city`), but they are no aliases a later item may read.
    expect(analysisError('SELECT address.*, upper(city) AS c FROM employees').errorClass).toBe('UNRESOLVED_COLUMN.WITH_SUGGESTION');
  });
  it('stacks one Project per level of lateral aliases, and none when no item reads one', () => {
    // The Projects from the top, each as the names of its list.
    const levels = (sql: string): string[][] => {
      const out: string[][] = [];
      for (let p: Plan = analyzed(sql); p.kind === 'Project'; p = p.child) out.push(p.projectList.map((e) => (e.kind === 'Alias' || e.kind === 'AttributeRef' ? e.name : e.kind)));
      return out;
    };
    expect(levels('SELECT id AS a, name AS b, dept AS c FROM employees')).toEqual([['a', 'b', 'c']]);
    expect(levels('SELECT id AS a, upper(name) AS b, a + 1 AS c, id FROM employees')).toHaveLength(2);
    const three = levels('SELECT id * 2 AS s2, name, abs(s2 + 1) AS s3, s3 * s2 AS s4, dept AS d FROM employees');
    // The input's columns, then each level's aliases (`d` reads no alias: computed at the first).
    expect(three.map((l) => l.slice(-3))).toEqual([
      ['s3', 's4', 'd'],
      ['s2', 'd', 's3'],
      ['phones', 's2', 'd'],
    ]);
    expect(three[0]).toEqual(['s2', 'name', 's3', 's4', 'd']);
  });
});

describe('aggregates', () => {
  it('turns a select list with aggregates into a global aggregate', () => {
    expect(analyzed('SELECT count(*) FROM employees').kind).toBe('Aggregate');
    expect(schema('SELECT count(*), sum(salary), avg(id), max(name) FROM employees')).toEqual([
      'count(1):bigint',
      'sum(salary):decimal(20,2)',
      'avg(id):double',
      'max(name):string',
    ]);
  });
  it('groups by column, alias, ordinal and ALL', () => {
    expect(schema('SELECT dept, count(*) AS n FROM employees GROUP BY dept')).toEqual(['dept:int', 'n:bigint']);
    expect(schema('SELECT dept AS d, count(*) FROM employees GROUP BY d')).toEqual(['d:int', 'count(1):bigint']);
    expect(schema('SELECT dept, count(*) FROM employees GROUP BY 1')).toEqual(['dept:int', 'count(1):bigint']);
    expect(schema('SELECT dept, count(*) FROM employees GROUP BY ALL')).toEqual(['dept:int', 'count(1):bigint']);
  });
  it('rejects a column that is neither grouped nor aggregated', () => {
    expect(analysisError('SELECT name, count(*) FROM employees GROUP BY dept').errorClass).toBe('MISSING_AGGREGATION');
  });
  it('resolves HAVING and ORDER BY against the input of the block', () => {
    expect(schema('SELECT dept FROM employees GROUP BY dept HAVING max(salary) > 10 ORDER BY dept')).toEqual(['dept:int']);
    expect(schema('SELECT name FROM employees ORDER BY salary')).toEqual(['name:string']);
  });
});

describe('set operations and values', () => {
  it('widens column types across a union', () => {
    expect(schema('SELECT id FROM employees UNION ALL SELECT id FROM sales.orders')).toEqual(['id:bigint']);
  });
  it('rejects a union of different widths', () => {
    expect(analysisError('SELECT id, name FROM employees UNION SELECT id FROM sales.orders').errorClass).toBe('NUM_COLUMNS_MISMATCH');
  });
  it('names VALUES columns col1… and takes aliases', () => {
    expect(schema("SELECT * FROM VALUES (1, 'a'), (2, 'b')")).toEqual(['col1:int', 'col2:string']);
    expect(schema("SELECT x, y FROM VALUES (1, 'a') AS t(x, y)")).toEqual(['x:int', 'y:string']);
  });
});

describe('generators and table functions', () => {
  it('resolves LATERAL VIEW explode with aliases', () => {
    expect(schema('SELECT id, p FROM employees LATERAL VIEW explode(phones) t AS p')).toEqual(['id:int', 'p:string']);
  });
  it('moves a generator in the select list into a Generate', () => {
    expect(schema('SELECT id, explode(phones) AS p FROM employees')).toEqual(['id:int', 'p:string']);
    expect(schema('SELECT explode(phones) FROM employees')).toEqual(['col:string']);
    expect(analysisError('SELECT 1 AS (a, b)').errorClass).toBe('MULTI_ALIAS_WITHOUT_GENERATOR');
  });
  it('resolves range()', () => {
    expect(schema('SELECT id FROM range(10)')).toEqual(['id:bigint']);
  });
});

describe('functions', () => {
  it('reports an unknown function', () => {
    expect(analysisError('SELECT no_such_fn(id) FROM employees').errorClass).toBe('UNRESOLVED_ROUTINE');
  });
  it('reports a wrong number of arguments', () => {
    expect(analysisError('SELECT upper(name, name) FROM employees').errorClass).toBe('WRONG_NUM_ARGS.WITHOUT_SUGGESTION');
  });
});

describe('SQL functions', () => {
  it('resolves scalar and table SQL functions created in the session', () => {
    const s = createSession({ catalog });
    s.analyze('CREATE FUNCTION f1(a INT, b INT DEFAULT 7) RETURNS STRING RETURN a || b');
    s.analyze('CREATE FUNCTION t1(a INT) RETURNS TABLE (c1 INT, c2 STRING) RETURN SELECT a, "x"');
    expect(schemaOf(s.analyze('SELECT f1(1), f1(1, 2)'))).toEqual([
      { name: 'spark_catalog.default.f1(1)', type: 'string' },
      { name: 'spark_catalog.default.f1(1, 2)', type: 'string' },
    ]);
    expect(schemaOf(s.analyze('SELECT * FROM t1(5)'))).toEqual([
      { name: 'c1', type: 'int' },
      { name: 'c2', type: 'string' },
    ]);
    expect(() => s.analyze('SELECT f1()')).toThrow(/WRONG_NUM_ARGS/);
    expect(() => s.analyze('CREATE FUNCTION f2(a INT, A INT) RETURNS INT RETURN 1')).toThrow(/DUPLICATE_ROUTINE_PARAMETER_NAMES/);
  });
});

describe('hidden file metadata', () => {
  it('exposes _metadata of file-source tables by name, not in SELECT *', () => {
    const s = createSession({ catalog });
    s.analyze('CREATE TABLE f(id INT) USING parquet');
    expect(schemaOf(s.analyze('SELECT * FROM f'))).toEqual([{ name: 'id', type: 'int' }]);
    expect(schemaOf(s.analyze('SELECT x._metadata.file_path, _metadata.row_index FROM f x'))).toEqual([
      { name: 'file_path', type: 'string' },
      { name: 'row_index', type: 'bigint' },
    ]);
    s.analyze('CREATE TABLE g(id INT) USING csv');
    expect(() => s.analyze('SELECT _metadata.row_index FROM g')).toThrow(/FIELD_NOT_FOUND/);
  });
});

describe('catalog documents', () => {
  it('reports every problem with its JSON path', async () => {
    const { createCatalog, CatalogError } = await import('../../src/index.js');
    let error: unknown;
    try {
      createCatalog({ tables: [{ name: '', columns: [{ name: 'a', type: 'no such type(' }] }, { name: 'db.t', columns: [{ name: 'a', type: 'int' }, { name: 'A', type: 'int' }], extra: 1 }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    const issues = (error as InstanceType<typeof CatalogError>).issues;
    expect(issues).toEqual([
      { path: '$.tables[0].name', message: 'must not be empty' },
      { path: '$.tables[1]', message: 'unknown field "extra"' },
    ]);
    expect(() => createCatalog({ tables: [{ name: 'db.t', columns: [{ name: 'a', type: 'map<int' }] }] })).toThrow(/\$\.tables\[0\]\.columns\[0\]\.type: not a Spark type/);
    expect(() => createCatalog({ tables: [{ name: 'db.t', columns: [{ name: 'a', type: 'int' }, { name: 'A', type: 'int' }] }] })).toThrow(/duplicate column A/);
  });
});

describe('error positions', () => {
  it('puts the line and column of the offending reference on analysis errors', () => {
    const e1 = analysisError('SELECT id,\n       nme\nFROM employees');
    expect([e1.line, e1.column]).toEqual([2, 8]);
    const e2 = analysisError('SELECT *\nFROM   employees JOIN nope ON true');
    expect([e2.errorClass, e2.line, e2.column]).toEqual(['TABLE_OR_VIEW_NOT_FOUND', 2, 23]);
    const e3 = analysisError('SELECT upper(name), no_fn(1) FROM employees');
    expect([e3.errorClass, e3.line, e3.column]).toEqual(['UNRESOLVED_ROUTINE', 1, 21]);
  });

  it('puts the position of a qualified column on its error, whichever way the parser read it', () => {
    // `e.nme` alone is read by the parser's shortcut; `e.nme + 1` and `-e.nme` by the full rules.
    for (const [sql, line, column] of [
      ['SELECT e.id FROM employees e\nWHERE  e.nme', 2, 8],
      ['SELECT e.id, e.nme + 1 FROM employees e', 1, 14],
      ['SELECT -e.nme FROM employees e', 1, 9],
      ['SELECT e.id FROM employees e\nJOIN employees f ON f.id = e.id AND f.x.y = 1', 2, 37],
    ] as const) {
      const e = analysisError(sql);
      expect([e.errorClass, e.line, e.column], sql).toEqual(['UNRESOLVED_COLUMN.WITH_SUGGESTION', line, column]);
    }
  });
});
