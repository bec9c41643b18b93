/**
 * Identifiers and multi-part names.
 *
 * In Spark's default mode every keyword is a valid identifier (`identifier`), and every keyword
 * but the join and set-operation words is a valid table alias (`strictIdentifier`). The token
 * categories `Ident` and `StrictIdent` (tokens.ts) encode that split.
 */
import type { IToken } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { OrArg, Rule } from '../dsl.js';
import { ANSI_RESERVED, BackquotedIdentifier, Comma, Dot, Ident, keyword, LParen, RParen, StrictIdent, UnquotedIdentifier } from '../tokens.js';
import { SqlParseError } from '../errors.js';
import type { Expression } from '../../plan/expression.js';

declare module '../rules.js' {
  interface Rules {
    identifier: Rule<string>;
    strictIdentifier: Rule<string>;
    multipartIdentifier: Rule<string[]>;
    identifierList: Rule<string[]>;
    /** A multi-part name, or `IDENTIFIER(expr)`. */
    identifierReference: Rule<{ name: string[]; clause: Expression | null }>;
  }
}

/** The identifier text of a token: backquotes removed and doubled backquotes undone. */
export function identifierText(t: IToken): string {
  if (t.tokenType === BackquotedIdentifier) return t.image.slice(1, -1).replace(/``/g, '`');
  return t.image;
}

export function checkReserved($: Grammar, t: IToken): void {
  if ($.options.keywords === 'ansi' && t.tokenType !== BackquotedIdentifier && ANSI_RESERVED.has(t.tokenType.name)) {
    throw new SqlParseError('RESERVED_KEYWORD', `'${t.image}' is a reserved keyword and cannot be used as an identifier; quote it with backquotes`, $.text, t.startOffset);
  }
}

const IDENTIFIER_KW = keyword('IDENTIFIER_KW');

export function defineNameRules($: Grammar): void {
  defineRule($, 'identifier', () => {
    const t = $.CONSUME(Ident);
    return $.ACTION(() => {
      checkReserved($, t);
      return identifierText(t);
    });
  });

  defineRule($, 'strictIdentifier', () => {
    const t = $.CONSUME(StrictIdent);
    return $.ACTION(() => {
      checkReserved($, t);
      return identifierText(t);
    });
  });

  defineRule($, 'multipartIdentifier', () => {
    const parts: string[] = [];
    parts.push($.SUBRULE($.identifier));
    $.MANY(() => {
      $.CONSUME(Dot);
      parts.push($.SUBRULE1($.identifier));
    });
    return parts;
  });

  defineRule($, 'identifierList', () => {
    const names: string[] = [];
    $.CONSUME(LParen);
    $.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => names.push($.SUBRULE($.identifier)) });
    $.CONSUME(RParen);
    return names;
  });

  let identifierReferenceAlts: OrArg<{ name: string[]; clause: Expression | null }> | undefined; // built once: see OrArg
  defineRule($, 'identifierReference', () =>
    // A plain or backquoted word starts only the name (the choice below takes it there).
    $.shortcuts && ($.LA(1).tokenType === UnquotedIdentifier || $.LA(1).tokenType === BackquotedIdentifier)
      ? { name: $.SUBRULE($.multipartIdentifier), clause: null }
      : $.OR(identifierReferenceAlts ??= [
      {
        GATE: () => $.LA(1).tokenType === IDENTIFIER_KW && $.LA(2).tokenType === LParen,
        ALT: () => {
          $.CONSUME(IDENTIFIER_KW);
          $.CONSUME1(LParen);
          const e = $.SUBRULE($.expression);
          $.CONSUME(RParen);
          return { name: [] as string[], clause: e as Expression | null };
        },
      },
      { ALT: () => ({ name: $.SUBRULE($.multipartIdentifier), clause: null }) },
    ]),
  );
}

