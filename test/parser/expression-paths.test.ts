import { describe, expect, it } from 'vitest';
import { parseExpression, parseSql } from '../../src/parser/index.js';
import { printPlan } from '../../src/plan/print/index.js';
import { validateExpressionIdentity, validateIdentity } from '../helpers/sql.js';

describe('semi-structured extraction', () => {
  it('reads a path after a colon as Spark JSON path text', () => {
    expect(parseExpression('v:a.b[0]')).toEqual({
      kind: 'SemiStructuredExtract',
      child: { kind: 'UnresolvedAttribute', nameParts: ['v'] },
      path: '$.a.b[0]',
    });
    expect(parseExpression("v:['a b']")).toMatchObject({ path: "$['a b']" });
  });

  it('binds like a postfix operator', () => {
    validateExpressionIdentity('v:a::string', 'CAST(v:a AS STRING)');
    validateExpressionIdentity('(v:a)::double::string', 'CAST(CAST(v:a AS DOUBLE) AS STRING)');
    validateExpressionIdentity('item:list[0].model', 'item:list[0].model');
    validateExpressionIdentity('NULL:a', 'NULL:a');
    // a subscript that is no path step stays a subscript
    expect(parseExpression('v:a[i + 1]')).toMatchObject({ kind: 'Subscript', child: { kind: 'SemiStructuredExtract', path: '$.a' } });
  });

  it('leaves named parameters alone', () => {
    validateExpressionIdentity(':p + 1', ':p + 1');
  });
});

describe('lambdas', () => {
  it('take keyword-named parameters', () => {
    validateExpressionIdentity('transform(ys, (all, i) -> all + i)', 'transform(ys, (`all`, i) -> `all` + i)');
    validateExpressionIdentity('zip_with(a, b, (x, y) -> coalesce(x, y))', 'zip_with(a, b, (x, y) -> coalesce(x, y))');
    validateExpressionIdentity('aggregate(ys, (0 AS s, 0 AS n), (acc, x) -> (acc.s + x, acc.n + 1), acc -> acc.s / acc.n)');
  });
});

describe('WINDOW clause', () => {
  it('prints a SELECT block with named windows', () => {
    const sql = 'SELECT first(y) OVER w FROM t WINDOW w AS (ORDER BY id)';
    validateIdentity(sql);
    expect(printPlan(parseSql(sql))).toContain('WINDOW w AS');
  });
});
