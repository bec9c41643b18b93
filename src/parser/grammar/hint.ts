/** Hints: `SELECT /*+ BROADCAST(t), REPARTITION(3, c) *\/ …`. */
import { defineRule, type Grammar } from '../rules.js';
import * as T from '../tokens.js';
import type { Expression } from '../../plan/expression.js';

export function defineHintRules($: Grammar): void {
  defineRule($, 'hintComment', () => {
    const hints: { name: string; parameters: Expression[] }[] = [];
    $.CONSUME(T.HintStart);
    $.AT_LEAST_ONE(() => {
      $.OPTION(() => $.CONSUME(T.Comma));
      const name = $.SUBRULE($.identifier);
      const parameters: Expression[] = [];
      $.OPTION1(() => {
        $.CONSUME(T.LParen);
        $.MANY_SEP({ SEP: T.Comma, DEF: () => parameters.push($.SUBRULE($.primaryExpression)) });
        $.CONSUME(T.RParen);
      });
      hints.push({ name, parameters });
    });
    $.CONSUME(T.HintEnd);
    return hints;
  });
}
