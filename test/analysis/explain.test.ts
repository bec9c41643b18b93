import { describe, expect, it } from 'vitest';
import { explain, parseSql } from '../../src/index.js';
import { analyzed } from './helpers.js';

describe('explain', () => {
  it('prints a resolved plan as a Spark-style tree with column ids, subqueries included', () => {
    expect(explain(analyzed('SELECT e.name FROM employees e JOIN departments d ON e.dept = d.id WHERE e.id IN (SELECT emp_id FROM sales.orders)'))).toBe(
      [
        'Project [name#2]',
        '+- Filter id#1 IN (SELECT emp_id#12 FROM spark_catalog.sales.orders)',
        '   :- Join INNER, dept#5 = id#8',
        '   :  :- SubqueryAlias e',
        '   :  :  +- Relation spark_catalog.hr.employees[id#1,name#2,ssn#3,salary#4,dept#5,address#6,phones#7]',
        '   :  +- SubqueryAlias d',
        '   :     +- Relation spark_catalog.hr.departments[id#8,name#9,region#10]',
        '   +- Project [emp_id#12]',
        '      +- Relation spark_catalog.sales.orders[id#11,emp_id#12,amount#13,ts#14]',
      ].join('\n'),
    );
  });
  it('shows the id each alias produces, so a column can be followed through a projection', () => {
    expect(explain(analyzed('SELECT upper(name) AS n FROM employees')).split('\n')[0]).toBe('Project [upper(name#2) AS n#8]');
  });
  it('prints unresolved plans too', () => {
    expect(explain(parseSql('SELECT a FROM t'))).toBe("Project [a]\n+- 'UnresolvedRelation [t]");
  });
});

describe('toSql of resolved plans', () => {
  it('aliases the right side of a join when both sides expose the same name', async () => {
    const { createCatalog, createSession, toSql, schemaOf, parseSql } = await import('../../src/index.js');
    const catalog = createCatalog({
      databases: [{ name: 'db1' }, { name: 'db2' }],
      tables: [
        { name: 'db1.t', columns: [{ name: 'a', type: 'int' }] },
        { name: 'db2.t', columns: [{ name: 'a', type: 'string' }] },
      ],
    });
    const s = createSession({ catalog });
    const plan = s.analyze('SELECT db1.t.a, db2.t.a FROM db1.t, db2.t');
    const sql = toSql(plan);
    expect(sql).toBe('SELECT t.a, t_2.a FROM spark_catalog.db1.t, spark_catalog.db2.t AS t_2');
    expect(schemaOf(s.analyzeParsed(parseSql(sql)))).toEqual(schemaOf(plan));
  });
});
