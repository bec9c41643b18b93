/**
 * Expressions, with Spark's precedence (lowest first):
 *   OR < AND < NOT < predicates (IS, BETWEEN, IN, LIKE, RLIKE) < comparison (= == <> != < <= > >= <=>)
 *   < | < ^ < & < shifts (<< >> >>>) < + - || < * / % DIV < unary - + ~ < postfix ([i], .f, ::t, COLLATE)
 * Binary operators of `valueExpression` are read as a flat list and folded by precedence
 * climbing (all of them are left-associative in Spark).
 */
import { columnNode, recordPosition } from '../positions.js';
import { nameList, nameList2 } from '../name-lists.js';
import { EOF, type IToken, type TokenType } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { OrArg, Rule } from '../dsl.js';
import * as T from '../tokens.js';
import { SqlParseError } from '../errors.js';
import type { BinaryOperator, Expression, Literal, SortOrder } from '../../plan/expression.js';
import type { Plan } from '../../plan/logical.js';
import { checkReserved, identifierText } from './names.js';
import { decodeStringLiteral, isValidDateText, isValidTimeText, isValidTimestampText, numberLiteral } from './literals.js';
import { isIntervalLiteralAhead } from './interval.js';
import { isSpecialFunctionAhead } from './special-functions.js';

declare module '../rules.js' {
  interface Rules {
    expression: Rule<Expression>;
    namedExpression: Rule<Expression>;
    booleanExpression: Rule<Expression>;
    notExpression: Rule<Expression>;
    valueExpression: Rule<Expression>;
    unaryExpression: Rule<Expression>;
    primaryExpression: Rule<Expression>;
    constant: Rule<Expression>;
    stringConstant: Rule<string>;
    parenthesized: Rule<Expression>;
    columnOrFunction: Rule<Expression>;
    functionArguments: Rule<{ args: Expression[]; distinct: boolean }>;
    functionArgument: Rule<Expression>;
    caseExpression: Rule<Expression>;
    castExpression: Rule<Expression>;
    sortItem: Rule<SortOrder>;
  }
}

const K = T.keyword;

/** Binary operators of valueExpression with their precedence (higher binds tighter). */
const BINARY_PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  OR: 0,
  AND: 0,
  '=': 1,
  '<=>': 1,
  '<>': 1,
  '<': 1,
  '<=': 1,
  '>': 1,
  '>=': 1,
  '|': 2,
  '^': 3,
  '&': 4,
  '<<': 5,
  '>>': 5,
  '>>>': 5,
  '+': 6,
  '-': 6,
  '||': 6,
  '*': 7,
  '/': 7,
  '%': 7,
  DIV: 7,
};

/** Folds `operands[0] ops[0] operands[1] …` by precedence climbing (all left-associative). */
export function foldWith(operands: Expression[], ops: BinaryOperator[]): Expression {
  let i = 0; // next operand index
  const climb = (minPrec: number): Expression => {
    let left = operands[i++]!;
    while (i - 1 < ops.length && BINARY_PRECEDENCE[ops[i - 1]!] >= minPrec) {
      const op = ops[i - 1]!;
      const right = climb(BINARY_PRECEDENCE[op] + 1);
      left = { kind: 'BinaryOp', op, left, right };
    }
    return left;
  };
  return climb(0);
}

/** Keywords that end an implicit alias position: they start the next clause. */
export const CLAUSE_KEYWORDS: ReadonlySet<TokenType> = new Set(
  [
    'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'SORT', 'CLUSTER', 'DISTRIBUTE', 'LIMIT', 'OFFSET',
    'WINDOW', 'QUALIFY', 'UNION', 'EXCEPT', 'SETMINUS', 'INTERSECT', 'LATERAL', 'INTO', 'ON', 'USING',
    'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'SEMI', 'ANTI', 'PIVOT', 'UNPIVOT',
    'TABLESAMPLE', 'AS', 'FOR', 'VERSION', 'TIMESTAMP', 'OVER', 'FILTER', 'WITHIN', 'IGNORE', 'RESPECT',
    'SELECT', 'VALUES', 'WITH', 'MAP', 'REDUCE',
  ].map(K),
);

/**
 * The FOR statements of a SQL script whose query is being read (grammar/scripting.ts): there `DO`
 * ends the query (`FOR r AS SELECT a FROM t DO …`) instead of being an implicit alias.
 */
export const scriptForQuery = { depth: 0 };

/**
 * Whether a word ends an expression or relation instead of being its implicit alias; `next` is the
 * token after it (`APPROX NEAREST` starts a join's NEAREST BY clause).
 */
const DO = K('DO');
const APPROX = K('APPROX');
const EXACT = K('EXACT');
const NEAREST = K('NEAREST');
export function isClauseKeyword(t: TokenType, next?: TokenType): boolean {
  return (
    CLAUSE_KEYWORDS.has(t) ||
    (scriptForQuery.depth > 0 && t === DO) ||
    ((t === APPROX || t === EXACT) && next === NEAREST)
  );
}

export function defineExpressionRules($: Grammar): void {
  const enter = (): void => {
    if (++$.depth > $.options.maxDepth) {
      throw new SqlParseError('NESTING_TOO_DEEP', `Expression nesting is deeper than ${$.options.maxDepth}`, $.text, $.LA(1).startOffset);
    }
  };
  const leave = (): void => {
    $.depth--;
  };

  defineRule($, 'expression', () => {
    if ($.shortcuts) {
      const simple = simpleExpression($);
      if (simple !== undefined) return simple;
    }
    $.ACTION(enter);
    const e = $.SUBRULE($.booleanExpression);
    $.ACTION(leave);
    return e;
  });

  // The alternatives give the alias (names for a multi-alias, a name, or none), so that they
  // use no per-call state and are built once (see OrArg).
  let aliasAlts: OrArg<string[] | string | null> | undefined;
  defineRule($, 'namedExpression', () => {
    const e = $.SUBRULE($.expression);
    if ($.shortcuts) {
      // Most items have no alias: one test instead of the choice below.
      const next = $.LA(1).tokenType;
      if (NO_ALIAS.has(next)) return e;
      // `AS name` and a name that is no clause keyword, as the choice below reads them.
      const at = next === AS ? 2 : isIdentToken(next) && !isClauseKeyword(next, $.LA(2).tokenType) ? 1 : 0;
      if (at > 0 && isIdentToken($.LA(at).tokenType)) {
        const name = $.LA(at);
        $.currIdx += at;
        checkReserved($, name);
        return { kind: 'Alias', child: e, name: identifierText(name) };
      }
    }
    const alias = $.OR(aliasAlts ??= [
      {
        ALT: () => {
          $.CONSUME(K('AS'));
          return $.OR1<string[] | string>([{ ALT: () => $.SUBRULE($.identifierList) }, { ALT: () => $.SUBRULE($.identifier) }]);
        },
      },
      {
        GATE: () => $.LA(1).tokenType === T.LParen && $.LA(2).tokenType !== T.RParen,
        ALT: () => $.SUBRULE1($.identifierList),
      },
      {
        GATE: () => !isClauseKeyword($.LA(1).tokenType, $.LA(2).tokenType),
        ALT: () => $.SUBRULE1($.identifier),
      },
      { ALT: () => null },
    ]);
    return $.ACTION((): Expression =>
      alias === null ? e : typeof alias === 'string' ? { kind: 'Alias', child: e, name: alias } : { kind: 'MultiAlias', child: e, names: alias },
    );
  });

  // `a OR b AND c`: one loop over the operands (one rule level less per operand than a rule
  // per precedence level); AND binds tighter than OR. A chain of one operator becomes a balanced
  // tree, as Spark's AstBuilder builds it (visitLogicalBinary): `a OR b OR c OR d` is
  // `(a OR b) OR (c OR d)`, so long generated chains stay shallow.
  let booleanOperatorAlts: OrArg<'AND' | 'OR'> | undefined; // built once: see OrArg
  defineRule($, 'booleanExpression', () => {
    const ors: Expression[] = []; // the OR operands so far
    let ands: Expression[] = [$.SUBRULE($.notExpression)]; // the AND operands of the current OR operand
    $.MANY(() => {
      const op = $.OR(booleanOperatorAlts ??= [
        { ALT: () => ($.CONSUME(K('AND')), 'AND' as const) },
        { ALT: () => ($.CONSUME(K('OR')), 'OR' as const) },
      ]);
      const right = $.SUBRULE1($.notExpression);
      $.ACTION(() => {
        if (op === 'AND') ands.push(right);
        else {
          ors.push(balancedChain('AND', ands));
          ands = [right];
        }
      });
    });
    return $.ACTION(() => {
      ors.push(balancedChain('AND', ands));
      return balancedChain('OR', ors);
    });
  });

  let notAlts: OrArg<Expression> | undefined; // built once: see OrArg
  defineRule($, 'notExpression', () =>
    $.OR(notAlts ??= [
      {
        ALT: () => {
          $.OR1([{ ALT: () => $.CONSUME(K('NOT')) }, { ALT: () => $.CONSUME(T.Bang) }]);
          $.ACTION(enter);
          const child = $.SUBRULE($.notExpression);
          $.ACTION(leave);
          return { kind: 'UnaryOp', op: 'NOT', child } as Expression;
        },
      },
      {
        GATE: () => $.LA(2).tokenType === T.LParen && isQueryStart($, 3),
        ALT: () => {
          $.CONSUME(K('EXISTS'));
          $.CONSUME1(T.LParen);
          const query = $.SUBRULE($.query);
          $.CONSUME1(T.RParen);
          return { kind: 'Exists', query } as Expression;
        },
      },
      {
        // A value with its predicate, if any (Spark's `predicated`).
        ALT: () => {
          const value = $.SUBRULE($.valueExpression);
          let result = value;
          $.OPTION(() => {
            result = $.SUBRULE($.predicate, { ARGS: [value] });
          });
          return result;
        },
      },
    ]),
  );

  defineRule($, 'valueExpression', () => {
    const operands: Expression[] = [];
    const ops: BinaryOperator[] = [];
    operands.push($.SUBRULE($.unaryExpression));
    $.MANY(() => {
      const op = $.SUBRULE($.binaryOperator);
      ops.push(op);
      operands.push($.SUBRULE1($.unaryExpression));
    });
    return $.ACTION(() => (ops.length === 0 ? operands[0]! : foldWith(operands, ops)));
  });

  let binaryOperatorAlts: OrArg<BinaryOperator> | undefined; // built once: see OrArg
  defineRule($, 'binaryOperator', (): BinaryOperator =>
    $.OR(binaryOperatorAlts ??= [
      { ALT: () => ($.CONSUME(T.Eq), '=' as const) },
      { ALT: () => ($.CONSUME(T.NullSafeEq), '<=>' as const) },
      { ALT: () => ($.CONSUME(T.Neq), '<>' as const) },
      { ALT: () => ($.CONSUME(T.NeqJ), '<>' as const) },
      { ALT: () => ($.CONSUME(T.Lte), '<=' as const) },
      { ALT: () => ($.CONSUME(T.Gte), '>=' as const) },
      { ALT: () => ($.CONSUME(T.Lt), '<' as const) },
      {
        // `>>>` and `>>` are adjacent `>` tokens (so `array<array<int>>` lexes).
        GATE: () => adjacent($.LA(1), $.LA(2), T.Gt) && adjacent($.LA(2), $.LA(3), T.Gt),
        ALT: () => {
          $.CONSUME1(T.Gt);
          $.CONSUME2(T.Gt);
          $.CONSUME3(T.Gt);
          return '>>>' as const;
        },
      },
      {
        GATE: () => adjacent($.LA(1), $.LA(2), T.Gt),
        ALT: () => {
          $.CONSUME4(T.Gt);
          $.CONSUME5(T.Gt);
          return '>>' as const;
        },
      },
      { ALT: () => ($.CONSUME(T.Gt), '>' as const) },
      { ALT: () => ($.CONSUME(T.Pipe), '|' as const) },
      { ALT: () => ($.CONSUME(T.Hat), '^' as const) },
      { ALT: () => ($.CONSUME(T.Ampersand), '&' as const) },
      { ALT: () => ($.CONSUME(T.ShiftLeft), '<<' as const) },
      { ALT: () => ($.CONSUME(T.Plus), '+' as const) },
      { ALT: () => ($.CONSUME(T.Minus), '-' as const) },
      { ALT: () => ($.CONSUME(T.ConcatPipe), '||' as const) },
      { ALT: () => ($.CONSUME(T.Asterisk), '*' as const) },
      { ALT: () => ($.CONSUME(T.Slash), '/' as const) },
      { ALT: () => ($.CONSUME(T.Percent), '%' as const) },
      { ALT: () => ($.CONSUME(K('DIV')), 'DIV' as const) },
    ]),
  );

  let unaryAlts: OrArg<Expression> | undefined; // built once: see OrArg
  defineRule($, 'unaryExpression', (): Expression =>
    ($.shortcuts && !OPERAND_GOES_ON.has($.LA(2).tokenType) && operand($)) ||
    $.OR(unaryAlts ??= [
      {
        // `-1` is a negative literal in Spark's grammar (`number: MINUS? INTEGER_VALUE`), not a negation.
        GATE: () => $.LA(2).tokenType === T.NumberLiteral,
        ALT: () => {
          $.CONSUME(T.Minus);
          const n = $.CONSUME(T.NumberLiteral);
          const lit = $.ACTION(() => numberLiteral($, n, true));
          return $.SUBRULE($.postfix, { ARGS: [lit] });
        },
      },
      {
        ALT: () => {
          const op = $.OR1([
            { ALT: () => ($.CONSUME1(T.Minus), '-' as const) },
            { ALT: () => ($.CONSUME(T.Plus), '+' as const) },
            { ALT: () => ($.CONSUME(T.Tilde), '~' as const) },
          ]);
          $.ACTION(enter);
          const child = $.SUBRULE($.unaryExpression);
          $.ACTION(leave);
          return { kind: 'UnaryOp', op, child } as Expression;
        },
      },
      {
        ALT: () => {
          const start = $.LA(1).startOffset;
          return $.SUBRULE1($.postfix, { ARGS: [$.SUBRULE($.primaryExpression), start] });
        },
      },
    ]),
  );

  /** `start`: where `base` starts, for the position of a column that `.name` parts make longer. */
  defineRule($, 'postfix', (base: Expression, start?: number): Expression => {
    let result = base;
    $.MANY(() => {
      $.OR([
        {
          ALT: () => {
            $.CONSUME(T.LBracket);
            const index = $.SUBRULE($.valueExpression);
            $.CONSUME(T.RBracket);
            $.ACTION(() => {
              result = { kind: 'Subscript', child: result, index };
            });
          },
        },
        {
          GATE: () => $.LA(2).tokenType !== T.Asterisk,
          ALT: () => {
            $.CONSUME(T.Dot);
            const field = $.SUBRULE($.identifier);
            $.ACTION(() => {
              if (result.kind === 'UnresolvedAttribute') {
                // Only the column that stays gets a position (see columnOrFunction).
                result = columnNode([...result.nameParts, field], $.LA(1).tokenType !== T.Dot ? start : undefined);
              } else result = { kind: 'FieldAccess', child: result, field };
            });
          },
        },
        {
          ALT: () => {
            $.CONSUME(T.DoubleColon);
            const type = $.SUBRULE($.dataType);
            $.ACTION(() => {
              result = { kind: 'Cast', child: result, type, mode: 'cast' };
            });
          },
        },
        {
          // `v:a.b[0]`: a path into a semi-structured (variant/JSON) value, kept as Spark's
          // JSON path text (`$.a.b[0]`): the tokens as written, without spaces (ctx.path.getText).
          ALT: () => {
            $.CONSUME(T.Colon);
            let text = '';
            const first = $.OR1([
              { ALT: () => $.CONSUME(T.Ident) },
              { ALT: () => $.SUBRULE($.jsonPathBracket) },
            ]);
            $.ACTION(() => {
              text += first.image;
            });
            $.MANY1({
              GATE: () => ($.LA(1).tokenType === T.Dot && isIdentToken($.LA(2).tokenType)) || isJsonPathBracket($),
              DEF: () => {
              $.OR2([
                {
                  ALT: () => {
                    $.CONSUME1(T.Dot);
                    const id = $.CONSUME1(T.Ident);
                    $.ACTION(() => {
                      text += '.' + id.image;
                    });
                  },
                },
                {
                  GATE: () => isJsonPathBracket($),
                  ALT: () => {
                    const b = $.SUBRULE1($.jsonPathBracket);
                    $.ACTION(() => {
                      text += b.image;
                    });
                  },
                },
              ]);
              },
            });
            $.ACTION(() => {
              const path = text.startsWith('[') ? '$' + text : '$.' + text;
              result = { kind: 'SemiStructuredExtract', child: result, path };
            });
          },
        },
        {
          ALT: () => {
            $.CONSUME(K('COLLATE'));
            const collation = $.SUBRULE($.multipartIdentifier);
            $.ACTION(() => {
              result = { kind: 'Collate', child: result, collation };
            });
          },
        },
      ]);
    });
    return result;
  });

  /** `[ 'key' ]`, `[ 0 ]`, `[ name ]` of a semi-structured path; `image` is the text without spaces. */
  defineRule($, 'jsonPathBracket', () => {
    $.CONSUME(T.LBracket);
    const inner = $.OR([
      { ALT: () => $.CONSUME(T.StringLiteral) },
      { ALT: () => $.CONSUME(T.NumberLiteral) },
      { ALT: () => $.CONSUME(T.Ident) },
    ]);
    $.CONSUME(T.RBracket);
    return $.ACTION(() => ({ image: `[${inner.image}]` }));
  });

  let primaryAlts: OrArg<Expression> | undefined; // built once: see OrArg
  defineRule($, 'primaryExpression', (): Expression =>
    // `CAST(` / `TRY_CAST(`: the choice below would try four gates before taking castExpression.
    $.shortcuts && (($.LA(1).tokenType === CAST || $.LA(1).tokenType === TRY_CAST) && $.LA(2).tokenType === T.LParen) ? $.SUBRULE($.castExpression) :
    $.OR(primaryAlts ??= {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => !isIdentToken($.LA(1).tokenType) || isLiteralKeyword($.LA(1).tokenType),
          ALT: () => $.SUBRULE($.constant),
        },
      {
        GATE: () => isIntervalLiteralAhead($, 1),
        ALT: () => $.SUBRULE($.intervalLiteral),
      },
      {
        // A typed literal: DATE '…', TIMESTAMP '…', X'…', or any word followed by a string.
        GATE: () => isStringToken($.LA(2).tokenType) && $.LA(1).tokenType !== INTERVAL && $.LA(1).tokenType !== CASE,
        ALT: () => {
          const typeTok = $.CONSUME(T.Ident);
          const text = $.SUBRULE($.stringConstant);
          return $.ACTION(() => typedLiteral($, typeTok, text));
        },
      },
        { GATE: () => isSpecialFunctionAhead($), ALT: () => $.SUBRULE($.specialFunction) },
        {
          GATE: () => $.LA(2).tokenType === T.LParen,
          ALT: () => $.SUBRULE($.castExpression),
        },
        { GATE: () => $.LA(1).tokenType === CASE, ALT: () => $.SUBRULE($.caseExpression) },
        { ALT: () => $.SUBRULE($.parenthesized) },
        {
          ALT: () => {
            $.CONSUME(T.Asterisk);
            return $.SUBRULE($.starExcept, { ARGS: [null] });
          },
        },
        {
          ALT: () => {
            $.CONSUME(T.Question);
            return $.ACTION(() => ({ kind: 'Parameter', name: null, position: $.positional++ }) as Expression);
          },
        },
        {
          GATE: () => $.LA(2).tokenType !== T.Colon || adjacent($.LA(1), $.LA(2), T.Colon),
          ALT: () => {
            $.CONSUME(T.Colon);
            const name = $.SUBRULE($.identifier);
            return { kind: 'Parameter', name, position: null } as Expression;
          },
        },
        { GATE: () => isIdentifierClauseAhead($), ALT: () => $.SUBRULE($.identifierClause) },
        { ALT: () => $.SUBRULE($.columnOrFunction) },
      ],
    }),
  );

  let constantAlts: OrArg<Expression> | undefined; // built once: see OrArg
  defineRule($, 'constant', (): Expression =>
    $.OR(constantAlts ??= [
      { ALT: () => ($.CONSUME(K('NULL')), { kind: 'Literal', type: 'null', value: null } as Literal) },
      { ALT: () => ($.CONSUME(K('TRUE')), { kind: 'Literal', type: 'boolean', value: true } as Literal) },
      { ALT: () => ($.CONSUME(K('FALSE')), { kind: 'Literal', type: 'boolean', value: false } as Literal) },
      {
        ALT: () => {
          const n = $.CONSUME(T.NumberLiteral);
          return $.ACTION(() => numberLiteral($, n, false));
        },
      },
      {
        ALT: () => {
          const value = $.SUBRULE($.stringConstant);
          return { kind: 'Literal', type: 'string', value } as Literal;
        },
      },
    ]),
  );

  defineRule($, 'stringConstant', () => {
    let value = '';
    $.AT_LEAST_ONE(() => {
      const t = $.OR([
        { ALT: () => $.CONSUME(T.StringLiteral) },
        { ALT: () => $.CONSUME(T.DoubleQuotedString) },
        { ALT: () => $.CONSUME(T.DollarQuotedString) },
      ]);
      $.ACTION(() => {
        value += decodeStringLiteral($, t);
      });
    });
    return value;
  });

  /** `(query)`, `(a, b)`, `(expr)` or a lambda `(x, y) -> body`. */
  let parenthesizedAlts: OrArg<Expression> | undefined; // built once: see OrArg
  defineRule($, 'parenthesized', (): Expression =>
    $.OR(parenthesizedAlts ??= [
      {
        GATE: () => isQueryStart($, 2),
        ALT: () => {
          $.CONSUME(T.LParen);
          $.ACTION(enter);
          const query: Plan = $.SUBRULE($.query);
          $.ACTION(leave);
          $.CONSUME(T.RParen);
          return { kind: 'ScalarSubquery', query } as Expression;
        },
      },
      {
        GATE: () => isLambdaParams($),
        ALT: () => {
          const params = $.SUBRULE($.identifierList);
          $.CONSUME(T.Arrow);
          const body = $.SUBRULE($.expression);
          return { kind: 'LambdaFunction', params, body } as Expression;
        },
      },
      {
        ALT: () => {
          $.CONSUME1(T.LParen);
          const items: Expression[] = [];
          $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => items.push($.SUBRULE($.namedExpression)) });
          $.CONSUME1(T.RParen);
          return $.ACTION(() => (items.length === 1 && items[0]!.kind !== 'Alias' ? items[0]! : ({ kind: 'Row', items } as Expression)));
        },
      },
    ]),
  );

  defineRule($, 'starExcept', (target: readonly string[] | null): Expression => {
    let except: string[][] | null = null;
    $.OPTION({
      GATE: () => $.LA(2).tokenType === T.LParen,
      DEF: () => {
        $.CONSUME(K('EXCEPT'));
        $.CONSUME(T.LParen);
        except = [];
        $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => except!.push($.SUBRULE($.multipartIdentifier)) });
        $.CONSUME(T.RParen);
      },
    });
    return { kind: 'UnresolvedStar', target, except };
  });

  /**
   * `IDENTIFIER(expr)`: a column named by a constant expression, or, followed by arguments, a
   * function named by one (`IDENTIFIER('coal' || 'esce')(a, b)`).
   */
  defineRule($, 'identifierClause', (): Expression => {
    $.CONSUME(K('IDENTIFIER_KW'));
    const open = $.CONSUME(T.LParen);
    const expr = $.SUBRULE($.expression);
    $.CONSUME(T.RParen);
    $.ACTION(() => {
      // Spark reads a literal name while parsing: it must be a (qualified) identifier.
      if (expr.kind === 'Literal' && expr.type === 'string' && !isMultipartName(String(expr.value))) {
        throw new SqlParseError('INVALID_IDENTIFIER', `IDENTIFIER('${String(expr.value)}') does not name an identifier`, $.text, open.endOffset! + 1);
      }
    });
    return $.OR([
      { ALT: () => $.SUBRULE($.functionCall, { ARGS: [[], expr] }) },
      { ALT: () => ({ kind: 'IdentifierClause', expr }) as Expression },
    ]);
  });

  /** A column reference `a.b.c`, a qualified star `t.*`, a lambda `x -> …` or a function call. */
  defineRule($, 'columnOrFunction', (): Expression => {
    const first = $.CONSUME(T.Ident);
    const parts: string[] = [];
    $.ACTION(() => parts.push(identifierText(first)));
    if ($.shortcuts) {
      // A one-part call or column: what the choice below takes for a next token that is `(`, or
      // none of `(`, `.` and `->`, without the choice.
      const next = $.LA(1).tokenType;
      if (next === T.LParen) {
        const call = $.SUBRULE($.functionCall, { ARGS: [parts] });
        recordPosition(call, first.startOffset);
        return call;
      }
      if (next !== T.Dot && next !== T.Arrow) {
        return columnNode(parts, first.startOffset);
      }
    }
    return $.OR([
      {
        GATE: () => $.LA(1).tokenType === T.Arrow,
        ALT: () => {
          $.CONSUME(T.Arrow);
          const body = $.SUBRULE($.expression);
          return { kind: 'LambdaFunction', params: parts, body } as Expression;
        },
      },
      {
        GATE: () => isFunctionCallAhead($),
        ALT: () => {
          $.MANY(() => {
            $.CONSUME(T.Dot);
            const p = $.SUBRULE($.identifier);
            $.ACTION(() => parts.push(p));
          });
          const call = $.SUBRULE($.functionCall, { ARGS: [parts] });
          $.ACTION(() => recordPosition(call, first.startOffset));
          return call;
        },
      },
      {
        GATE: () => isQualifiedStarAhead($),
        ALT: () => {
          $.MANY1({
            GATE: () => $.LA(2).tokenType !== T.Asterisk,
            DEF: () => {
              $.CONSUME1(T.Dot);
              const p = $.SUBRULE1($.identifier);
              $.ACTION(() => parts.push(p));
            },
          });
          $.CONSUME2(T.Dot);
          $.CONSUME2(T.Asterisk);
          return $.SUBRULE($.starExcept, { ARGS: [parts] });
        },
      },
      {
        ALT: () =>
          $.ACTION(() => {
            // Before a `.`, `postfix` replaces this column with a longer one, or fails: only the
            // column that stays gets a position.
            return columnNode(parts, $.LA(1).tokenType !== T.Dot ? first.startOffset : undefined);
          }),
      },
    ]);
  });

  defineRule($, 'functionCall', (name: readonly string[], nameClause: Expression | null = null): Expression => {
    $.CONSUME(T.LParen);
    let distinct = false;
    const args: Expression[] = [];
    const first = $.LA(1).tokenType;
    if ($.shortcuts && (first === T.RParen || (first !== DISTINCT && first !== ALL && startsArgumentSurely(first)))) {
      // No argument, or arguments without DISTINCT or ALL, as the option below reads them
      // (functionArgument is an expression where one starts, unless a name and `=>` lead).
      if (first !== T.RParen) {
        for (;;) {
          const plain = startsArgumentSurely($.LA(1).tokenType) && $.LA(2).tokenType !== T.FatArrow;
          args.push(plain ? $.SUBRULE($.expression) : $.SUBRULE($.functionArgument));
          if ($.LA(1).tokenType !== T.Comma) break;
          $.currIdx++;
        }
      }
    } else {
      $.OPTION(() => {
        $.OPTION1(() =>
          $.OR([
            { ALT: () => ($.CONSUME(DISTINCT), (distinct = true)) },
            { ALT: () => ($.CONSUME(ALL), (distinct = false)) },
          ]),
        );
        $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => args.push($.SUBRULE($.functionArgument)) });
      });
    }
    $.CONSUME(T.RParen);
    // Most calls end here: one test instead of a lookahead per clause below.
    if ($.shortcuts && !CALL_CLAUSE_STARTS.has($.LA(1).tokenType)) {
      return nameClause === null
        ? { kind: 'UnresolvedFunction', name, args, distinct, filter: null, ignoreNulls: null, withinGroup: null }
        : { kind: 'UnresolvedFunction', name, args, distinct, filter: null, ignoreNulls: null, withinGroup: null, nameClause };
    }
    let withinGroup: SortOrder[] | null = null;
    let filter: Expression | null = null;
    let ignoreNulls: boolean | null = null;
    $.OPTION2(() => {
      $.CONSUME(K('WITHIN'));
      $.CONSUME(K('GROUP'));
      $.CONSUME1(T.LParen);
      $.CONSUME(K('ORDER'));
      $.CONSUME(K('BY'));
      withinGroup = [];
      $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => withinGroup!.push($.SUBRULE($.sortItem)) });
      $.CONSUME1(T.RParen);
    });
    $.OPTION3({
      GATE: () => $.LA(2).tokenType === T.LParen,
      DEF: () => {
        $.CONSUME(K('FILTER'));
        $.CONSUME2(T.LParen);
        $.CONSUME(K('WHERE'));
        filter = $.SUBRULE($.expression);
        $.CONSUME2(T.RParen);
      },
    });
    $.OPTION4({
      GATE: () => $.LA(2).tokenType === K('NULLS'),
      DEF: () => {
        ignoreNulls = $.OR1([
          { ALT: () => ($.CONSUME(K('IGNORE')), true) },
          { ALT: () => ($.CONSUME(K('RESPECT')), false) },
        ]);
        $.CONSUME(K('NULLS'));
      },
    });
    const fn: Expression =
      nameClause === null
        ? { kind: 'UnresolvedFunction', name, args, distinct, filter, ignoreNulls, withinGroup }
        : { kind: 'UnresolvedFunction', name, args, distinct, filter, ignoreNulls, withinGroup, nameClause };
    return $.OR2([
      {
        ALT: () => {
          $.CONSUME(K('OVER'));
          const window = $.SUBRULE($.windowSpecOrName);
          return { kind: 'WindowExpression', function: fn, window } as Expression;
        },
      },
      { ALT: () => fn },
    ]);
  });

  let functionArgumentAlts: OrArg<Expression> | undefined; // built once: see OrArg
  defineRule($, 'functionArgument', (): Expression =>
    // Not a named argument (`name => value`), and a token that starts an expression: the choice
    // below would take the expression.
    $.shortcuts && $.LA(2).tokenType !== T.FatArrow && (isIdentToken($.LA(1).tokenType) || $.LA(1).tokenType === T.NumberLiteral) ? $.SUBRULE1($.expression) :
    $.OR(functionArgumentAlts ??= [
      {
        GATE: () => $.LA(2).tokenType === T.FatArrow,
        ALT: () => {
          const name = $.SUBRULE($.identifier);
          $.CONSUME(T.FatArrow);
          const value = $.SUBRULE($.expression);
          return { kind: 'NamedArgument', name, value } as Expression;
        },
      },
      { ALT: () => $.SUBRULE1($.expression) },
    ]),
  );

  defineRule($, 'caseExpression', (): Expression => {
    $.CONSUME(CASE);
    let operand: Expression | null = null;
    // WHEN is not reserved, so `CASE WHEN …` could read WHEN as the operand: it never is.
    $.OPTION({
      GATE: () => $.LA(1).tokenType !== K('WHEN'),
      DEF: () => {
        operand = $.SUBRULE($.expression);
      },
    });
    const branches: { when: Expression; then: Expression }[] = [];
    $.AT_LEAST_ONE(() => {
      $.CONSUME(K('WHEN'));
      const when = $.SUBRULE1($.expression);
      $.CONSUME(K('THEN'));
      const then = $.SUBRULE2($.expression);
      branches.push({ when, then });
    });
    let otherwise: Expression | null = null;
    $.OPTION1(() => {
      $.CONSUME(K('ELSE'));
      otherwise = $.SUBRULE3($.expression);
    });
    $.CONSUME(K('END'));
    return { kind: 'Case', operand, branches, otherwise };
  });

  defineRule($, 'castExpression', (): Expression => {
    const mode = $.OR([
      { ALT: () => ($.CONSUME(CAST), 'cast' as const) },
      { ALT: () => ($.CONSUME(TRY_CAST), 'try_cast' as const) },
    ]);
    $.CONSUME(T.LParen);
    const child = $.SUBRULE($.expression);
    $.CONSUME(K('AS'));
    const type = $.SUBRULE($.dataType);
    $.CONSUME(T.RParen);
    return { kind: 'Cast', child, type, mode };
  });

  defineRule($, 'sortItem', (): SortOrder => {
    const child = $.SUBRULE($.expression);
    let direction: 'ASC' | 'DESC' | null = null;
    let nulls: 'FIRST' | 'LAST' | null = null;
    $.OPTION(() => {
      direction = $.OR([
        { ALT: () => ($.CONSUME(K('ASC')), 'ASC' as const) },
        { ALT: () => ($.CONSUME(K('DESC')), 'DESC' as const) },
      ]);
    });
    $.OPTION1(() => {
      $.CONSUME(K('NULLS'));
      nulls = $.OR1([
        { ALT: () => ($.CONSUME(K('FIRST')), 'FIRST' as const) },
        { ALT: () => ($.CONSUME(K('LAST')), 'LAST' as const) },
      ]);
    });
    return { child, direction, nulls };
  });
}

declare module '../rules.js' {
  interface Rules {
    predicate: Rule<Expression, [Expression]>;
    binaryOperator: Rule<BinaryOperator>;
    postfix: Rule<Expression, [Expression, number?]>;
    jsonPathBracket: Rule<{ image: string }>;
    starExcept: Rule<Expression, [readonly string[] | null]>;
    functionCall: Rule<Expression, [readonly string[], (Expression | null)?]>;
    identifierClause: Rule<Expression>;
  }
}

const LITERAL_KEYWORDS: ReadonlySet<TokenType> = new Set([K('NULL'), K('TRUE'), K('FALSE')]);

/** The first tokens of the clauses after a call's arguments (checked against the grammar by test). */
export const CALL_CLAUSE_STARTS: ReadonlySet<TokenType> = new Set(['WITHIN', 'FILTER', 'IGNORE', 'RESPECT', 'OVER'].map(K));
/** Tokens after a select item that start none of the alias forms (checked against the grammar by test). */
export const NO_ALIAS: ReadonlySet<TokenType> = new Set([T.Comma, T.RParen, EOF, K('FROM')]);
const CASE = K('CASE');
const AS = K('AS');
const CAST = K('CAST');
const TRY_CAST = K('TRY_CAST');
const NOT = K('NOT');
const INTERVAL = K('INTERVAL');
const EXISTS = K('EXISTS');
const IS = K('IS');
const WHEN = K('WHEN');
const THEN = K('THEN');
const ELSE = K('ELSE');
const END = K('END');
const DISTINCT = K('DISTINCT');
const ALL = K('ALL');
const IN = K('IN');
const LIKE = K('LIKE');
const ILIKE = K('ILIKE');
const ESCAPE = K('ESCAPE');
const IS_TESTS: ReadonlyMap<TokenType, 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN'> = new Map([
  [K('NULL'), 'NULL'], [K('TRUE'), 'TRUE'], [K('FALSE'), 'FALSE'], [K('UNKNOWN'), 'UNKNOWN'],
] as const);
const IDENTIFIER_KW = K('IDENTIFIER_KW');
const MAP = K('MAP');
const REDUCE = K('REDUCE');
const NULL = K('NULL');
const TRUE = K('TRUE');

/** Operands of one AND or OR chain as Spark's balanced tree (see booleanExpression). */
export function balancedChain(op: 'AND' | 'OR', operands: readonly Expression[]): Expression {
  const build = (low: number, high: number): Expression => {
    if (low === high) return operands[low]!;
    const mid = low + Math.floor((high - low) / 2);
    return { kind: 'BinaryOp', op, left: high - low === 1 ? operands[low]! : build(low, mid), right: high - low === 1 ? operands[high]! : build(mid + 1, high) };
  };
  return build(0, operands.length - 1);
}

/**
 * An expression of operands joined by binary operators, predicates, AND and OR (most expressions:
 * `a`, `t0.c1`, `t1.c0 = t0.c0`, `f(a) > 1 AND b IS NOT NULL`), built as the rules from
 * `booleanExpression` down would build it, without going through them; undefined, with nothing
 * consumed, for anything else. Operands that are calls, casts, CASE or parenthesized go through
 * their own rules. Not part of the recorded grammar: only a shortcut through it.
 */
function simpleExpression($: Grammar): Expression | undefined {
  if ($.depth >= $.options.maxDepth) return undefined;
  // The commonest expression: one column name or literal.
  if (AFTER_OPERAND[$.LA(2).tokenTypeIdx] === After.End) {
    const lone = operand($);
    if (lone !== undefined) return lone;
  }
  const start = $.currIdx;
  const positional = $.positional;
  // Arrays only where a chain has several elements (most have one: `a = b`, no AND): an array
  // literal grown by push holds 17 slots.
  let ors: Expression[] | null = null; // the OR operands so far
  let single: Expression | null = null; // the first AND operand of the current OR operand
  let ands: Expression[] | null = null; // all of them, from the second on
  let boolean: After = After.End; // the AND or OR before the current value, if any
  for (;;) {
    // A value: operands joined by binary operators (valueExpression).
    let value = simpleOperand($);
    if (value === undefined) break;
    let next = $.LA(1);
    let role = AFTER_OPERAND[next.tokenTypeIdx];
    // One operator (`t1.c0 = t0.c0`): the node, without the operand and operator lists below.
    if (role === After.Operator && !(next.tokenType === T.Gt && adjacent(next, $.LA(2), T.Gt))) {
      const op = OPERATOR_OF[next.tokenTypeIdx]!;
      $.currIdx++;
      const right = simpleOperand($);
      if (right === undefined) break;
      next = $.LA(1);
      role = AFTER_OPERAND[next.tokenTypeIdx];
      if (role !== After.Operator) value = { kind: 'BinaryOp', op, left: value, right };
      else value = moreOperators($, value, op, right);
      if (value === undefined) break;
      role = AFTER_OPERAND[$.LA(1).tokenTypeIdx];
    } else if (role === After.Operator) break;
    // A predicate after the value (notExpression), which nothing but AND, OR or the end follows.
    if (role === After.Predicate) {
      $.depth++;
      value = simplePredicate($, value) ?? $.SUBRULE($.predicate, { ARGS: [value] });
      $.depth--;
      role = AFTER_OPERAND[$.LA(1).tokenTypeIdx];
      if (role !== After.End && role !== After.And && role !== After.Or) break;
    }
    // The AND and OR chains (booleanExpression).
    if (boolean === After.End) single = value;
    else if (boolean === After.And) {
      if (ands === null) ands = [single!, value];
      else ands.push(value);
    } else {
      const chain = ands === null ? single! : balancedChain('AND', ands);
      if (ors === null) ors = [chain];
      else ors.push(chain);
      single = value;
      ands = null;
    }
    if (role === After.And || role === After.Or) {
      boolean = role;
      $.currIdx++;
      continue;
    }
    if (role !== After.End) break;
    const chain = ands === null ? single! : balancedChain('AND', ands);
    if (ors === null) return chain;
    ors.push(chain);
    return balancedChain('OR', ors);
  }
  $.currIdx = start;
  $.positional = positional;
  return undefined;
}

/**
 * The rest of a value with a second operator ahead (`a + b * c`), after `left op right`: the
 * operands and operators folded by precedence; undefined where the simple expression gives up.
 */
function moreOperators($: Grammar, left: Expression, op: BinaryOperator, right: Expression): Expression | undefined {
  const operands = [left, right];
  const ops: BinaryOperator[] = [op];
  let next = $.LA(1);
  let role = AFTER_OPERAND[next.tokenTypeIdx];
  while (role === After.Operator) {
    // `>>` and `>>>` are adjacent `>` tokens: binaryOperator's gated alternatives.
    if (next.tokenType === T.Gt && adjacent(next, $.LA(2), T.Gt)) return undefined;
    ops.push(OPERATOR_OF[next.tokenTypeIdx]!);
    $.currIdx++;
    const operand = simpleOperand($);
    if (operand === undefined) return undefined;
    operands.push(operand);
    next = $.LA(1);
    role = AFTER_OPERAND[next.tokenTypeIdx];
  }
  return foldWith(operands, ops);
}

/**
 * An operand of a simple expression, consumed, as `unaryExpression` reads it: a column name
 * (`a`, `t.a`, `db.t.a`) or literal (`-1`, `'a' 'b'`, `DATE '2020-01-01'`), a star, or a call, a
 * cast, a CASE or a parenthesized expression through its rule; undefined (nothing consumed) for
 * anything else, or when a postfix (`[i]`, `.f`, `::t` …) follows, where the full rules take over.
 *
 * The rules called here run one level deeper, as under the `expression` rule, which counts one
 * (a simple expression starts below the limit: see simpleExpression).
 */
function simpleOperand($: Grammar): Expression | undefined {
  const t = $.LA(1);
  const type = t.tokenType;
  const next = $.LA(2).tokenType;
  let e: Expression;
  if (type === T.LParen) {
    $.depth++;
    e = simpleParenthesized($) ?? $.SUBRULE($.parenthesized);
    $.depth--;
  } else if ((type === CAST || type === TRY_CAST) && next === T.LParen) {
    // castExpression, as its rule reads it.
    $.currIdx += 2;
    $.depth++;
    const child = $.SUBRULE($.expression);
    $.CONSUME(AS);
    const castType = $.SUBRULE($.dataType);
    $.CONSUME(T.RParen);
    $.depth--;
    e = { kind: 'Cast', child, type: castType, mode: type === CAST ? 'cast' : 'try_cast' };
  } else if (type === CASE) {
    $.depth++;
    const c = simpleCase($);
    $.depth--;
    if (c === undefined) return undefined;
    e = c;
  } else if (type === T.Asterisk) {
    $.currIdx++;
    e = $.SUBRULE($.starExcept, { ARGS: [null] });
  } else if (type === T.Minus && next === T.NumberLiteral) {
    // `-1` is a negative literal (unaryExpression's first choice), not a negation.
    e = numberLiteral($, $.LA(2), true);
    $.currIdx += 2;
  } else if (isStringToken(type) && isStringToken(next)) {
    e = { kind: 'Literal', type: 'string', value: strings($) };
  } else if (!OPERAND_GOES_ON.has(next)) return operand($);
  else if (!isIdentToken(type) || type === NOT || type === INTERVAL || type === EXISTS || type === IDENTIFIER_KW || isLiteralKeyword(type)) return undefined;
  else if (next === T.LParen) {
    // primaryExpression's choices for a word and `(`: a cast, a special form, a call.
    $.depth++;
    if (isSpecialFunctionAhead($)) e = $.SUBRULE($.specialFunction);
    else {
      $.currIdx++;
      e = $.SUBRULE($.functionCall, { ARGS: [[identifierText(t)]] });
      recordPosition(e, t.startOffset);
    }
    $.depth--;
  } else if (isStringToken(next)) {
    // A typed literal: a word and strings.
    $.currIdx++;
    e = typedLiteral($, t, strings($));
  } else if (next === T.Dot) {
    // columnOrFunction takes the first name, postfix each `.name` after it (the position goes on
    // the last, longest column), or the names are a function's or a star's. Reserved words need the
    // full rules.
    if ($.options.keywords === 'ansi') return undefined;
    let k = 2;
    while ($.LA(k).tokenType === T.Dot && isIdentToken($.LA(k + 1).tokenType)) k += 2;
    const nameParts = namePartsBefore($, k);
    const after = $.LA(k).tokenType;
    if (after === T.LParen) {
      $.currIdx += k - 1;
      $.depth++;
      e = $.SUBRULE($.functionCall, { ARGS: [nameParts] });
      $.depth--;
      recordPosition(e, t.startOffset);
    } else if (after === T.Dot && $.LA(k + 1).tokenType === T.Asterisk) {
      $.currIdx += k + 1;
      e = $.SUBRULE($.starExcept, { ARGS: [nameParts] });
    } else if (OPERAND_GOES_ON.has(after)) return undefined;
    else {
      $.currIdx += k - 1;
      return columnNode(nameParts, t.startOffset);
    }
  } else return undefined;
  // What the rule gave goes on through `postfix`: not simple.
  return AFTER_OPERAND[$.LA(1).tokenTypeIdx] === After.GoesOn ? undefined : e;
}

/**
 * The texts of the name parts at LA(1), LA(3) … LA(end - 1), the dots between them read, in an
 * array of their number of elements (a literal of one grown by push holds 17: plans keep these);
 * one or two names in the parse's shared list (see name-lists.ts).
 */
export function namePartsBefore($: Grammar, end: number): readonly string[] {
  if (end === 2) return nameList(identifierText($.LA(1)));
  if (end === 4) return nameList2(identifierText($.LA(1)), identifierText($.LA(3)));
  if (end === 6) return [identifierText($.LA(1)), identifierText($.LA(3)), identifierText($.LA(5))];
  const parts: string[] = [];
  for (let k = 1; k < end; k += 2) parts.push(identifierText($.LA(k)));
  return parts;
}

/**
 * `CASE [operand] WHEN … THEN … [ELSE …] END`, consumed, as `caseExpression` reads it; undefined
 * where the rule would fail (on the wrong token, it would fail before reading an operand).
 */
function simpleCase($: Grammar): Expression | undefined {
  const first = $.LA(2).tokenType;
  if (first !== WHEN && !startsExpressionSurely(first)) return undefined;
  $.currIdx++;
  const operand = first === WHEN ? null : $.SUBRULE($.expression);
  if ($.LA(1).tokenType !== WHEN) return undefined;
  const branches: { when: Expression; then: Expression }[] = [];
  do {
    $.currIdx++;
    const when = $.SUBRULE($.expression);
    $.CONSUME(THEN);
    branches.push({ when, then: $.SUBRULE($.expression) });
  } while ($.LA(1).tokenType === WHEN);
  let otherwise: Expression | null = null;
  if ($.LA(1).tokenType === ELSE) {
    $.currIdx++;
    otherwise = $.SUBRULE($.expression);
  }
  $.CONSUME(END);
  return { kind: 'Case', operand, branches, otherwise };
}

/** Whether a token starts a function argument for certain (see startsExpressionSurely). */
function startsArgumentSurely(t: TokenType): boolean {
  return startsExpressionSurely(t) || t === T.Asterisk || t === T.Minus;
}

/**
 * `(a, b)` and `(a)`, as `parenthesized` reads them when no query or lambda is ahead: null for
 * anything else (nothing consumed).
 */
function simpleParenthesized($: Grammar): Expression | null {
  if (!startsExpressionSurely($.LA(2).tokenType) || isQueryStart($, 2) || isLambdaParams($)) return null;
  $.currIdx++;
  const items: Expression[] = [$.SUBRULE($.namedExpression)];
  while ($.LA(1).tokenType === T.Comma) {
    $.currIdx++;
    items.push($.SUBRULE($.namedExpression));
  }
  $.CONSUME(T.RParen);
  return items.length === 1 && items[0]!.kind !== 'Alias' ? items[0]! : { kind: 'Row', items };
}

/**
 * `IS [NOT] NULL|TRUE|FALSE|UNKNOWN` and `[NOT] IN (list)` after `value`, as `predicate` reads them;
 * null for any other predicate (nothing consumed).
 */
function simplePredicate($: Grammar, value: Expression): Expression | null {
  const first = $.LA(1).tokenType;
  if (first === IS) {
    const negated = $.LA(2).tokenType === NOT;
    const at = negated ? 3 : 2;
    const test = IS_TESTS.get($.LA(at).tokenType);
    if (test === undefined) return null;
    $.currIdx += at;
    return { kind: 'IsOp', test, negated, child: value, other: null };
  }
  const negated = first === NOT || first === T.Bang;
  const at = negated ? 2 : 1;
  const kind = $.LA(at).tokenType;
  if ((kind === LIKE || kind === ILIKE) && isStringToken($.LA(at + 1).tokenType)) {
    // `LIKE 'pattern'` with nothing after the pattern that would continue it (valueExpression's
    // operators and postfixes, adjacent strings, a quantifier's list) or an ESCAPE clause.
    const after = $.LA(at + 2).tokenType;
    const role = AFTER_OPERAND[after.tokenTypeIdx!];
    if (role === After.GoesOn || role === After.Operator || after === ESCAPE) return null;
    const t = $.LA(at + 1);
    $.currIdx += at + 1;
    const pattern: Expression = { kind: 'Literal', type: 'string', value: decodeStringLiteral($, t) };
    return { kind: 'Like', value, pattern, caseInsensitive: kind === ILIKE, negated, escape: null };
  }
  if (kind !== IN || $.LA(at + 1).tokenType !== T.LParen || !startsExpressionSurely($.LA(at + 2).tokenType) || isQueryStart($, at + 2)) return null;
  $.currIdx += at + 1;
  const list: Expression[] = [$.SUBRULE($.expression)];
  while ($.LA(1).tokenType === T.Comma) {
    $.currIdx++;
    list.push($.SUBRULE($.expression));
  }
  $.CONSUME(T.RParen);
  return { kind: 'In', value, list, negated };
}

/**
 * Whether a token starts an expression for certain (a name, a literal, `(`), so that a shortcut may
 * call the expression rule on it: where a list's first item cannot start, chevrotain fails with its
 * own error, before calling the rule.
 */
function startsExpressionSurely(t: TokenType): boolean {
  return isIdentToken(t) || t === T.NumberLiteral || isStringToken(t) || t === T.LParen;
}

/** Adjacent strings, consumed and joined (`stringConstant`). */
function strings($: Grammar): string {
  let value = '';
  while (isStringToken($.LA(1).tokenType)) {
    value += decodeStringLiteral($, $.LA(1));
    $.currIdx++;
  }
  return value;
}

/**
 * Tokens after a column name or literal that continue it: a postfix (test/parser/fast-paths.test.ts
 * checks these against the grammar), or what makes the word more than a column (a call, a typed
 * literal, a lambda, a qualified name).
 */
export const OPERAND_GOES_ON: ReadonlySet<TokenType> = new Set([
  T.LBracket, T.Dot, T.DoubleColon, T.Colon, K('COLLATE'),
  T.LParen, T.Arrow, T.StringLiteral, T.DoubleQuotedString, T.DollarQuotedString,
]);

/** What a token after an operand does in a simple expression (see simpleExpression). */
const enum After {
  /** Nothing: it ends the expression. */
  End,
  /** It continues the operand: a postfix, or what makes a word more than a column (OPERAND_GOES_ON). */
  GoesOn,
  /** A binary operator of valueExpression. */
  Operator,
  /** It starts a predicate. */
  Predicate,
  And,
  Or,
}
/** The binary operators of valueExpression by token (the `binaryOperator` rule; checked against it by test). */
export const OPERATOR_TOKENS: readonly (readonly [TokenType, BinaryOperator])[] = [
  [T.Eq, '='], [T.NullSafeEq, '<=>'], [T.Neq, '<>'], [T.NeqJ, '<>'], [T.Lte, '<='], [T.Gte, '>='], [T.Lt, '<'], [T.Gt, '>'],
  [T.Pipe, '|'], [T.Hat, '^'], [T.Ampersand, '&'], [T.ShiftLeft, '<<'], [T.Plus, '+'], [T.Minus, '-'], [T.ConcatPipe, '||'],
  [T.Asterisk, '*'], [T.Slash, '/'], [T.Percent, '%'], [K('DIV'), 'DIV'],
];
/** The tokens that start a predicate after a value (checked against the grammar by test). */
export const PREDICATE_STARTS: ReadonlySet<TokenType> = new Set([T.Bang, ...['IS', 'NOT', 'BETWEEN', 'IN', 'RLIKE', 'LIKE', 'ILIKE'].map(K)]);
/** By token type index (the tables are filled in a function: loops at a module's top level count towards V8 compiling the whole bundle's, see tokens.ts). */
const AFTER_OPERAND = new Uint8Array(T.VOCABULARY_SIZE);
const OPERATOR_OF: (BinaryOperator | undefined)[] = new Array<BinaryOperator | undefined>(T.VOCABULARY_SIZE).fill(undefined);
fillAfterOperand();
function fillAfterOperand(): void {
  for (const t of OPERAND_GOES_ON) AFTER_OPERAND[t.tokenTypeIdx!] = After.GoesOn;
  for (const t of PREDICATE_STARTS) AFTER_OPERAND[t.tokenTypeIdx!] = After.Predicate;
  AFTER_OPERAND[K('AND').tokenTypeIdx!] = After.And;
  AFTER_OPERAND[K('OR').tokenTypeIdx!] = After.Or;
  for (const [t, op] of OPERATOR_TOKENS) {
    AFTER_OPERAND[t.tokenTypeIdx!] = After.Operator;
    OPERATOR_OF[t.tokenTypeIdx!] = op;
  }
}

/**
 * A column name or literal, when the token after it is known not to continue it (see the
 * callers), built and consumed as `primaryExpression` would; undefined for anything else.
 */
function operand($: Grammar): Expression | undefined {
  const t = $.LA(1);
  const type = t.tokenType;
  let e: Expression;
  if (type === T.NumberLiteral) e = numberLiteral($, t, false);
  else if (isStringToken(type)) e = { kind: 'Literal', type: 'string', value: decodeStringLiteral($, t) };
  else if (!isIdentToken(type) || type === CASE || type === NOT || type === INTERVAL) return undefined;
  else if (isLiteralKeyword(type)) {
    e = type === NULL ? { kind: 'Literal', type: 'null', value: null } : { kind: 'Literal', type: 'boolean', value: type === TRUE };
  } else {
    e = columnNode(nameList(identifierText(t)), t.startOffset);
  }
  $.CONSUME9(type);
  return e;
}
function isLiteralKeyword(t: TokenType): boolean {
  return LITERAL_KEYWORDS.has(t);
}

export function isStringToken(t: TokenType): boolean {
  return t === T.StringLiteral || t === T.DoubleQuotedString || t === T.DollarQuotedString;
}

/** Two tokens of the given type with nothing between them. */
export function adjacent(a: IToken, b: IToken, type: TokenType): boolean {
  return a.tokenType === type && b.tokenType === type && b.startOffset === a.endOffset! + 1;
}

/**
 * The text of `IDENTIFIER('…')`: dot-separated words or backquoted names. Made on first use: V8
 * parses a pattern with Unicode property classes when it makes it (0.2 ms of every cold start).
 */
let multipartName: RegExp | undefined;
const isMultipartName = (text: string): boolean =>
  (multipartName ??= /^\s*(?:`(?:[^`]|``)*`|[\p{L}\p{N}_]+)(?:\s*\.\s*(?:`(?:[^`]|``)*`|[\p{L}\p{N}_]+))*\s*$/u).test(text);

const QUERY_START: ReadonlySet<TokenType> = new Set([K('SELECT'), K('WITH'), K('VALUES'), K('FROM'), K('TABLE'), K('MAP'), K('REDUCE')]);

/**
 * Whether a query starts at token `n` (after any number of opening parentheses). `(SELECT …)`,
 * `((SELECT …) UNION …)`. A parenthesised query can still be part of a larger expression
 * (`(SELECT 1) + 1`), which the grammar handles after the closing parenthesis.
 */
export function isQueryStart($: Grammar, n: number): boolean {
  let i = n;
  while ($.LA(i).tokenType === T.LParen) i++;
  const t = $.LA(i).tokenType;
  if (!QUERY_START.has(t)) return false;
  // `map(…)` / `reduce(…)` are function calls; MAP/REDUCE start a query only as Hive's transform.
  if ((t === MAP || t === REDUCE) && $.LA(i + 1).tokenType === T.LParen) return false;
  // `(values)`/`(table)` as column names are rare; a query keyword must be followed by something
  // that can continue a query, not by `)` or `,`.
  const next = $.LA(i + 1).tokenType;
  if (next === T.RParen || next === T.Comma) return false;
  if (i === n) return true;
  // Nested parentheses: only a query if the group at `n` is followed by a set operator, a result
  // clause or the closing paren of the outer group (`((SELECT 1), 2)` is a row, `((SELECT 1) + 2)`
  // an expression).
  let depth = 0;
  for (let j = n; ; j++) {
    const k = $.LA(j).tokenType;
    if (k === T.LParen) depth++;
    else if (k === T.RParen && --depth === 0) return QUERY_CONTINUATION.has($.LA(j + 1).tokenType);
    else if (k.name === 'EOF') return false;
  }
}

/** What may follow a parenthesised query term inside a subquery. */
const QUERY_CONTINUATION: ReadonlySet<TokenType> = new Set([
  T.RParen, T.OperatorPipe,
  ...['UNION', 'EXCEPT', 'SETMINUS', 'INTERSECT', 'ORDER', 'SORT', 'CLUSTER', 'DISTRIBUTE', 'LIMIT', 'OFFSET', 'WINDOW'].map(K),
]);

/** `(a, b) ->`: an identifier list followed by an arrow. */
function isLambdaParams($: Grammar): boolean {
  if ($.LA(1).tokenType !== T.LParen) return false;
  let i = 2;
  for (;;) {
    if (!isIdentToken($.LA(i).tokenType)) return false;
    i++;
    const t = $.LA(i).tokenType;
    if (t === T.RParen) return $.LA(i + 1).tokenType === T.Arrow;
    if (t !== T.Comma) return false;
    i++;
  }
}

/** Whether `t` may stand as an identifier (the `Ident` category, transitively, as CONSUME(Ident) matches). */
export function isIdentToken(t: TokenType): boolean {
  const ident = T.Ident as TokenType & { categoryMatchesMap?: Record<number, boolean> };
  return t === T.UnquotedIdentifier || t === T.BackquotedIdentifier || ident.categoryMatchesMap?.[t.tokenTypeIdx!] === true;
}

/** `[` then one string, integer or identifier, then `]`: a path step, not a subscript. */
function isJsonPathBracket($: Grammar): boolean {
  const t = $.LA(2).tokenType;
  return $.LA(1).tokenType === T.LBracket && $.LA(3).tokenType === T.RBracket && (t === T.StringLiteral || t === T.NumberLiteral || isIdentToken(t));
}

/**
 * `IDENTIFIER(x)` with one argument and no aggregate clauses after it is Spark's identifier clause;
 * `IDENTIFIER(a, b)` or `IDENTIFIER(x) OVER w` is a call of a function named `identifier`.
 */
function isIdentifierClauseAhead($: Grammar): boolean {
  if ($.LA(1).tokenType !== IDENTIFIER_KW || $.LA(2).tokenType !== T.LParen) return false;
  const first = $.LA(3).tokenType;
  if (first === T.RParen || first === K('DISTINCT') || first === K('ALL')) return false;
  let depth = 0;
  for (let k = 2; ; k++) {
    const t = $.LA(k).tokenType;
    if (t === T.LParen || t === T.LBracket) depth++;
    else if (t === T.RParen || t === T.RBracket) {
      if (--depth === 0) return !CALL_CLAUSES.has($.LA(k + 1).tokenType);
    } else if (t.name === 'EOF') return false;
    else if (depth === 1 && t === T.Comma) return false;
  }
}
const CALL_CLAUSES: ReadonlySet<TokenType> = new Set([K('OVER'), K('FILTER'), K('WITHIN'), K('IGNORE'), K('RESPECT')]);

/** After the first name part: `.part`* then `(`. */
function isFunctionCallAhead($: Grammar): boolean {
  let i = 1;
  while ($.LA(i).tokenType === T.Dot && isIdentToken($.LA(i + 1).tokenType)) i += 2;
  return $.LA(i).tokenType === T.LParen;
}

/** After the first name part: `.part`* then `.*`. */
function isQualifiedStarAhead($: Grammar): boolean {
  let i = 1;
  while ($.LA(i).tokenType === T.Dot && isIdentToken($.LA(i + 1).tokenType)) i += 2;
  return $.LA(i).tokenType === T.Dot && $.LA(i + 1).tokenType === T.Asterisk;
}

function typedLiteral($: Grammar, typeTok: IToken, text: string): Expression {
  const t = typeTok.tokenType;
  const type =
    t === K('DATE') ? 'date'
    : t === K('TIMESTAMP') ? 'timestamp'
    : t === K('TIMESTAMP_NTZ') ? 'timestamp_ntz'
    : t === K('TIMESTAMP_LTZ') ? 'timestamp_ltz'
    : t === K('TIME') ? 'time'
    : t === K('BINARY_HEX') ? 'binary'
    : null;
  if (type === null) {
    throw new SqlParseError('INVALID_LITERAL', `Literals of the type ${typeTok.image.toUpperCase()} are not supported`, $.text, typeTok.startOffset);
  }
  const valid =
    type === 'binary' ? /^[0-9A-Fa-f]*$/.test(text)
    : type === 'date' ? isValidDateText(text)
    : type === 'time' ? isValidTimeText(text)
    : isValidTimestampText(text);
  if (!valid) {
    throw new SqlParseError('INVALID_LITERAL', `The value of the typed literal ${typeTok.image.toUpperCase()} is invalid: '${text}'`, $.text, typeTok.startOffset);
  }
  return { kind: 'Literal', type, value: text };
}
