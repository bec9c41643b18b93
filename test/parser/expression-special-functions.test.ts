import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/parser/index.js';
import { validateExpressionIdentity } from '../helpers/sql.js';

describe('special-syntax functions', () => {
  it('STRUCT takes named arguments', () => {
    validateExpressionIdentity('STRUCT(CAST(id AS STRING) AS aa, st.*)', 'struct(CAST(id AS STRING) AS aa, st.*)');
    validateExpressionIdentity('struct()', 'struct()');
  });

  it('FIRST/LAST/ANY_VALUE with IGNORE NULLS inside', () => {
    validateExpressionIdentity('first(a IGNORE NULLS)', 'first(a, TRUE)');
    validateExpressionIdentity('any_value(a IGNORE NULLS)', 'any_value(a, TRUE)');
    validateExpressionIdentity('last(a) OVER w', 'last(a) OVER w');
  });

  it('POSITION, SUBSTRING, TRIM and OVERLAY become their functions', () => {
    validateExpressionIdentity("position('a' IN s)", "locate('a', s)");
    validateExpressionIdentity("position('a', s)", "position('a', s)");
    validateExpressionIdentity("substr('Spark SQL' from 5 for 1)", "substring('Spark SQL', 5, 1)");
    validateExpressionIdentity('SUBSTRING(s FROM 3)', 'substring(s, 3)');
    validateExpressionIdentity("TRIM(BOTH FROM '  a  ')", "trim('  a  ')");
    validateExpressionIdentity("trim(LEADING 'x' FROM s)", "ltrim('x', s)");
    validateExpressionIdentity("trim(TRAILING FROM s)", 'rtrim(s)');
    validateExpressionIdentity("trim('x' FROM s)", "trim('x', s)");
    validateExpressionIdentity("overlay('abc' placing 'x' from 2 for 1)", "overlay('abc', 'x', 2, 1)");
    validateExpressionIdentity("overlay(a placing b from 2)", 'overlay(a, b, 2)');
  });

  it('EXTRACT', () => {
    validateExpressionIdentity('extract(YEAROFWEEK FROM v)', 'EXTRACT(YEAROFWEEK FROM v)');
    expect(parseExpression('extract(year from t)')).toMatchObject({ kind: 'Extract', field: 'year' });
  });

  it('TIMESTAMPADD / TIMESTAMPDIFF and their spellings', () => {
    validateExpressionIdentity('timestampadd(YEAR, 1, ts)', 'TIMESTAMPADD(YEAR, 1, ts)');
    validateExpressionIdentity('dateadd(microsecond, 1, ts)', 'TIMESTAMPADD(MICROSECOND, 1, ts)');
    validateExpressionIdentity('datediff(day, d1, d2)', 'TIMESTAMPDIFF(DAY, d1, d2)');
    validateExpressionIdentity('timediff(HOUR, a, b)', 'TIMESTAMPDIFF(HOUR, a, b)');
    // two arguments: the ordinary functions
    validateExpressionIdentity('date_add(d, 1)', 'date_add(d, 1)');
    validateExpressionIdentity('datediff(d1, d2)', 'datediff(d1, d2)');
    expect(() => parseExpression("timestampdiff('YEAR', a, b)")).toThrow('[INVALID_SQL_SYNTAX]');
  });
});

describe('stars', () => {
  it('reads qualified stars', () => {
    validateExpressionIdentity('t1.*', 't1.*');
    validateExpressionIdentity('db.t.* EXCEPT (c, d.e)', 'db.t.* EXCEPT (c, d.e)');
    expect(parseExpression('a.b.*')).toEqual({ kind: 'UnresolvedStar', target: ['a', 'b'], except: null });
  });
});
