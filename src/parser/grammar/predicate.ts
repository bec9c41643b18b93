/** Predicates that follow a value: [NOT] BETWEEN, [NOT] IN, [NOT] LIKE/ILIKE/RLIKE, IS …. */
import { defineRule, type Grammar } from '../rules.js';
import * as T from '../tokens.js';
import { invalidSyntax } from '../errors.js';
import type { Expression } from '../../plan/expression.js';
import { isQueryStart } from './expression.js';

const K = T.keyword;

export function definePredicateRules($: Grammar): void {
  defineRule($, 'predicate', (value: Expression): Expression => {
    let negated = false;
    return $.OR([
      {
        ALT: () => {
          $.CONSUME(K('IS'));
          $.OPTION(() => {
            $.CONSUME(K('NOT'));
            negated = true;
          });
          return $.OR1([
            { ALT: () => ($.CONSUME(K('NULL')), isOp('NULL', negated, value)) },
            { ALT: () => ($.CONSUME(K('TRUE')), isOp('TRUE', negated, value)) },
            { ALT: () => ($.CONSUME(K('FALSE')), isOp('FALSE', negated, value)) },
            { ALT: () => ($.CONSUME(K('UNKNOWN')), isOp('UNKNOWN', negated, value)) },
            {
              ALT: () => {
                $.CONSUME(K('DISTINCT'));
                $.CONSUME(K('FROM'));
                const other = $.SUBRULE($.valueExpression);
                return { kind: 'IsOp', test: 'DISTINCT FROM', negated, child: value, other } as Expression;
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          $.OPTION1(() => {
            $.OR2([{ ALT: () => $.CONSUME1(K('NOT')) }, { ALT: () => $.CONSUME(T.Bang) }]);
            negated = true;
          });
          return $.OR3([
            {
              ALT: () => {
                $.CONSUME(K('BETWEEN'));
                const low = $.SUBRULE1($.valueExpression);
                $.CONSUME(K('AND'));
                const high = $.SUBRULE2($.valueExpression);
                return { kind: 'Between', value, low, high, negated } as Expression;
              },
            },
            {
              ALT: () => {
                $.CONSUME(K('IN'));
                return $.OR4([
                  {
                    GATE: () => isQueryStart($, 2),
                    ALT: () => {
                      $.CONSUME(T.LParen);
                      const query = $.SUBRULE($.query);
                      $.CONSUME(T.RParen);
                      return $.ACTION(() => {
                        const values = value.kind === 'Row' ? value.items : [value];
                        return { kind: 'InSubquery', values, query, negated } as Expression;
                      });
                    },
                  },
                  {
                    ALT: () => {
                      $.CONSUME1(T.LParen);
                      const list: Expression[] = [];
                      $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => list.push($.SUBRULE($.expression)) });
                      $.CONSUME1(T.RParen);
                      return { kind: 'In', value, list, negated } as Expression;
                    },
                  },
                ]);
              },
            },
            {
              ALT: () => {
                $.CONSUME(K('RLIKE'));
                const pattern = $.SUBRULE3($.valueExpression);
                return { kind: 'RLike', value, pattern, negated } as Expression;
              },
            },
            {
              ALT: () => {
                const caseInsensitive = $.OR5([
                  { ALT: () => ($.CONSUME(K('LIKE')), false) },
                  { ALT: () => ($.CONSUME(K('ILIKE')), true) },
                ]);
                return $.OR6([
                  {
                    GATE: () => $.LA(2).tokenType === T.LParen,
                    ALT: () => {
                      const quantifier = $.OR7([
                        { ALT: () => ($.CONSUME(K('ANY')), 'ANY' as const) },
                        { ALT: () => ($.CONSUME(K('SOME')), 'ANY' as const) },
                        { ALT: () => ($.CONSUME(K('ALL')), 'ALL' as const) },
                      ]);
                      $.CONSUME2(T.LParen);
                      const patterns: Expression[] = [];
                      $.MANY_SEP({ SEP: T.Comma, DEF: () => patterns.push($.SUBRULE1($.expression)) });
                      const close = $.CONSUME2(T.RParen);
                      $.ACTION(() => {
                        // Spark's EMPTY_QUANTIFIED_PATTERN: `LIKE ANY ()` has nothing to match.
                        if (patterns.length === 0) {
                          throw invalidSyntax(`Expected at least one pattern value after ${quantifier}`, $.text, close.startOffset);
                        }
                      });
                      return { kind: 'LikeQuantified', value, quantifier, patterns, caseInsensitive, negated } as Expression;
                    },
                  },
                  {
                    ALT: () => {
                      const pattern = $.SUBRULE4($.valueExpression);
                      let escape: string | null = null;
                      $.OPTION2(() => {
                        $.CONSUME(K('ESCAPE'));
                        escape = $.SUBRULE($.stringConstant);
                      });
                      return { kind: 'Like', value, pattern, caseInsensitive, negated, escape } as Expression;
                    },
                  },
                ]);
              },
            },
          ]);
        },
      },
    ]);
  });
}

function isOp(test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN', negated: boolean, child: Expression): Expression {
  return { kind: 'IsOp', test, negated, child, other: null };
}
