/**
 * AND / OR chains are balanced trees, as Spark's AstBuilder builds them (visitLogicalBinary), and
 * print back to the same tree whatever their shape; long generated chains stay shallow.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExpression, printExpression, type Expression } from '../../src/index.js';
import { validateExpressionIdentity } from '../helpers/sql.js';

const shape = (e: Expression): string =>
  e.kind === 'BinaryOp' && (e.op === 'AND' || e.op === 'OR') ? `(${shape(e.left)} ${e.op} ${shape(e.right)})` : e.kind === 'UnresolvedAttribute' ? e.nameParts.join('.') : '?';

describe('AND / OR chains', () => {
  it('build the balanced tree Spark builds', () => {
    expect(shape(parseExpression('a OR b OR c'))).toBe('((a OR b) OR c)');
    expect(shape(parseExpression('a OR b OR c OR d'))).toBe('((a OR b) OR (c OR d))');
    expect(shape(parseExpression('a OR b OR c OR d OR e'))).toBe('(((a OR b) OR c) OR (d OR e))');
    expect(shape(parseExpression('a AND b OR c AND d AND e AND f OR g'))).toBe('(((a AND b) OR ((c AND d) AND (e AND f))) OR g)');
    // Parentheses end a chain.
    expect(shape(parseExpression('(a OR b OR c) OR d'))).toBe('(((a OR b) OR c) OR d)');
  });

  it('print back to the same tree, balanced or not', () => {
    validateExpressionIdentity('a OR b OR c OR d OR e', 'a OR b OR c OR d OR e');
    validateExpressionIdentity('(a OR b OR c) OR d', '(a OR b OR c) OR d');
    validateExpressionIdentity('a OR (b OR c OR d OR e)', 'a OR (b OR c OR d OR e)');
    validateExpressionIdentity('(a AND b) OR (c AND d) AND e', 'a AND b OR c AND d AND e');
    const leaf = fc.constantFrom('a', 'b', 'c', 'x = 1', 'NOT d');
    const tree: fc.Arbitrary<string> = fc.letrec<{ t: string }>((tie) => ({
      t: fc.oneof({ depthSize: 'small' }, leaf, fc.tuple(tie('t'), fc.constantFrom('AND', 'OR'), tie('t')).map(([l, op, r]) => `(${l}) ${op} (${r})`)),
    })).t;
    fc.assert(
      fc.property(tree, (sql) => {
        const e = parseExpression(sql);
        expect(parseExpression(printExpression(e))).toEqual(e);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('keeps a chain of 50,000 conditions shallow', () => {
    const e = parseExpression(Array.from({ length: 50_000 }, (_, i) => `a = ${i}`).join(' OR '));
    let depth = 0;
    for (let x: Expression = e; x.kind === 'BinaryOp' && x.op === 'OR'; x = x.left) depth++;
    expect(depth).toBeLessThanOrEqual(17);
    expect(printExpression(e).split(' OR ')).toHaveLength(50_000);
  });
});
