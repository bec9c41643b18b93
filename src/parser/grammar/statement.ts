/**
 * Statements. A query is a statement; other forms build statement nodes (plan/statement.ts),
 * grammar in ddl.ts (CREATE/ALTER/DROP…), dml.ts (INSERT/MERGE/UPDATE/DELETE/LOAD) and
 * statement-session.ts (SET, SHOW, DESCRIBE, CACHE…). The dispatcher picks a family by the
 * leading words (`statementForm`); a statement whose leading words we recognise but do not
 * model becomes an `UnsupportedStatement` naming its kind, so the engine can refuse it by name.
 * A modelled form with a syntax error is a parse error, not an UnsupportedStatement.
 */
import { EOF, type IToken, type TokenType } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { OrArg, Rule } from '../dsl.js';
import * as T from '../tokens.js';
import type { Plan } from '../../plan/logical.js';
import type { Expression } from '../../plan/expression.js';
import type { ObjectName, PartitionSpec, PropertyList } from '../../plan/statement.js';
import { isQueryStart } from './expression.js';
import { decodeStringLiteral } from './literals.js';

const K = T.keyword;
const SELECT = K('SELECT');

declare module '../rules.js' {
  interface Rules {
    singleStatement: Rule<Plan>;
    statement: Rule<Plan>;
    unsupportedStatement: Rule<Plan>;
    objectName: Rule<ObjectName>;
    partitionSpec: Rule<PartitionSpec>;
    propertyList: Rule<PropertyList>;
    expressionPropertyList: Rule<(readonly [string, Expression])[]>;
    propertyKey: Rule<string>;
    /** The text of the statement from the next token to its end (before `;`), trimmed. */
    /** The raw text up to the end of the statement, or up to the keyword `stop`. */
    restOfStatement: Rule<string, [string?]>;
    insertStatement: Rule<Plan>;
    mergeStatement: Rule<Plan>;
    updateStatement: Rule<Plan>;
    deleteStatement: Rule<Plan>;
    loadStatement: Rule<Plan>;
    createStatement: Rule<Plan>;
    alterStatement: Rule<Plan>;
    dropStatement: Rule<Plan>;
    truncateStatement: Rule<Plan>;
    commentStatement: Rule<Plan>;
    repairStatement: Rule<Plan>;
    cacheStatement: Rule<Plan>;
    refreshStatement: Rule<Plan>;
    analyzeStatement: Rule<Plan>;
    showStatement: Rule<Plan>;
    describeStatement: Rule<Plan>;
    setStatement: Rule<Plan>;
    resetStatement: Rule<Plan>;
    declareStatement: Rule<Plan>;
    executeStatement: Rule<Plan>;
    resourceStatement: Rule<Plan>;
  }
}

/** Leading keywords of statement forms (never the start of a query). */
export const STATEMENT_STARTS: ReadonlySet<TokenType> = new Set(
  [
    'ALTER', 'ANALYZE', 'CACHE', 'CLEAR', 'COMMENT', 'CREATE', 'DECLARE', 'DELETE', 'DESC', 'DESCRIBE',
    'DROP', 'EXECUTE', 'GRANT', 'INSERT', 'LIST', 'LOAD', 'LOCK', 'MERGE', 'MSCK', 'REFRESH', 'REPAIR',
    'REPLACE', 'RESET', 'REVOKE', 'SET', 'SHOW', 'TRUNCATE', 'UNCACHE', 'UNLOCK', 'UPDATE', 'ADD', 'BEGIN',
    'CALL', 'EXPORT', 'IMPORT',
  ].map(K),
);

export type StatementForm =
  | 'insert' | 'merge' | 'update' | 'delete' | 'load' | 'create' | 'alter' | 'drop' | 'truncate' | 'comment'
  | 'repair' | 'cache' | 'refresh' | 'analyze' | 'show' | 'describe' | 'set' | 'reset' | 'declare' | 'execute'
  | 'resource';

/** Token-type test on the lookahead: `is($, 2, 'TABLE')`. */
export function is($: Grammar, i: number, ...names: string[]): boolean {
  const t = $.LA(i).tokenType;
  // A keyword's token type is named after it: compare names first.
  return names.includes(t.name) && T.isKeywordType(t);
}

const RESOURCE_WORDS = new Set(['JAR', 'JARS', 'FILE', 'FILES', 'ARCHIVE', 'ARCHIVES']);
const SHOW_WORDS = [
  'DATABASES', 'SCHEMAS', 'NAMESPACES', 'TABLES', 'VIEWS', 'COLUMNS', 'FUNCTIONS', 'USER', 'SYSTEM', 'ALL',
  'TBLPROPERTIES', 'PARTITIONS', 'CURRENT', 'CATALOGS',
];

/** Which modelled statement family the leading words select, or null (query or unmodelled). */
export function statementForm($: Grammar): StatementForm | null {
  const first = $.LA(1).tokenType;
  // One choice on the first word (the families are told apart by it), then the words after it.
  switch (T.isKeywordType(first) ? first.name : '') {
    case 'INSERT':
      return is($, 2, 'INTO', 'OVERWRITE', 'WITH') ? 'insert' : null;
    case 'MERGE':
      return is($, 2, 'INTO', 'WITH') ? 'merge' : null;
    case 'UPDATE':
      return 'update';
    case 'DELETE':
      return is($, 2, 'FROM') ? 'delete' : null;
    case 'LOAD':
      return is($, 2, 'DATA') ? 'load' : null;
    case 'REPLACE':
      return is($, 2, 'TABLE') ? 'create' : null;
    case 'CREATE': {
      let i = 2;
      if (is($, i, 'OR') && is($, i + 1, 'REPLACE')) i += 2;
      if (is($, i, 'GLOBAL')) i++;
      if (is($, i, 'TEMPORARY')) i++;
      if (is($, i, 'EXTERNAL')) i++;
      return is($, i, 'TABLE', 'VIEW', 'FUNCTION', 'DATABASE', 'SCHEMA', 'NAMESPACE') ? 'create' : null;
    }
    case 'ALTER':
      return is($, 2, 'TABLE', 'VIEW') ? 'alter' : null;
    case 'DROP':
      if (is($, 2, 'TABLE', 'VIEW', 'DATABASE', 'SCHEMA', 'NAMESPACE', 'FUNCTION')) return 'drop';
      // `DROP VARIABLE v` (without TEMPORARY) goes to the DROP rule too, which refuses it as Spark does.
      return (is($, 2, 'TEMPORARY') && is($, 3, 'FUNCTION', 'VARIABLE', 'VAR')) || is($, 2, 'VARIABLE', 'VAR') ? 'drop' : null;
    case 'TRUNCATE':
      return is($, 2, 'TABLE') ? 'truncate' : null;
    case 'COMMENT':
      return is($, 2, 'ON') && is($, 3, 'TABLE', 'DATABASE', 'SCHEMA', 'NAMESPACE') ? 'comment' : null;
    case 'REPAIR':
      return is($, 2, 'TABLE') ? 'repair' : null;
    case 'MSCK':
      return is($, 2, 'REPAIR') && is($, 3, 'TABLE') ? 'repair' : null;
    case 'CACHE':
      return is($, 2, 'TABLE') || (is($, 2, 'LAZY') && is($, 3, 'TABLE')) ? 'cache' : null;
    case 'UNCACHE':
      return is($, 2, 'TABLE') ? 'cache' : null;
    case 'CLEAR':
      return is($, 2, 'CACHE') ? 'cache' : null;
    case 'REFRESH':
      return 'refresh';
    case 'ANALYZE':
      return is($, 2, 'TABLE', 'TABLES') ? 'analyze' : null;
    case 'SHOW':
      if (is($, 2, 'TABLE')) return is($, 3, 'EXTENDED') ? 'show' : null;
      if (is($, 2, 'CREATE')) return is($, 3, 'TABLE') ? 'show' : null;
      if (is($, 2, 'USER', 'SYSTEM', 'ALL')) return is($, 3, 'FUNCTIONS') ? 'show' : null;
      return is($, 2, ...SHOW_WORDS) ? 'show' : null;
    case 'DESC':
    case 'DESCRIBE':
      return 'describe';
    case 'SET':
      return is($, 2, 'ROLE', 'CATALOG') ? null : 'set';
    case 'RESET':
      return 'reset';
    case 'DECLARE':
      return 'declare';
    case 'EXECUTE':
      return is($, 2, 'IMMEDIATE') ? 'execute' : null;
    case 'ADD':
    case 'LIST':
      return RESOURCE_WORDS.has($.LA(2).image.toUpperCase()) ? 'resource' : null;
    default:
      return null;
  }
}

/** Whether the WITH clause ahead is followed by INSERT, UPDATE, DELETE or MERGE. */
function isDmlAfterCtes($: Grammar): boolean {
  let depth = 0;
  for (let i = 2; ; i++) {
    const t = $.LA(i).tokenType;
    if (t.name === 'EOF' || t === T.Semicolon) return false;
    if (t === T.LParen) depth++;
    else if (t === T.RParen && --depth === 0) {
      if (is($, i + 1, 'INSERT', 'UPDATE', 'DELETE', 'MERGE')) return true;
    }
  }
}

export function defineStatementRules($: Grammar): void {
  // The statement's form, read once per statement (the gates below ask in turn) and kept with the
  // token it was read at. Token objects are reused from parse to parse (tokenizeReusing): the
  // kept form goes when a parse starts (statements are only reached through singleStatement).
  let formAt: IToken | undefined;
  let formHere: StatementForm | null = null;

  defineRule($, 'singleStatement', (): Plan => {
    formAt = undefined;
    const s = $.SUBRULE($.statement);
    // Most statements end at the end of input: one test instead of the loop's lookahead.
    if (!$.shortcuts || $.LA(1).tokenType !== EOF) $.MANY(() => $.CONSUME(T.Semicolon));
    return s;
  });

  const form = (f: StatementForm) => () => {
    const t = $.LA(1);
    if (t !== formAt) {
      formAt = t;
      formHere = statementForm($);
    }
    return formHere === f;
  };

  let statementAlts: OrArg<Plan> | undefined; // built once: see OrArg
  defineRule($, 'statement', (): Plan =>
    // A statement starting with SELECT is a query (the choice below takes it there).
    $.shortcuts && $.LA(1).tokenType === SELECT ? $.SUBRULE($.query) :
    $.OR(statementAlts ??= {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          // `WITH … INSERT / UPDATE / DELETE / MERGE`: as Spark's dmlStatement, the CTEs wrap an
          // INSERT's query, or the other statement.
          GATE: () => is($, 1, 'WITH') && isDmlAfterCtes($),
          ALT: () => {
            const w = $.SUBRULE($.ctes);
            const dml = $.OR3([
              { GATE: form('insert'), ALT: () => $.SUBRULE1($.insertStatement) },
              { GATE: form('update'), ALT: () => $.SUBRULE1($.updateStatement) },
              { GATE: form('delete'), ALT: () => $.SUBRULE1($.deleteStatement) },
              { GATE: form('merge'), ALT: () => $.SUBRULE1($.mergeStatement) },
            ]);
            return $.ACTION((): Plan => {
              if (dml.kind === 'InsertInto') return { ...dml, query: { kind: 'With', recursive: w.recursive, ctes: w.ctes, child: dml.query } };
              return { kind: 'With', recursive: w.recursive, ctes: w.ctes, child: dml };
            });
          },
        },
        { GATE: () => !STATEMENT_STARTS.has($.LA(1).tokenType), ALT: () => $.SUBRULE($.query) },
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
              GATE: () => $.LA(2).tokenType !== T.Dot && $.LA(2).tokenType.name !== 'EOF' && $.LA(2).tokenType !== T.Semicolon && $.LA(2).tokenType !== T.LParen,
              DEF: () =>
                $.OR2([
                  { ALT: () => $.CONSUME(K('NAMESPACE')) },
                  { ALT: () => $.CONSUME(K('DATABASE')) },
                  { ALT: () => $.CONSUME(K('SCHEMA')) },
                ]),
            });
            const r = $.SUBRULE($.identifierReference);
            return { kind: 'UseStatement', namespace: r.name, clause: r.clause } as Plan;
          },
        },
        { GATE: form('insert'), ALT: () => $.SUBRULE($.insertStatement) },
        { GATE: form('merge'), ALT: () => $.SUBRULE($.mergeStatement) },
        { GATE: form('update'), ALT: () => $.SUBRULE($.updateStatement) },
        { GATE: form('delete'), ALT: () => $.SUBRULE($.deleteStatement) },
        { GATE: form('load'), ALT: () => $.SUBRULE($.loadStatement) },
        { GATE: form('create'), ALT: () => $.SUBRULE($.createStatement) },
        { GATE: form('alter'), ALT: () => $.SUBRULE($.alterStatement) },
        { GATE: form('drop'), ALT: () => $.SUBRULE($.dropStatement) },
        { GATE: form('truncate'), ALT: () => $.SUBRULE($.truncateStatement) },
        { GATE: form('comment'), ALT: () => $.SUBRULE($.commentStatement) },
        { GATE: form('repair'), ALT: () => $.SUBRULE($.repairStatement) },
        { GATE: form('cache'), ALT: () => $.SUBRULE($.cacheStatement) },
        { GATE: form('refresh'), ALT: () => $.SUBRULE($.refreshStatement) },
        { GATE: form('analyze'), ALT: () => $.SUBRULE($.analyzeStatement) },
        { GATE: form('show'), ALT: () => $.SUBRULE($.showStatement) },
        { GATE: form('describe'), ALT: () => $.SUBRULE($.describeStatement) },
        { GATE: form('set'), ALT: () => $.SUBRULE($.setStatement) },
        { GATE: form('reset'), ALT: () => $.SUBRULE($.resetStatement) },
        { GATE: form('declare'), ALT: () => $.SUBRULE($.declareStatement) },
        { GATE: form('execute'), ALT: () => $.SUBRULE($.executeStatement) },
        { GATE: form('resource'), ALT: () => $.SUBRULE($.resourceStatement) },
        // A SQL script (grammar/scripting.ts); Spark has no other statement starting with BEGIN.
        { GATE: () => is($, 1, 'BEGIN'), ALT: () => $.SUBRULE($.compoundStatement) },
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

  defineRule($, 'restOfStatement', (stop?: string): string => {
    let start = -1;
    let end = -1;
    $.MANY({
      GATE: () => (stop === undefined || !is($, 1, stop)) && $.LA(1).tokenType !== T.Semicolon,
      DEF: () => {
        const t = $.CONSUME(T.AnyToken);
        $.ACTION(() => {
          if (start < 0) start = t.startOffset;
          end = t.endOffset! + 1;
        });
      },
    });
    return $.ACTION(() => (start < 0 ? '' : $.text.slice(start, end).trim()));
  });

  defineRule($, 'objectName', (): ObjectName => {
    const r = $.SUBRULE($.identifierReference);
    return $.ACTION(() => ({ name: r.name, clause: r.clause }));
  });

  /** `PARTITION (k = v, k)`; Spark allows a constant value, or none for a dynamic partition. */
  defineRule($, 'partitionSpec', (): PartitionSpec => {
    const spec: { column: string; value: Expression | null }[] = [];
    $.CONSUME(K('PARTITION'));
    $.CONSUME(T.LParen);
    $.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const column = $.SUBRULE($.identifier);
        let value: Expression | null = null;
        $.OPTION(() => {
          $.CONSUME(T.Eq);
          value = $.SUBRULE($.valueExpression);
        });
        spec.push({ column, value });
      },
    });
    $.CONSUME(T.RParen);
    return spec;
  });

  defineRule($, 'propertyKey', (): string =>
    $.OR([
      {
        // One string token: in `('k' 'v')` the second string is the value.
        ALT: () => {
          const t = $.CONSUME(T.StringLiteral);
          return $.ACTION(() => decodeStringLiteral($, t));
        },
      },
      {
        ALT: () => {
          const parts = $.SUBRULE($.multipartIdentifier);
          return $.ACTION(() => parts.join('.'));
        },
      },
    ]),
  );

  /** `(key [=] value, …)`; values become strings as in Spark's `visitPropertyValue`. */
  defineRule($, 'propertyList', (): PropertyList => {
    const props: (readonly [string, string | null])[] = [];
    $.CONSUME(T.LParen);
    $.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const key = $.SUBRULE($.propertyKey);
        let value: string | null = null;
        $.OPTION(() => $.CONSUME(T.Eq));
        $.OPTION1(() => {
          value = $.OR([
            {
              ALT: () => {
                const neg = $.OPTION2(() => $.CONSUME(T.Minus));
                const n = $.CONSUME(T.NumberLiteral);
                return $.ACTION(() => (neg ? '-' : '') + n.image);
              },
            },
            { ALT: () => ($.CONSUME(K('TRUE')), 'true') },
            { ALT: () => ($.CONSUME(K('FALSE')), 'false') },
            { ALT: () => $.SUBRULE1($.stringConstant) },
          ]);
        });
        props.push([key, value]);
      },
    });
    $.CONSUME(T.RParen);
    return props;
  });

  /** `(key [=] expr, …)` of OPTIONS in CREATE TABLE (Spark's expressionPropertyList). */
  defineRule($, 'expressionPropertyList', () => {
    const props: (readonly [string, Expression])[] = [];
    $.CONSUME(T.LParen);
    $.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const key = $.SUBRULE($.propertyKey);
        $.OPTION(() => $.CONSUME(T.Eq));
        const value = $.SUBRULE($.expression);
        props.push([key, value]);
      },
    });
    $.CONSUME(T.RParen);
    return props;
  });
}

/** Whether a query (possibly parenthesized) starts at lookahead position `n`. */
export function queryAhead($: Grammar, n: number): boolean {
  return isQueryStart($, n);
}
