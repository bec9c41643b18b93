/**
 * Statements. A query is a statement; other forms build statement nodes (plan/statement.ts).
 * A statement whose leading words we recognise but do not model yet becomes an
 * `UnsupportedStatement` naming its kind, so the engine can refuse it by name.
 */
import type { TokenType } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import { KW } from '../tokens.js';
import type { Plan } from '../../plan/logical.js';

const K = (n: string) => KW[n]!;

declare module '../rules.js' {
  interface Rules {
    singleStatement: Rule<Plan>;
    statement: Rule<Plan>;
    unsupportedStatement: Rule<Plan>;
  }
}

/** Leading keywords of statement forms that are recognised but not modelled yet. */
const UNMODELLED_STARTS: ReadonlySet<TokenType> = new Set(
  [
    'ALTER', 'ANALYZE', 'CACHE', 'CLEAR', 'COMMENT', 'CREATE', 'DECLARE', 'DELETE', 'DESC', 'DESCRIBE',
    'DROP', 'EXECUTE', 'GRANT', 'INSERT', 'LIST', 'LOAD', 'LOCK', 'MERGE', 'MSCK', 'REFRESH', 'REPAIR',
    'REPLACE', 'RESET', 'REVOKE', 'SET', 'SHOW', 'TRUNCATE', 'UNCACHE', 'UNLOCK', 'UPDATE', 'ADD', 'BEGIN',
    'CALL', 'EXPORT', 'IMPORT',
  ].map(K),
);

export function defineStatementRules($: Grammar): void {
  defineRule($, 'singleStatement', (): Plan => {
    const s = $.SUBRULE($.statement);
    $.MANY(() => $.CONSUME(T.Semicolon));
    return s;
  });

  defineRule($, 'statement', (): Plan =>
    $.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => !UNMODELLED_STARTS.has($.LA(1).tokenType), ALT: () => $.SUBRULE($.query) },
        {
          ALT: () => {
            $.CONSUME(K('EXPLAIN'));
            let mode: 'SIMPLE' | 'EXTENDED' | 'CODEGEN' | 'COST' | 'FORMATTED' = 'SIMPLE';
            $.OPTION(() => {
              mode = $.OR1([
                { ALT: () => ($.CONSUME(K('LOGICAL')), 'SIMPLE' as const) },
                { ALT: () => ($.CONSUME(K('EXTENDED')), 'EXTENDED' as const) },
                { ALT: () => ($.CONSUME(K('CODEGEN')), 'CODEGEN' as const) },
                { ALT: () => ($.CONSUME(K('COST')), 'COST' as const) },
                { ALT: () => ($.CONSUME(K('FORMATTED')), 'FORMATTED' as const) },
              ]);
            });
            const statement = $.SUBRULE($.statement);
            return { kind: 'Explain', mode, statement } as Plan;
          },
        },
        {
          GATE: () => $.LA(1).tokenType === K('USE'),
          ALT: () => {
            $.CONSUME(K('USE'));
            $.OPTION1({
              GATE: () => $.LA(2).tokenType !== T.Dot && $.LA(2).tokenType.name !== 'EOF' && $.LA(2).tokenType !== T.Semicolon,
              DEF: () =>
                $.OR2([
                  { ALT: () => $.CONSUME(K('NAMESPACE')) },
                  { ALT: () => $.CONSUME(K('DATABASE')) },
                  { ALT: () => $.CONSUME(K('SCHEMA')) },
                ]),
            });
            const namespace = $.SUBRULE($.multipartIdentifier);
            return { kind: 'UseStatement', namespace } as Plan;
          },
        },
        { ALT: () => $.SUBRULE($.unsupportedStatement) },
      ],
    }),
  );

  /** Consumes the rest of the statement and names its kind by its leading words. */
  defineRule($, 'unsupportedStatement', (): Plan => {
    const first = $.CONSUME(T.Keyword);
    const words: string[] = [];
    $.ACTION(() => words.push(first.image.toUpperCase()));
    $.MANY({
      GATE: () => $.LA(1).tokenType !== T.Semicolon,
      DEF: () => {
        const t = $.CONSUME(T.AnyToken);
        $.ACTION(() => {
          if (words.length < 2 && t.tokenType.CATEGORIES?.includes(T.Keyword)) words.push(t.image.toUpperCase());
          else words.length = Math.max(words.length, 2);
        });
      },
    });
    return $.ACTION(() => {
      const endTok = $.LA(0);
      const text = $.text.slice(first.startOffset, (endTok.endOffset ?? first.endOffset!) + 1);
      return { kind: 'UnsupportedStatement', statementKind: words.filter(Boolean).join(' '), text } as Plan;
    });
  });
}
