/**
 * Session and metadata statements: CACHE/UNCACHE/CLEAR CACHE, REFRESH, ANALYZE, SHOW, DESCRIBE,
 * SET/RESET (raw text, as Spark's SparkSqlParser reads them), SET VAR, DECLARE VARIABLE,
 * EXECUTE IMMEDIATE and ADD/LIST resources.
 */
import { tokenMatcher } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import * as T from '../tokens.js';
import type { Plan } from '../../plan/logical.js';
import type { Expression } from '../../plan/expression.js';
import type { DataType } from '../../plan/data-type.js';
import type { ObjectName, PartitionSpec, PropertyList, ShowStatement } from '../../plan/statement.js';
import { SqlParseError, invalidSyntax, syntaxError } from '../errors.js';
import { isQueryStart } from './expression.js';
import { is } from './statement.js';

const K = T.keyword;

/** Config keys Spark reads unquoted in `SET key = value` (SparkSqlParser's configKeyDef). */
export const CONFIG_KEY = /^[A-Za-z0-9_.:]+$/;

declare module '../rules.js' {
  interface Rules {
    asJson: import('../dsl.js').Rule<boolean>;
    showFrom: import('../dsl.js').Rule<ObjectName | null>;
    showLike: import('../dsl.js').Rule<string | null>;
    describeFuncName: import('../dsl.js').Rule<ObjectName>;
  }
}

export function defineSessionRules($: Grammar): void {
  const endOfStatement = () => $.LA(1).tokenType === T.Semicolon || $.LA(1).tokenType.name === 'EOF';

  defineRule($, 'cacheStatement', (): Plan =>
    $.OR([
      {
        ALT: () => {
          $.CONSUME(K('CACHE'));
          let lazy = false;
          let options: PropertyList | null = null;
          let query: Plan | null = null;
          $.OPTION(() => ($.CONSUME(K('LAZY')), (lazy = true)));
          $.CONSUME(K('TABLE'));
          const name = $.SUBRULE($.objectName);
          $.OPTION1(() => ($.CONSUME(K('OPTIONS')), (options = $.SUBRULE($.propertyList))));
          $.OPTION2({
            GATE: () => is($, 1, 'AS') || isQueryStart($, 1),
            DEF: () => {
              $.OPTION3(() => $.CONSUME(K('AS')));
              query = $.SUBRULE($.query);
            },
          });
          return { kind: 'CacheTable', lazy, name, options, query } as Plan;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('UNCACHE'));
          $.CONSUME1(K('TABLE'));
          const ifExists = $.SUBRULE($.ifExists);
          return { kind: 'UncacheTable', ifExists, name: $.SUBRULE1($.objectName) } as Plan;
        },
      },
      { ALT: () => ($.CONSUME(K('CLEAR')), $.CONSUME1(K('CACHE')), { kind: 'ClearCache' } as Plan) },
    ]),
  );

  defineRule($, 'refreshStatement', (): Plan => {
    $.CONSUME(K('REFRESH'));
    return $.OR([
      {
        GATE: () => is($, 1, 'TABLE', 'FUNCTION') && !endOfStatementAt($, 2),
        ALT: () => {
          const target = $.OR1([
            { ALT: () => ($.CONSUME(K('TABLE')), 'TABLE' as const) },
            { ALT: () => ($.CONSUME(K('FUNCTION')), 'FUNCTION' as const) },
          ]);
          return { kind: 'Refresh', target, name: $.SUBRULE($.objectName), path: null } as Plan;
        },
      },
      {
        GATE: () => $.LA(1).tokenType === T.StringLiteral && endOfStatementAt($, 2),
        ALT: () => ({ kind: 'Refresh', target: 'PATH', name: null, path: $.SUBRULE($.stringConstant) }) as Plan,
      },
      {
        // An unquoted path: Spark takes the raw text.
        ALT: () => {
          const t = $.LA(1);
          const path = $.SUBRULE($.restOfStatement);
          return $.ACTION(() => {
            if (path === '') throw invalidSyntax('Resource paths cannot be empty', $.text, t.startOffset);
            return { kind: 'Refresh', target: 'PATH', name: null, path } as Plan;
          });
        },
      },
    ]);
  });

  defineRule($, 'analyzeStatement', (): Plan => {
    $.CONSUME(K('ANALYZE'));
    let allTables = false;
    let name: ObjectName | null = null;
    let partition: PartitionSpec | null = null;
    let noScan = false;
    let columns: string[] | 'ALL' | null = null;
    $.OR([
      {
        ALT: () => {
          $.CONSUME(K('TABLE'));
          name = $.SUBRULE($.objectName);
          $.OPTION(() => (partition = $.SUBRULE($.partitionSpec)));
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('TABLES'));
          allTables = true;
          $.OPTION1(() => {
            $.OR1([{ ALT: () => $.CONSUME(K('FROM')) }, { ALT: () => $.CONSUME(K('IN')) }]);
            name = $.SUBRULE1($.objectName);
          });
        },
      },
    ]);
    $.CONSUME(K('COMPUTE'));
    $.CONSUME(K('STATISTICS'));
    $.OPTION2(() =>
      $.OR2([
        {
          ALT: () => {
            $.CONSUME(K('FOR'));
            $.OR3([
              { ALT: () => ($.CONSUME(K('ALL')), $.CONSUME(K('COLUMNS')), (columns = 'ALL')) },
              {
                ALT: () => {
                  $.CONSUME1(K('COLUMNS'));
                  const cols: string[] = [];
                  $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => {
                    const c = $.SUBRULE($.multipartIdentifier);
                    $.ACTION(() => cols.push(c.join('.')));
                  } });
                  columns = cols;
                },
              },
            ]);
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(T.Ident);
            $.ACTION(() => {
              if (t.image.toUpperCase() !== 'NOSCAN') {
                throw invalidSyntax(`Expected NOSCAN, found '${t.image}'`, $.text, t.startOffset);
              }
              noScan = true;
            });
          },
        },
      ]),
    );
    return $.ACTION(() => {
      if (allTables && columns !== null) throw syntaxError('ANALYZE TABLES takes no columns', $.text, $.LA(0).startOffset);
      return { kind: 'AnalyzeTable', allTables, name, partition, noScan, columns } as Plan;
    });
  });

  defineRule($, 'showStatement', (): Plan => {
    $.CONSUME(K('SHOW'));
    const s: { -readonly [K in keyof ShowStatement]: ShowStatement[K] } = {
      kind: 'ShowStatement', what: 'TABLES', name: null, namespace: null, pattern: null, partition: null, key: null, asSerde: false, asJson: false,
    };
    $.OR([
      {
        ALT: () => {
          s.what = $.OR1([
            { ALT: () => ($.CONSUME(K('DATABASES')), 'DATABASES' as const) },
            { ALT: () => ($.CONSUME(K('SCHEMAS')), 'SCHEMAS' as const) },
            { ALT: () => ($.CONSUME(K('NAMESPACES')), 'NAMESPACES' as const) },
          ]);
          s.name = $.SUBRULE($.showFrom);
          s.pattern = $.SUBRULE($.showLike);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('TABLES'));
          s.name = $.SUBRULE1($.showFrom);
          s.pattern = $.SUBRULE1($.showLike);
          s.asJson = $.SUBRULE($.asJson);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('TABLE'));
          $.CONSUME(K('EXTENDED'));
          s.what = 'TABLE EXTENDED';
          s.name = $.SUBRULE2($.showFrom);
          $.CONSUME(K('LIKE'));
          s.pattern = $.SUBRULE($.stringConstant);
          $.OPTION3(() => (s.partition = $.SUBRULE($.partitionSpec)));
          s.asJson = $.SUBRULE1($.asJson);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('VIEWS'));
          s.what = 'VIEWS';
          s.name = $.SUBRULE3($.showFrom);
          s.pattern = $.SUBRULE2($.showLike);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('COLUMNS'));
          s.what = 'COLUMNS';
          $.OR5([{ ALT: () => $.CONSUME2(K('FROM')) }, { ALT: () => $.CONSUME2(K('IN')) }]);
          s.name = $.SUBRULE4($.objectName);
          $.OPTION5(() => {
            $.OR2([{ ALT: () => $.CONSUME1(K('FROM')) }, { ALT: () => $.CONSUME1(K('IN')) }]);
            s.namespace = $.SUBRULE($.multipartIdentifier);
          });
        },
      },
      {
        ALT: () => {
          // The scope is an OPTION, not an empty alternative of the OR: an empty alternative
          // gives the enclosing OR no lookahead for a bare `SHOW FUNCTIONS`.
          s.what = 'FUNCTIONS';
          $.OPTION6(() => {
            s.what = $.OR3([
              { ALT: () => ($.CONSUME(K('USER')), 'USER FUNCTIONS' as const) },
              { ALT: () => ($.CONSUME(K('SYSTEM')), 'SYSTEM FUNCTIONS' as const) },
              { ALT: () => ($.CONSUME(K('ALL')), 'ALL FUNCTIONS' as const) },
            ]);
          });
          $.CONSUME(K('FUNCTIONS'));
          s.name = $.SUBRULE4($.showFrom);
          s.pattern = $.SUBRULE3($.showLike);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('CREATE'));
          $.CONSUME1(K('TABLE'));
          s.what = 'CREATE TABLE';
          s.name = $.SUBRULE6($.objectName);
          $.OPTION7(() => ($.CONSUME(K('AS')), $.CONSUME(K('SERDE')), (s.asSerde = true)));
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('TBLPROPERTIES'));
          s.what = 'TBLPROPERTIES';
          s.name = $.SUBRULE7($.objectName);
          $.OPTION({
            GATE: () => $.LA(1).tokenType === T.LParen,
            DEF: () => {
              $.CONSUME(T.LParen);
              s.key = $.SUBRULE($.propertyKey);
              $.CONSUME(T.RParen);
            },
          });
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('PARTITIONS'));
          s.what = 'PARTITIONS';
          s.name = $.SUBRULE8($.objectName);
          $.OPTION2(() => (s.partition = $.SUBRULE1($.partitionSpec)));
          s.asJson = $.SUBRULE2($.asJson);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('CURRENT'));
          s.what = $.OR4([
            { ALT: () => ($.CONSUME1(K('NAMESPACE')), 'CURRENT NAMESPACE' as const) },
            { ALT: () => ($.CONSUME1(K('DATABASE')), 'CURRENT DATABASE' as const) },
            { ALT: () => ($.CONSUME1(K('SCHEMA')), 'CURRENT SCHEMA' as const) },
          ]);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('CATALOGS'));
          s.what = 'CATALOGS';
          s.pattern = $.SUBRULE4($.showLike);
        },
      },
    ]);
    return s as Plan;
  });

  /** `[FROM | IN] name` of SHOW. */
  defineRule($, 'showFrom', (): ObjectName | null => {
    let name: ObjectName | null = null;
    $.OPTION(() => {
      $.OR([{ ALT: () => $.CONSUME(K('FROM')) }, { ALT: () => $.CONSUME(K('IN')) }]);
      name = $.SUBRULE($.objectName);
    });
    return name;
  });

  /** `[LIKE] 'pattern'` of SHOW. */
  defineRule($, 'showLike', (): string | null => {
    let pattern: string | null = null;
    $.OPTION({
      GATE: () => is($, 1, 'LIKE') || $.LA(1).tokenType === T.StringLiteral || $.LA(1).tokenType === T.DoubleQuotedString,
      DEF: () => {
        $.OPTION1(() => $.CONSUME(K('LIKE')));
        pattern = $.SUBRULE($.stringConstant);
      },
    });
    return pattern;
  });

  defineRule($, 'asJson', (): boolean => {
    let r = false;
    $.OPTION(() => ($.CONSUME(K('AS')), $.CONSUME(K('JSON')), (r = true)));
    return r;
  });

  defineRule($, 'describeStatement', (): Plan => {
    $.OR([{ ALT: () => $.CONSUME(K('DESC')) }, { ALT: () => $.CONSUME(K('DESCRIBE')) }]);
    return $.OR1([
      {
        GATE: () => is($, 1, 'FUNCTION') && !endOfStatementAt($, 2),
        ALT: () => {
          $.CONSUME(K('FUNCTION'));
          let extended = false;
          $.OPTION({ GATE: () => !endOfStatementAt($, 2), DEF: () => ($.CONSUME(K('EXTENDED')), (extended = true)) });
          const name = $.SUBRULE($.describeFuncName);
          return { kind: 'DescribeFunction', extended, name } as Plan;
        },
      },
      {
        GATE: () => is($, 1, 'DATABASE', 'SCHEMA', 'NAMESPACE') && !endOfStatementAt($, 2) && $.LA(2).tokenType !== T.Dot,
        ALT: () => {
          $.OR2([
            { ALT: () => $.CONSUME(K('DATABASE')) },
            { ALT: () => $.CONSUME(K('SCHEMA')) },
            { ALT: () => $.CONSUME(K('NAMESPACE')) },
          ]);
          let extended = false;
          $.OPTION1({ GATE: () => !endOfStatementAt($, 2), DEF: () => ($.CONSUME1(K('EXTENDED')), (extended = true)) });
          return { kind: 'DescribeNamespace', extended, name: $.SUBRULE($.objectName) } as Plan;
        },
      },
      {
        // `DESC TABLE t` describes a relation (Spark tries describeRelation before describeQuery).
        // Only a query is described: `DESCRIBE INSERT …` is a syntax error in Spark.
        GATE: () => (is($, 1, 'QUERY') && isQueryStart($, 2)) || (isQueryStart($, 1) && !is($, 1, 'TABLE')),
        ALT: () => {
          $.OPTION2(() => $.CONSUME(K('QUERY')));
          const query = $.SUBRULE($.query);
          return { kind: 'DescribeQuery', query } as Plan;
        },
      },
      {
        ALT: () => {
          let extended: 'EXTENDED' | 'FORMATTED' | null = null;
          let partition: PartitionSpec | null = null;
          let column: string[] | null = null;
          $.OPTION3({ GATE: () => is($, 1, 'TABLE') && !endOfStatementAt($, 2) && $.LA(2).tokenType !== T.Dot, DEF: () => $.CONSUME(K('TABLE')) });
          $.OPTION4({
            GATE: () => is($, 1, 'EXTENDED', 'FORMATTED') && !endOfStatementAt($, 2) && $.LA(2).tokenType !== T.Dot,
            DEF: () =>
              $.OR4([
                { ALT: () => ($.CONSUME2(K('EXTENDED')), (extended = 'EXTENDED')) },
                { ALT: () => ($.CONSUME(K('FORMATTED')), (extended = 'FORMATTED')) },
              ]),
          });
          const name = $.SUBRULE1($.objectName);
          $.OPTION5(() => (partition = $.SUBRULE($.partitionSpec)));
          $.OPTION6({
            GATE: () => !(is($, 1, 'AS') && is($, 2, 'JSON')),
            DEF: () => (column = $.SUBRULE($.multipartIdentifier)),
          });
          const asJson = $.SUBRULE($.asJson);
          return $.ACTION(() => {
            if (asJson && extended === null) {
              throw invalidSyntax('DESCRIBE ... AS JSON needs EXTENDED or FORMATTED', $.text, $.LA(0).startOffset);
            }
            if (asJson && column !== null) {
              throw invalidSyntax('DESCRIBE ... AS JSON cannot describe a column', $.text, $.LA(0).startOffset);
            }
            return { kind: 'DescribeRelation', name, extended, partition, column, asJson } as Plan;
          });
        },
      },
    ]);
  });

  /** A function name, or a string or operator naming one (`DESC FUNCTION '+'`, `DESC FUNCTION +`). */
  defineRule($, 'describeFuncName', (): ObjectName =>
    $.OR([
      {
        GATE: () => tokenMatcher($.LA(1), T.Ident),
        ALT: () => $.SUBRULE($.objectName),
      },
      { GATE: () => $.LA(1).tokenType === T.StringLiteral, ALT: () => ({ name: [$.SUBRULE($.stringConstant)], clause: null }) },
      {
        ALT: () => {
          const t = $.CONSUME(T.AnyToken);
          return $.ACTION(() => ({ name: [t.image], clause: null }));
        },
      },
    ]),
  );

  /** SET: variables are parsed; config keys and values are raw text like Spark's SparkSqlParser. */
  defineRule($, 'setStatement', (): Plan => {
    const setTok = $.CONSUME(K('SET'));
    return $.OR([
      {
        GATE: () => is($, 1, 'VAR', 'VARIABLE') && $.LA(2).tokenType !== T.Eq && !endOfStatementAt($, 2),
        ALT: () => {
          const keyword = $.OR1([
            { ALT: () => ($.CONSUME(K('VAR')), 'VAR' as const) },
            { ALT: () => ($.CONSUME(K('VARIABLE')), 'VARIABLE' as const) },
          ]);
          return $.OR2([
            {
              ALT: () => {
                $.CONSUME(T.LParen);
                const targets: string[][] = [];
                $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => targets.push($.SUBRULE($.multipartIdentifier)) });
                $.CONSUME(T.RParen);
                $.CONSUME(T.Eq);
                $.CONSUME1(T.LParen);
                const query = $.SUBRULE($.query);
                $.CONSUME1(T.RParen);
                return { kind: 'SetVariable', keyword, assignments: [], targets, query } as Plan;
              },
            },
            {
              ALT: () => {
                const assignments: { name: string[]; value: Expression }[] = [];
                $.AT_LEAST_ONE_SEP1({
                  SEP: T.Comma,
                  DEF: () => {
                    const name = $.SUBRULE1($.multipartIdentifier);
                    $.CONSUME1(T.Eq);
                    const value = $.SUBRULE($.expression);
                    assignments.push({ name, value });
                  },
                });
                return { kind: 'SetVariable', keyword, assignments, targets: null, query: null } as Plan;
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          const raw = $.SUBRULE($.restOfStatement);
          return $.ACTION(() => setConfig($, raw, setTok.endOffset! + 1));
        },
      },
    ]);
  });

  defineRule($, 'resetStatement', (): Plan => {
    $.CONSUME(K('RESET'));
    const raw = $.SUBRULE($.restOfStatement);
    return $.ACTION(() => ({ kind: 'ResetConfig', key: raw === '' ? null : unquoteKey(raw) }) as Plan);
  });

  defineRule($, 'declareStatement', (): Plan => {
    $.CONSUME(K('DECLARE'));
    let orReplace = false;
    let dataType: DataType | null = null;
    let defaultValue: Expression | null = null;
    $.OPTION(() => ($.CONSUME(K('OR')), $.CONSUME(K('REPLACE')), (orReplace = true)));
    $.OPTION1({
      // `DECLARE var = 1` declares a variable named `var`.
      GATE: () => is($, 1, 'VAR', 'VARIABLE') && tokenMatcher($.LA(2), T.Ident) && !(is($, 2, 'DEFAULT') && !tokenMatcher($.LA(3), T.Ident)),
      DEF: () =>
        $.OR([{ ALT: () => $.CONSUME(K('VAR')) }, { ALT: () => $.CONSUME(K('VARIABLE')) }]),
    });
    const names: ObjectName[] = [];
    $.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => names.push($.SUBRULE($.objectName)) });
    $.OPTION2({ GATE: () => !is($, 1, 'DEFAULT') && !endOfStatement() && $.LA(1).tokenType !== T.Eq, DEF: () => (dataType = $.SUBRULE($.dataType)) });
    $.OPTION3(() => {
      $.OR1([
        { ALT: () => $.CONSUME(K('DEFAULT')) },
        { ALT: () => $.CONSUME(T.Eq) },
      ]);
      defaultValue = $.SUBRULE($.expression);
    });
    return $.ACTION(() => {
      if (dataType === null && defaultValue === null) {
        throw invalidSyntax('DECLARE VARIABLE needs a type or a DEFAULT value', $.text, $.LA(0).startOffset);
      }
      return { kind: 'DeclareVariable', orReplace, names, dataType, defaultValue } as Plan;
    });
  });

  defineRule($, 'executeStatement', (): Plan => {
    $.CONSUME(K('EXECUTE'));
    $.CONSUME(K('IMMEDIATE'));
    const query = $.SUBRULE($.expression);
    let into: string[][] | null = null;
    let using: Expression[] | null = null;
    $.OPTION(() => {
      $.CONSUME(K('INTO'));
      into = [];
      $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => into!.push($.SUBRULE($.multipartIdentifier)) });
    });
    $.OPTION1(() => {
      $.CONSUME(K('USING'));
      $.OR([
        {
          GATE: () => $.LA(1).tokenType === T.LParen && !isQueryStart($, 1),
          ALT: () => {
            $.CONSUME(T.LParen);
            using = $.SUBRULE($.namedExpressionSeq);
            $.CONSUME(T.RParen);
          },
        },
        { ALT: () => (using = $.SUBRULE1($.namedExpressionSeq)) },
      ]);
    });
    return { kind: 'ExecuteImmediate', query, into, using } as Plan;
  });

  defineRule($, 'resourceStatement', (): Plan => {
    const op = $.OR([
      { ALT: () => ($.CONSUME(K('ADD')), 'ADD' as const) },
      { ALT: () => ($.CONSUME(K('LIST')), 'LIST' as const) },
    ]);
    const t = $.CONSUME(T.Ident);
    const args = $.SUBRULE($.restOfStatement);
    return $.ACTION(() => ({ kind: 'ManageResource', op, resourceType: t.image.toUpperCase(), args }) as Plan);
  });
}

function endOfStatementAt($: Grammar, i: number): boolean {
  const t = $.LA(i).tokenType;
  return t === T.Semicolon || t.name === 'EOF';
}

function unquoteKey(k: string): string {
  return k.length >= 2 && k.startsWith('`') && k.endsWith('`') ? k.slice(1, -1).replace(/``/g, '`') : k;
}

/** `SET`, `SET -v`, `SET key`, `SET key = value`, `SET TIME ZONE …`, `SET PATH = …` from the raw text. */
function setConfig($: Grammar, raw: string, offset: number): Plan {
  if (raw === '') return { kind: 'SetConfig', key: null, value: null, verbose: false, special: null };
  if (raw === '-v') return { kind: 'SetConfig', key: null, value: null, verbose: true, special: null };
  const tz = /^TIME\s+ZONE\s+([\s\S]*)$/i.exec(raw);
  if (tz && !/^(LOCAL|'.*'|".*"|INTERVAL\b[\s\S]*)$/i.test(tz[1]!.trim())) {
    throw invalidSyntax('SET TIME ZONE takes LOCAL, a string or an interval', $.text, offset);
  }
  if (tz) return { kind: 'SetConfig', key: null, value: tz[1]!.trim(), verbose: false, special: 'TIME ZONE' };
  const path = /^PATH\s*=\s*([\s\S]*)$/i.exec(raw);
  if (path) return { kind: 'SetConfig', key: null, value: path[1]!.trim(), verbose: false, special: 'PATH' };
  const eq = raw.indexOf('=');
  const rawKey = (eq < 0 ? raw : raw.slice(0, eq)).trim();
  const key = unquoteKey(rawKey);
  if (rawKey === key && !CONFIG_KEY.test(key)) {
    throw new SqlParseError(
      'INVALID_SQL_SYNTAX',
      `'${rawKey}' is an invalid property key; quote it with backquotes: SET \`${rawKey}\`${eq < 0 ? '' : ' = ...'}`,
      $.text,
      offset,
    );
  }
  return { kind: 'SetConfig', key, value: eq < 0 ? null : raw.slice(eq + 1).trim(), verbose: false, special: null };
}
