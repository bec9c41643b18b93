/**
 * The parser's shortcuts past parts of its grammar (a lone operand, a SELECT block or query
 * without trailing clauses) rest on token sets written by hand: these tests check them against
 * the recorded grammar, and the shortcut's results against the full rules'.
 */
import { describe, expect, it } from 'vitest';
import { EOF, Option, Repetition, type LookaheadProductionType, type TokenType } from 'chevrotain';
import { grammarSnapshot, parseDataType, parseExpression, parseSql } from '../../src/parser/parser.js';
import { decisionKey, restoreGrammar } from '../../src/parser/grammar-snapshot.js';
import { allTokens, KW } from '../../src/parser/tokens.js';
import { CALL_CLAUSE_STARTS, CLAUSE_KEYWORDS, NO_ALIAS, OPERAND_GOES_ON, OPERATOR_TOKENS, PREDICATE_STARTS } from '../../src/parser/grammar/expression.js';
import { FROM_TAIL_STARTS, NO_TABLE_ALIAS } from '../../src/parser/grammar/relation.js';
import { TYPE_CLAUSE_STARTS } from '../../src/parser/grammar/data-type.js';
import { ORGANIZATION_STARTS, QUERY_TERM_GOES_ON, SELECT_MODIFIERS, SELECT_TAIL_STARTS } from '../../src/parser/grammar/query.js';
import { STATEMENT_STARTS } from '../../src/parser/grammar/statement.js';
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

/** The token types that can start an OR's alternative. */
function alternativeStarts(rule: string, idx: number, alt: number): Set<TokenType> {
  const paths = restored.lookahead(decisionKey(rule, 'Alternation', idx));
  if (paths === undefined) throw new Error(`no one-token lookahead for ${decisionKey(rule, 'Alternation', idx)}`);
  const out = new Set<TokenType>();
  for (const path of paths[alt]!) {
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

/** `path@offset` for every node of a plan that has a recorded position. */
function positionsIn(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown, path: string): void => {
    if (x === null || typeof x !== 'object') return;
    const at = positionOf(x);
    if (at !== undefined) out.push(`${path}@${at}`);
    for (const [k, v] of Object.entries(x)) walk(v, `${path}.${k}`);
  };
  walk(plan, '');
  return out;
}

describe('parser shortcuts', () => {
  it('skips selectTail and queryOrganization on exactly the tokens that start none of their clauses', () => {
    expect(names(SELECT_TAIL_STARTS)).toEqual(names(optionalStarts('selectTail')));
    expect(names(ORGANIZATION_STARTS)).toEqual(names(optionalStarts('queryOrganization')));
  });

  it('skips the clauses after a call, a type and the first relation of a FROM clause on exactly the tokens that start none', () => {
    expect(names(CALL_CLAUSE_STARTS)).toEqual(
      names(new Set([...starts('functionCall', 'Option', 2), ...starts('functionCall', 'Option', 3), ...starts('functionCall', 'Option', 4), ...alternativeStarts('functionCall', 2, 0)])),
    );
    expect(names(TYPE_CLAUSE_STARTS)).toEqual(
      names(new Set([...starts('dataType', 'Option', 3), ...starts('dataType', 'Option', 4), ...starts('dataType', 'Option', 5)])),
    );
    expect(names(FROM_TAIL_STARTS)).toEqual(
      names(new Set([...starts('fromClause', 'Repetition', 0), ...starts('fromClause', 'Repetition', 1), ...starts('fromClause', 'Repetition', 3)])),
    );
  });

  it('skips SELECT modifiers and aliases only where none can start', () => {
    expect(names(SELECT_MODIFIERS)).toEqual(names(new Set([...starts('selectClause', 'Repetition', 0), ...starts('selectClause', 'Option', 0)])));
    // The alias forms: AS …, (names), a word that is not a clause keyword.
    const aliasStarts = new Set([...alternativeStarts('namedExpression', 0, 0), ...alternativeStarts('namedExpression', 0, 1), ...alternativeStarts('namedExpression', 0, 2)]);
    expect(aliasStarts.has(KW['FROM']!)).toBe(true); // a word: it is no alias because it is a clause keyword
    for (const t of NO_ALIAS) expect(aliasStarts.has(t) && !CLAUSE_KEYWORDS.has(t), t.name).toBe(false);
  });

  it('takes an operand alone only before tokens that do not continue it', () => {
    const postfix = starts('postfix', 'Repetition', 0);
    expect(postfix.size).toBeGreaterThan(3);
    expect(names([...postfix].filter((t) => !OPERAND_GOES_ON.has(t)))).toEqual([]);
  });

  it('ends a simple expression exactly where no rule continues it', () => {
    // After a value: a postfix (within OPERAND_GOES_ON, above), a binary operator, a predicate,
    // AND or OR; any other token ends the expression.
    expect(names(OPERATOR_TOKENS.map(([t]) => t))).toEqual(names(starts('valueExpression', 'Repetition', 0)));
    expect(names(PREDICATE_STARTS)).toEqual(names(starts('notExpression', 'Option', 0)));
    expect(names(starts('booleanExpression', 'Repetition', 0))).toEqual(['AND', 'OR']);
  });

  it('builds a lone operand as the full expression rules build it', () => {
    // Before a binary operator an operand is taken alone too (in `unaryExpression`).
    expect(parseExpression('a + 1 * f(b) - c.d')).toEqual({
      kind: 'BinaryOp',
      op: '-',
      left: {
        kind: 'BinaryOp',
        op: '+',
        left: { kind: 'UnresolvedAttribute', nameParts: ['a'] },
        right: {
          kind: 'BinaryOp',
          op: '*',
          left: { kind: 'Literal', type: 'int', value: '1' },
          right: { kind: 'UnresolvedFunction', name: ['f'], args: [{ kind: 'UnresolvedAttribute', nameParts: ['b'] }], distinct: false, filter: null, ignoreNulls: null, withinGroup: null },
        },
      },
      right: { kind: 'UnresolvedAttribute', nameParts: ['c', 'd'] },
    });
    const operands = ['a', '`b c`', 'key', 'Value', 'null', 'TRUE', 'false', '7', '007', '123456789', '1234567890', '9999999999999999999', '1.5', '2e3', '10L', '3BD', "'s'", "'it''s'", '"dq"', 'r\'\\n\''];
    for (const x of operands) {
      const lone = parseExpression(x);
      // `x + 0` goes through every expression rule; its left operand is `x` as they build it.
      const full = parseExpression(`${x} + 0`);
      expect(full.kind).toBe('BinaryOp');
      expect(lone, x).toEqual((full as { left: unknown }).left);
    }
  });

  it('builds a simple expression as the full expression rules build it, positions included', () => {
    const expressions = [
      't0.c1', 'db.t.c', '`x y`.`a``b`', 'a.from', 't1.c0 = t0.c0', 'a + b * c - d / e', 'a = 1 AND b = 2 OR c.d <> 3 AND e',
      'a || b DIV c % d', "x.y >= 'it''s'", 'a OR b OR c OR d', 'a AND b AND c', 'a << b ^ c & d | e', 'a <=> b', 'a != b', 'a == b',
      'a > b', 'a <= b', 'a < 1.5 AND null', 'true OR a.b', "a - 1 * 'x'", 'and AND or', 'a DIV div',
    ];
    for (const e of expressions) {
      // Before an implicit alias (a word ends no simple expression) the full rules parse it
      // (spaced so that the table is at the same offset).
      const short = parseSql(`SELECT ${e} AS z FROM t`);
      const full = parseSql(`SELECT ${e}    z FROM t`);
      expect(short, e).toEqual(full);
      expect(positionsIn(short), e).toEqual(positionsIn(full));
    }
    expect(positionsIn(parseSql('SELECT a = b.c AS z'))).toEqual(['.projectList.0.child.left@7', '.projectList.0.child.right@11']);
    // Not simple: the full rules take these (and fail where they fail).
    expect(parseSql('SELECT a >> b AS z')).toEqual(parseSql('SELECT a >> b z'));
    expect(() => parseSql('SELECT a + 128Y AS z')).toThrow(/does not fit in range/);
    expect(() => parseSql('SELECT a.b + , c')).toThrow(/Syntax error at or near ','/);
  });

  it('reads a type by name with integer parameters as the full rule does, errors included', () => {
    expect(parseDataType('INT')).toEqual({ kind: 'primitive', name: 'int' });
    expect(parseDataType('long')).toEqual({ kind: 'primitive', name: 'bigint' });
    expect(() => parseDataType('`long`')).toThrow(/Unsupported data type `long`/);
    expect(parseDataType('decimal(10, 2)')).toEqual({ kind: 'decimal', precision: 10, scale: 2 });
    expect(parseDataType('varchar(3)')).toEqual({ kind: 'varchar', length: 3, collation: null });
    expect(parseDataType('timestamp(9)')).toEqual({ kind: 'timestamp', variant: 'timestamp', precision: 9 });
    // What follows or what is inside takes the full rule.
    expect(parseDataType('string COLLATE utf8_lcase')).toEqual({ kind: 'string', collation: 'utf8_lcase' });
    expect(parseDataType('timestamp WITH LOCAL TIME ZONE')).toEqual({ kind: 'timestamp', variant: 'timestamp_ltz', precision: null });
    expect(parseDataType('geometry(ANY)')).toEqual({ kind: 'geometry', srid: 'ANY' });
    expect(() => parseDataType('decimal(1.5, 2)')).toThrow(/Syntax error at or near '1.5'/);
    expect(() => parseDataType('decimal(1.5, )')).toThrow(/Syntax error at or near '1.5'/);
    expect(() => parseDataType('int(5)')).toThrow(/INT takes no parameters/);
    expect(() => parseDataType('decimal(10')).toThrow(/Syntax error at or near end of input/);
  });

  it('records the position of a lone column and keeps its errors', () => {
    const plan = parseSql('SELECT  a, f(b) FROM t') as unknown as { projectList: object[] };
    expect(positionOf(plan.projectList[0]!)).toBe(8);
    expect(() => parseSql('SELECT 128Y, a')).toThrow(/does not fit in range/);
    expect(() => parseSql('SELECT case, a')).toThrow(/Syntax error/);
  });

  it('builds positioned columns and relations as plain objects, with the fields of their literals in order', () => {
    const plan = parseSql('SELECT a, t.b, t.b.c FROM db.t') as unknown as { projectList: object[]; child: object };
    for (const x of [...plan.projectList, plan.child]) {
      expect(Object.getPrototypeOf(x)).toBe(Object.prototype);
      expect(positionOf(x)).toBeTypeOf('number');
    }
    expect(plan.projectList.map((x) => Object.keys(x))).toEqual([['kind', 'nameParts'], ['kind', 'nameParts'], ['kind', 'nameParts']]);
    expect(Object.keys(plan.child)).toEqual(['kind', 'name', 'identifierClause', 'timeTravel', 'options', 'file']);
    expect(plan.projectList.map((x) => positionOf(x))).toEqual([7, 10, 15]);
    expect(positionOf(plan.child)).toBe(26);
  });

  it('takes the query path of a statement, a query and a SELECT block on the tokens the choices take it on', () => {
    const SELECT = KW['SELECT']!;
    // statement: SELECT starts no alternative before the query's, whose gate lets it through.
    expect(alternativeStarts('statement', 0, 0).has(SELECT)).toBe(false);
    expect(alternativeStarts('statement', 0, 1).has(SELECT)).toBe(true);
    expect(STATEMENT_STARTS.has(SELECT)).toBe(false);
    expect(names(starts('singleStatement', 'Repetition', 0))).toEqual(['Semicolon']);
    // query: only WITH starts its CTEs; a term goes on only at a set or pipe operator.
    expect(names(starts('query', 'Option', 0))).toEqual(['WITH']);
    expect(names(QUERY_TERM_GOES_ON)).toEqual(names(starts('queryTerm', 'Repetition', 0)));
    // queryPrimary: the SELECT block is its first alternative; in it, only FROM starts the FROM clause.
    expect(alternativeStarts('queryPrimary', 0, 0).has(SELECT)).toBe(true);
    expect(names(starts('querySpecification', 'Option', 1))).toEqual(['FROM']);
  });

  it('builds queries, calls, casts and arguments through the shortcuts as the full rules do', () => {
    const plan = parseSql('SELECT  a, f(b), cast(c AS int), try_cast(d AS string), g(1, e => 2, x.y, h(z)), q.r FROM t WHERE s');
    const again = parseSql('WITH w AS (SELECT 1) SELECT  a, f(b), cast(c AS int), try_cast(d AS string), g(1, e => 2, x.y, h(z)), q.r FROM t WHERE s') as unknown as { child: unknown };
    expect(again.child).toEqual(plan);
    expect(JSON.stringify(plan)).toContain('"kind":"NamedArgument"');
    const items = (plan as unknown as { projectList: object[] }).projectList;
    expect(items.map((i) => positionOf(i))).toEqual([8, 11, undefined, undefined, 56, 81]);
    expect(parseSql('SELECT 1 UNION SELECT 2;;').kind).toBe('SetOperation');
    expect(parseSql('SELECT TRANSFORM(a) USING "cat" FROM t').kind).toBe('ScriptTransform');
    expect(() => parseSql('SELECT cast(a AS) FROM t')).toThrow(/Syntax error/);
    expect(() => parseSql('SELECT f(a,) FROM t')).toThrow(/Syntax error/);
  });

  it('names a table and skips its alias on the tokens the choices and the alias option take', () => {
    const words = [KW['AS']!, ...allTokens.filter((t) => t.name === 'UnquotedIdentifier' || t.name === 'BackquotedIdentifier')];
    expect(words.length).toBe(3);
    for (const t of words.slice(1)) {
      // identifierReference: only the name alternative; relationPrimary: no alternative before the
      // table function's and the table's.
      expect(alternativeStarts('identifierReference', 0, 0).has(t), t.name).toBe(false);
      expect(alternativeStarts('identifierReference', 0, 1).has(t), t.name).toBe(true);
      for (const alt of [0, 1, 2]) expect(alternativeStarts('relationPrimary', 0, alt).has(t), t.name).toBe(false);
      expect(alternativeStarts('relationPrimary', 0, 4).has(t), t.name).toBe(true);
    }
    // tableAlias: a clause keyword other than AS fails the option's gate; anything else starts no alias.
    const aliasStarts = starts('tableAlias', 'Option', 0);
    for (const t of NO_TABLE_ALIAS) expect(t !== KW['AS'] && (CLAUSE_KEYWORDS.has(t) || !aliasStarts.has(t)), t.name).toBe(true);
    const plan = parseSql('SELECT * FROM t, `u v` w, x AS y, db.z WHERE 1 = 1');
    expect(JSON.stringify(plan)).toBe(
      JSON.stringify(parseSql('SELECT * FROM (t), (`u v` w), (x AS y), (db.z) WHERE 1 = 1')),
    );
    const from = (parseSql('SELECT * FROM  t') as unknown as { child: object }).child;
    expect(positionOf(from)).toBe(15);
  });
});
