/**
 * Functions with their own syntax in Spark's `primaryExpression`, built as AstBuilder builds them:
 *   STRUCT(a AS x, b)                 → struct(a AS x, b)  (arguments are named expressions)
 *   FIRST|LAST|ANY_VALUE(x IGNORE NULLS) → first(x, TRUE)
 *   POSITION(a IN b)                  → locate(a, b)
 *   EXTRACT(field FROM x)             → Extract
 *   SUBSTRING|SUBSTR(s FROM p [FOR n]) → substring(s, p[, n])
 *   TRIM([BOTH|LEADING|TRAILING] [c] FROM s) → trim|ltrim|rtrim([c, ]s)  (the functions' own order)
 *   OVERLAY(a PLACING b FROM p [FOR n]) → overlay(a, b, p[, n])
 *   TIMESTAMPADD|DATEADD|DATE_ADD(unit, n, ts), TIMESTAMPDIFF|DATEDIFF|DATE_DIFF|TIMEDIFF(unit, a, b)
 *                                     → TimestampArithmetic
 * Each form is taken only when its distinctive words are there (`substring(s, 1)` and
 * `date_add(d, 1)` stay ordinary calls), as Spark's parser chooses.
 */
import type { IToken, TokenType } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import { SqlParseError } from '../errors.js';
import type { Expression, Literal } from '../../plan/expression.js';
import { isStringToken } from './expression.js';

const K = T.keyword;

declare module '../rules.js' {
  interface Rules {
    specialFunction: Rule<Expression>;
  }
}

const DATETIME_UNITS: ReadonlySet<TokenType> = new Set(
  ['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'DAYOFYEAR', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND'].map(K),
);
const TIMESTAMP_ADD: ReadonlySet<TokenType> = new Set([K('TIMESTAMPADD'), K('DATEADD'), K('DATE_ADD')]);
const TIMESTAMP_DIFF: ReadonlySet<TokenType> = new Set([K('TIMESTAMPDIFF'), K('DATEDIFF'), K('DATE_DIFF'), K('TIMEDIFF')]);
const FIRST_LIKE: ReadonlySet<TokenType> = new Set([K('FIRST'), K('LAST'), K('ANY_VALUE')]);

/** The tokens at depth 1 inside the parenthesis at LA(i), up to its match. */
function topLevel($: Grammar, i: number): TokenType[] {
  const out: TokenType[] = [];
  let depth = 0;
  for (let k = i; ; k++) {
    const t = $.LA(k).tokenType;
    if (t === T.LParen || t === T.LBracket) depth++;
    else if (t === T.RParen || t === T.RBracket) {
      if (--depth === 0) return out;
    } else if (t.name === 'EOF') return out;
    else if (depth === 1) out.push(t);
  }
}

/** Whether a special-syntax function starts at LA(1). */
/** The words that can start a special function (a quick test before the checks below). */
const SPECIAL_STARTS: ReadonlySet<TokenType> = new Set([
  ...['STRUCT', 'EXTRACT', 'POSITION', 'SUBSTR', 'SUBSTRING', 'TRIM', 'OVERLAY'].map(K),
  ...FIRST_LIKE,
  ...TIMESTAMP_ADD,
  ...TIMESTAMP_DIFF,
]);

export function isSpecialFunctionAhead($: Grammar): boolean {
  const t = $.LA(1).tokenType;
  if ($.LA(2).tokenType !== T.LParen || !SPECIAL_STARTS.has(t)) return false;
  if (t === K('STRUCT')) return true;
  if (t === K('EXTRACT')) return $.LA(4).tokenType === K('FROM');
  if (FIRST_LIKE.has(t)) {
    const inner = topLevel($, 2);
    return inner.length >= 2 && inner[inner.length - 2] === K('IGNORE') && inner[inner.length - 1] === K('NULLS');
  }
  if (t === K('POSITION')) return topLevel($, 2).includes(K('IN'));
  if (t === K('SUBSTR') || t === K('SUBSTRING') || t === K('TRIM')) return topLevel($, 2).includes(K('FROM'));
  if (t === K('OVERLAY')) return topLevel($, 2).includes(K('PLACING'));
  if (TIMESTAMP_ADD.has(t) || TIMESTAMP_DIFF.has(t)) {
    const u = $.LA(3).tokenType;
    return (DATETIME_UNITS.has(u) || isStringToken(u)) && $.LA(4).tokenType === T.Comma && topLevel($, 2).filter((x) => x === T.Comma).length === 2;
  }
  return false;
}

const fn = (name: string, args: Expression[]): Expression => ({
  kind: 'UnresolvedFunction',
  name: [name],
  args,
  distinct: false,
  filter: null,
  ignoreNulls: null,
  withinGroup: null,
});

export function defineSpecialFunctionRules($: Grammar): void {
  defineRule($, 'specialFunction', (): Expression =>
    $.OR([
      {
        ALT: () => {
          $.CONSUME(K('STRUCT'));
          $.CONSUME(T.LParen);
          const args: Expression[] = [];
          $.MANY_SEP({ SEP: T.Comma, DEF: () => args.push($.SUBRULE($.namedExpression)) });
          $.CONSUME(T.RParen);
          return fn('struct', args);
        },
      },
      {
        ALT: () => {
          const name = $.OR1([
            { ALT: () => ($.CONSUME(K('FIRST')), 'first') },
            { ALT: () => ($.CONSUME(K('LAST')), 'last') },
            { ALT: () => ($.CONSUME(K('ANY_VALUE')), 'any_value') },
          ]);
          $.CONSUME1(T.LParen);
          const arg = $.SUBRULE($.expression);
          $.CONSUME(K('IGNORE'));
          $.CONSUME(K('NULLS'));
          $.CONSUME1(T.RParen);
          return fn(name, [arg, { kind: 'Literal', type: 'boolean', value: true } as Literal]);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('POSITION'));
          $.CONSUME2(T.LParen);
          const substr = $.SUBRULE($.valueExpression);
          $.CONSUME(K('IN'));
          const str = $.SUBRULE1($.valueExpression);
          $.CONSUME2(T.RParen);
          return fn('locate', [substr, str]);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('EXTRACT'));
          $.CONSUME3(T.LParen);
          const field = $.SUBRULE($.identifier);
          $.CONSUME(K('FROM'));
          const source = $.SUBRULE2($.valueExpression);
          $.CONSUME3(T.RParen);
          return { kind: 'Extract', field, source } as Expression;
        },
      },
      {
        ALT: () => {
          $.OR2([{ ALT: () => $.CONSUME(K('SUBSTR')) }, { ALT: () => $.CONSUME(K('SUBSTRING')) }]);
          $.CONSUME4(T.LParen);
          const str = $.SUBRULE3($.valueExpression);
          $.CONSUME1(K('FROM'));
          const pos = $.SUBRULE4($.valueExpression);
          const args = [str, pos];
          $.OPTION(() => {
            $.OR3([{ ALT: () => $.CONSUME(K('FOR')) }, { ALT: () => $.CONSUME(T.Comma) }]);
            args.push($.SUBRULE5($.valueExpression));
          });
          $.CONSUME4(T.RParen);
          return fn('substring', args);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('TRIM'));
          $.CONSUME5(T.LParen);
          let name = 'trim';
          $.OPTION1({
            GATE: () => TRIM_OPTIONS.has($.LA(1).tokenType),
            DEF: () =>
              $.OR4([
                { ALT: () => ($.CONSUME(K('BOTH')), (name = 'trim')) },
                { ALT: () => ($.CONSUME(K('LEADING')), (name = 'ltrim')) },
                { ALT: () => ($.CONSUME(K('TRAILING')), (name = 'rtrim')) },
              ]),
          });
          let trimStr: Expression | null = null;
          $.OPTION2({
            GATE: () => $.LA(1).tokenType !== K('FROM'),
            DEF: () => {
              trimStr = $.SUBRULE6($.valueExpression);
            },
          });
          $.CONSUME2(K('FROM'));
          const src = $.SUBRULE7($.valueExpression);
          $.CONSUME5(T.RParen);
          // trim(trimStr, srcStr) is the two-argument order of Spark's trim functions.
          return fn(name, trimStr === null ? [src] : [trimStr, src]);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('OVERLAY'));
          $.CONSUME6(T.LParen);
          const input = $.SUBRULE8($.valueExpression);
          $.CONSUME(K('PLACING'));
          const replace = $.SUBRULE9($.valueExpression);
          $.CONSUME3(K('FROM'));
          const position = $.SUBRULE($.overlayTail);
          $.CONSUME6(T.RParen);
          return $.ACTION(() => fn('overlay', [input, replace, ...position]));
        },
      },
      {
        ALT: () => {
          const nameTok = $.OR5([...TIMESTAMP_ADD, ...TIMESTAMP_DIFF].map((t) => ({ ALT: () => $.CONSUME(t) })));
          $.CONSUME7(T.LParen);
          const unitTok = $.CONSUME7(T.AnyToken);
          $.CONSUME2(T.Comma);
          const left = $.SUBRULE1($.expression);
          $.CONSUME3(T.Comma);
          const right = $.SUBRULE2($.expression);
          $.CONSUME7(T.RParen);
          return $.ACTION(() => timestampArithmetic($, nameTok, unitTok, left, right));
        },
      },
    ]),
  );

  /** `FROM p [FOR n]` of OVERLAY, as a list. */
  defineRule($, 'overlayTail', () => {
    const out: Expression[] = [$.SUBRULE($.valueExpression)];
    $.OPTION(() => {
      $.CONSUME(K('FOR'));
      out.push($.SUBRULE1($.valueExpression));
    });
    return out;
  });
}

declare module '../rules.js' {
  interface Rules {
    overlayTail: Rule<Expression[]>;
  }
}

const TRIM_OPTIONS: ReadonlySet<TokenType> = new Set([K('BOTH'), K('LEADING'), K('TRAILING')]);

function timestampArithmetic($: Grammar, nameTok: IToken, unitTok: IToken, left: Expression, right: Expression): Expression {
  if (!DATETIME_UNITS.has(unitTok.tokenType)) {
    throw new SqlParseError(
      'INVALID_SQL_SYNTAX',
      `Invalid datetime unit ${unitTok.image} in ${nameTok.image.toUpperCase()}`,
      $.text,
      unitTok.startOffset,
    );
  }
  const op = TIMESTAMP_ADD.has(nameTok.tokenType) ? 'ADD' : 'DIFF';
  return { kind: 'TimestampArithmetic', op, unit: unitTok.image.toUpperCase(), left, right };
}
