/**
 * The parser's shortcuts past parts of its grammar (a lone operand, a SELECT block or query
 * without trailing clauses) rest on token sets written by hand: these tests check them against
 * the recorded grammar, and the shortcut's results against the full rules'.
 */
import { describe, expect, it } from 'vitest';
import { EOF, Option, Repetition, type LookaheadProductionType, type TokenType } from 'chevrotain';
import { grammarSnapshot, parseExpression, parseSql } from '../../src/parser/parser.js';
import { decisionKey, restoreGrammar } from '../../src/parser/grammar-snapshot.js';
import { allTokens } from '../../src/parser/tokens.js';
import { OPERAND_ENDS } from '../../src/parser/grammar/expression.js';
import { ORGANIZATION_STARTS, SELECT_TAIL_STARTS } from '../../src/parser/grammar/query.js';
import { positionOf } from '../../src/parser/positions.js';

const restored = restoreGrammar(grammarSnapshot(), Object.fromEntries([EOF, ...allTokens].map((t) => [t.name, t])));
const byIndex = new Map([EOF, ...allTokens].map((t) => [t.tokenTypeIdx!, t]));

/** The token types that can start one of a rule's decisions, categories expanded to their members. */
function starts(rule: string, prodType: LookaheadProductionType, idx: number): Set<TokenType> {
  const paths = restored.lookahead(decisionKey(rule, prodType, idx));
  if (paths === undefined) throw new Error(`no one-token lookahead for ${decisionKey(rule, prodType, idx)}`);
  const out = new Set<TokenType>();
  for (const path of paths[0]!) {
    const t = path[0]!;
    out.add(t);
    for (const i of (t as { categoryMatches?: number[] }).categoryMatches ?? []) out.add(byIndex.get(i)!);
  }
  return out;
}

/** The starts of all optional clauses (OPTION, MANY) at the top of a rule's body. */
function optionalStarts(rule: string): Set<TokenType> {
  const out = new Set<TokenType>();
  for (const p of restored.rules[rule]!.definition) {
    if (p instanceof Option) starts(rule, 'Option', p.idx).forEach((t) => out.add(t));
    else if (p instanceof Repetition) starts(rule, 'Repetition', p.idx).forEach((t) => out.add(t));
    else throw new Error(`${rule} has a clause that is not optional`);
  }
  return out;
}

const names = (ts: Iterable<TokenType>): string[] => [...ts].map((t) => t.name).sort();

describe('parser shortcuts', () => {
  it('skips selectTail and queryOrganization on exactly the tokens that start none of their clauses', () => {
    expect(names(SELECT_TAIL_STARTS)).toEqual(names(optionalStarts('selectTail')));
    expect(names(ORGANIZATION_STARTS)).toEqual(names(optionalStarts('queryOrganization')));
  });

  it('ends a lone operand only at tokens that continue no expression', () => {
    const continuations = new Set([
      ...starts('postfix', 'Repetition', 0),
      ...starts('valueExpression', 'Repetition', 0),
      ...starts('notExpression', 'Option', 0),
      ...starts('booleanExpression', 'Repetition', 0),
    ]);
    expect(continuations.size).toBeGreaterThan(20);
    expect(names([...OPERAND_ENDS].filter((t) => continuations.has(t)))).toEqual([]);
  });

  it('builds a lone operand as the full expression rules build it', () => {
    const operands = ['a', '`b c`', 'key', 'Value', 'null', 'TRUE', 'false', '7', '007', '123456789', '1234567890', '9999999999999999999', '1.5', '2e3', '10L', '3BD', "'s'", "'it''s'", '"dq"', 'r\'\\n\''];
    for (const x of operands) {
      const lone = parseExpression(x);
      // `x + 0` goes through every expression rule; its left operand is `x` as they build it.
      const full = parseExpression(`${x} + 0`);
      expect(full.kind).toBe('BinaryOp');
      expect(lone, x).toEqual((full as { left: unknown }).left);
    }
  });

  it('records the position of a lone column and keeps its errors', () => {
    const plan = parseSql('SELECT  a, f(b) FROM t') as unknown as { projectList: object[] };
    expect(positionOf(plan.projectList[0]!)).toBe(8);
    expect(() => parseSql('SELECT 128Y, a')).toThrow(/does not fit in range/);
    expect(() => parseSql('SELECT case, a')).toThrow(/Syntax error/);
  });
});
