/** Window specifications: `OVER w`, `OVER (w PARTITION BY … ORDER BY … ROWS BETWEEN …)`. */
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import type { Expression, FrameBound, SortOrder, WindowFrame, WindowSpec } from '../../plan/expression.js';

const K = T.keyword;

declare module '../rules.js' {
  interface Rules {
    windowSpecOrName: Rule<WindowSpec | string>;
    windowSpec: Rule<WindowSpec>;
    windowFrame: Rule<WindowFrame>;
    frameBound: Rule<FrameBound>;
  }
}

export function defineWindowRules($: Grammar): void {
  defineRule($, 'windowSpecOrName', () =>
    $.OR([
      { ALT: () => $.SUBRULE($.identifier) as WindowSpec | string },
      { ALT: () => $.SUBRULE($.windowSpec) },
    ]),
  );

  defineRule($, 'windowSpec', (): WindowSpec => {
    $.CONSUME(T.LParen);
    let base: string | null = null;
    const partitionBy: Expression[] = [];
    const orderBy: SortOrder[] = [];
    let frame: WindowFrame | null = null;
    let hiveStyle = false;
    $.OPTION({
      GATE: () => !WINDOW_SPEC_WORDS.has($.LA(1).tokenType) && $.LA(1).tokenType !== T.RParen,
      DEF: () => {
        base = $.SUBRULE($.identifier);
      },
    });
    $.OPTION1(() => {
      $.OR([
        { ALT: () => $.CONSUME(K('PARTITION')) },
        { ALT: () => ($.CONSUME(K('DISTRIBUTE')), (hiveStyle = true), undefined) },
      ]);
      $.CONSUME(K('BY'));
      $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => partitionBy.push($.SUBRULE($.expression)) });
    });
    $.OPTION2(() => {
      $.OR1([
        { ALT: () => $.CONSUME(K('ORDER')) },
        { ALT: () => ($.CONSUME(K('SORT')), (hiveStyle = true), undefined) },
      ]);
      $.CONSUME1(K('BY'));
      $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => orderBy.push($.SUBRULE($.sortItem)) });
    });
    $.OPTION3(() => {
      frame = $.SUBRULE($.windowFrame);
    });
    $.CONSUME(T.RParen);
    return hiveStyle ? { base, partitionBy, orderBy, frame, hiveStyle } : { base, partitionBy, orderBy, frame };
  });

  defineRule($, 'windowFrame', (): WindowFrame => {
    const type = $.OR([
      { ALT: () => ($.CONSUME(K('ROWS')), 'ROWS' as const) },
      { ALT: () => ($.CONSUME(K('RANGE')), 'RANGE' as const) },
    ]);
    return $.OR1<WindowFrame>([
      {
        ALT: () => {
          $.CONSUME(K('BETWEEN'));
          const start = $.SUBRULE($.frameBound);
          $.CONSUME(K('AND'));
          const end = $.SUBRULE1($.frameBound);
          return { type, start, end };
        },
      },
      { ALT: () => ({ type, start: $.SUBRULE2($.frameBound), end: null }) },
    ]);
  });

  defineRule($, 'frameBound', (): FrameBound =>
    $.OR<FrameBound>({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => $.LA(1).tokenType === K('UNBOUNDED'),
          ALT: () => {
            $.CONSUME(K('UNBOUNDED'));
            return $.OR1<FrameBound>([
              { ALT: () => ($.CONSUME(K('PRECEDING')), { type: 'UNBOUNDED PRECEDING' as const }) },
              { ALT: () => ($.CONSUME(K('FOLLOWING')), { type: 'UNBOUNDED FOLLOWING' as const }) },
            ]);
          },
        },
        {
          GATE: () => $.LA(1).tokenType === K('CURRENT') && $.LA(2).tokenType === K('ROW'),
          ALT: () => {
            $.CONSUME(K('CURRENT'));
            $.CONSUME(K('ROW'));
            return { type: 'CURRENT ROW' as const };
          },
        },
        {
          ALT: () => {
            const offset = $.SUBRULE($.expression);
            return $.OR2<FrameBound>([
              { ALT: () => ($.CONSUME1(K('PRECEDING')), { type: 'PRECEDING' as const, offset }) },
              { ALT: () => ($.CONSUME1(K('FOLLOWING')), { type: 'FOLLOWING' as const, offset }) },
            ]);
          },
        },
      ],
    }),
  );
}

const WINDOW_SPEC_WORDS = new Set([K('PARTITION'), K('DISTRIBUTE'), K('ORDER'), K('SORT'), K('ROWS'), K('RANGE')]);
