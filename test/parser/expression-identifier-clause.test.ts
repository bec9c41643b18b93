import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/parser/index.js';
import { validateExpressionIdentity } from '../helpers/sql.js';

describe('IDENTIFIER clause', () => {
  it('names a column', () => {
    expect(parseExpression("IDENTIFIER('a')")).toEqual({ kind: 'IdentifierClause', expr: { kind: 'Literal', type: 'string', value: 'a' } });
    validateExpressionIdentity("IDENTIFIER(c || '_1')", "IDENTIFIER(c || '_1')");
    validateExpressionIdentity("IDENTIFIER('s').f", "IDENTIFIER('s').f");
  });

  it('names a function', () => {
    const e = parseExpression("IDENTIFIER('coal' || 'esce')(NULL, 1)");
    expect(e).toMatchObject({ kind: 'UnresolvedFunction', name: [], nameClause: { kind: 'BinaryOp', op: '||' } });
    validateExpressionIdentity("IDENTIFIER('coal' || 'esce')(NULL, 1)");
  });

  it('is an ordinary function named identifier otherwise', () => {
    expect(parseExpression('identifier(1, 2)')).toMatchObject({ kind: 'UnresolvedFunction', name: ['identifier'] });
    expect(parseExpression('identifier(a) OVER w')).toMatchObject({ kind: 'WindowExpression' });
    expect(parseExpression('identifier')).toEqual({ kind: 'UnresolvedAttribute', nameParts: ['identifier'] });
  });
});

describe('a function named identifier', () => {
  it('keeps its backquotes when printed', () => {
    validateExpressionIdentity("`IDENTIFIER`('abs')", "`IDENTIFIER`('abs')");
    expect(parseExpression("`IDENTIFIER`('abs')")).toMatchObject({ kind: 'UnresolvedFunction', name: ['IDENTIFIER'] });
  });
});
