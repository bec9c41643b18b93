/** Corpus-found regressions, one line each. */
import { describe, expect, it } from 'vitest';
import { parseSql } from '../../src/parser/index.js';
import { validateIdentity } from '../helpers/sql.js';

describe('regressions', () => {
  it('reads CASE followed by a string as a simple CASE, not a typed literal', () => {
    const p = validateIdentity("SELECT CASE 'a' WHEN 'a' THEN 1 ELSE 2 END");
    expect(JSON.stringify(p)).toContain('"kind":"Case"');
  });

  it('reads VALUES(map(…)) as a function call, not a MAP transform query', () => {
    validateIdentity("SELECT col1.field, field FROM VALUES(map('field', 1))");
  });

  it('prints nested grouping analytics without extra parentheses', () => {
    validateIdentity('SELECT a, b, count(1) FROM t GROUP BY a, GROUPING SETS(GROUPING SETS((a, b), (a), ()))');
    validateIdentity('SELECT a, b, count(1) FROM t GROUP BY a, GROUPING SETS(ROLLUP(a, b))');
    validateIdentity('SELECT a FROM t GROUP BY GROUPING SETS((a), (a, b), ())');
  });

  it('keeps a one-element parenthesised grouping set a set', () => {
    expect(parseSql('SELECT a FROM t GROUP BY GROUPING SETS((a))')).toEqual(parseSql('SELECT a FROM t GROUP BY GROUPING SETS(a)'));
  });
});
