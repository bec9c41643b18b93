/**
 * DML: INSERT (into a table or a directory), MERGE, UPDATE, DELETE and LOAD DATA.
 * The data an INSERT or MERGE reads is a query plan child (VALUES is an InlineTable).
 */
import { tokenMatcher } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import * as T from '../tokens.js';
import type { Plan } from '../../plan/logical.js';
import type { Expression } from '../../plan/expression.js';
import type { Assignment, FileFormat, MergeClause, ObjectName, PartitionSpec, PropertyList, RowFormat } from '../../plan/statement.js';
import { is } from './statement.js';
import { invalidSyntax, syntaxError } from '../errors.js';

const K = T.keyword;

declare module '../rules.js' {
  interface Rules {
    assignmentList: import('../dsl.js').Rule<Assignment[]>;
    mergeClause: import('../dsl.js').Rule<MergeClause>;
    targetAlias: import('../dsl.js').Rule<string | null>;
    rowFormat: import('../dsl.js').Rule<RowFormat>;
    fileFormat: import('../dsl.js').Rule<FileFormat>;
  }
}

export function defineDmlRules($: Grammar): void {
  defineRule($, 'insertStatement', (): Plan => {
    $.CONSUME(K('INSERT'));
    let withSchemaEvolution = false;
    $.OPTION(() => {
      $.CONSUME(K('WITH'));
      $.CONSUME(K('SCHEMA'));
      $.CONSUME(K('EVOLUTION'));
      withSchemaEvolution = true;
    });
    return $.OR([
      {
        GATE: () => is($, 1, 'OVERWRITE') && (is($, 2, 'DIRECTORY') || (is($, 2, 'LOCAL') && is($, 3, 'DIRECTORY'))),
        ALT: () => {
          $.CONSUME(K('OVERWRITE'));
          let local = false;
          $.OPTION1(() => {
            $.CONSUME(K('LOCAL'));
            local = true;
          });
          $.CONSUME(K('DIRECTORY'));
          let path: string | null = null;
          let provider: string | null = null;
          let options: PropertyList | null = null;
          let rowFormat: RowFormat | null = null;
          let storedAs: FileFormat | null = null;
          $.OPTION2(() => (path = $.SUBRULE($.stringConstant)));
          $.OPTION3(() => {
            $.CONSUME(K('USING'));
            const parts = $.SUBRULE($.multipartIdentifier);
            $.ACTION(() => (provider = parts.join('.')));
            $.OPTION4(() => {
              $.CONSUME(K('OPTIONS'));
              options = $.SUBRULE($.propertyList);
            });
          });
          $.OPTION5(() => (rowFormat = $.SUBRULE($.rowFormat)));
          $.OPTION6(() => (storedAs = $.SUBRULE($.fileFormat)));
          const query = $.SUBRULE($.query);
          return $.ACTION(() => {
            if (provider === null && path === null) {
              throw syntaxError('INSERT OVERWRITE DIRECTORY needs a path or USING', $.text, $.LA(1).startOffset);
            }
            return { kind: 'InsertOverwriteDirectory', local, path, provider, options, rowFormat, storedAs, query } as Plan;
          });
        },
      },
      {
        ALT: () => {
          const overwrite = $.OR1([
            { ALT: () => ($.CONSUME(K('INTO')), false) },
            { ALT: () => ($.CONSUME1(K('OVERWRITE')), true) },
          ]);
          $.OPTION7({
            // `INSERT INTO TABLE t …` vs a table named `table`: TABLE is the keyword when a name follows.
            GATE: () => tokenMatcher($.LA(2), T.Ident) && !is($, 2, 'SELECT', 'VALUES', 'WITH', 'FROM', 'PARTITION', 'BY', 'REPLACE'),
            DEF: () => $.CONSUME(K('TABLE')),
          });
          const table: ObjectName = $.SUBRULE($.objectName);
          let options: (readonly [string, Expression])[] | null = null;
          let partition: PartitionSpec | null = null;
          let ifNotExists = false;
          let columns: string[] | null = null;
          let byName = false;
          let replaceWhere: Expression | null = null;
          $.OPTION8({
            GATE: () => is($, 1, 'WITH') && $.LA(2).tokenType === T.LParen,
            DEF: () => {
              $.CONSUME1(K('WITH'));
              options = $.SUBRULE($.expressionPropertyList);
            },
          });
          $.OPTION9(() => (partition = $.SUBRULE($.partitionSpec)));
          $.MANY({
            GATE: () => is($, 1, 'IF') && is($, 2, 'NOT'),
            DEF: () => {
              $.CONSUME(K('IF'));
              $.CONSUME(K('NOT'));
              $.CONSUME(K('EXISTS'));
              ifNotExists = true;
            },
          });
          $.MANY1({
            GATE: () => (is($, 1, 'BY') && is($, 2, 'NAME')) || ($.LA(1).tokenType === T.LParen && !isQueryAt($, 2)),
            DEF: () =>
              $.OR2([
                {
                  ALT: () => {
                    $.CONSUME(K('BY'));
                    $.CONSUME(K('NAME'));
                    byName = true;
                  },
                },
                { ALT: () => (columns = $.SUBRULE($.identifierList)) },
              ]),
          });
          $.MANY2({
            GATE: () => is($, 1, 'REPLACE') && is($, 2, 'WHERE', 'ON'),
            DEF: () => {
              $.CONSUME(K('REPLACE'));
              $.OR3([{ ALT: () => $.CONSUME(K('WHERE')) }, { ALT: () => $.CONSUME(K('ON')) }]);
              replaceWhere = $.SUBRULE($.booleanExpression);
            },
          });
          const query = $.SUBRULE1($.query);
          return $.ACTION(() => {
            if (ifNotExists && overwrite === false) {
              // Spark: INSERT INTO … IF NOT EXISTS is not supported (only with OVERWRITE and a static partition).
              throw invalidSyntax('INSERT INTO ... IF NOT EXISTS is not supported', $.text, table.clause ? 0 : $.LA(0).startOffset);
            }
            return {
              kind: 'InsertInto', table, overwrite, withSchemaEvolution, options, partition, ifNotExists, columns, byName, replaceWhere, query,
            } as Plan;
          });
        },
      },
    ]);
  });

  defineRule($, 'targetAlias', (): string | null => {
    let alias: string | null = null;
    $.OPTION({
      GATE: () => is($, 1, 'AS') || !is($, 1, 'SET', 'WHERE', 'USING', 'ON', 'WITH'),
      DEF: () => {
        $.OPTION1(() => $.CONSUME(K('AS')));
        alias = $.SUBRULE($.strictIdentifier);
      },
    });
    return alias;
  });

  defineRule($, 'assignmentList', (): Assignment[] => {
    const out: Assignment[] = [];
    $.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        // Spark's assignment target is a multipart column name, not an expression (`a = 1` would read as a comparison).
        const parts = $.SUBRULE($.multipartIdentifier);
        const target = { kind: 'UnresolvedAttribute', nameParts: parts } as Expression;
        $.CONSUME(T.Eq);
        const value = $.SUBRULE($.expression);
        out.push({ target, value });
      },
    });
    return out;
  });

  defineRule($, 'mergeStatement', (): Plan => {
    $.CONSUME(K('MERGE'));
    let withSchemaEvolution = false;
    $.OPTION(() => {
      $.CONSUME(K('WITH'));
      $.CONSUME(K('SCHEMA'));
      $.CONSUME(K('EVOLUTION'));
      withSchemaEvolution = true;
    });
    $.CONSUME(K('INTO'));
    const target = $.SUBRULE($.objectName);
    const targetAlias = $.SUBRULE($.targetAlias);
    $.CONSUME(K('USING'));
    let source: Plan = $.OR([
      {
        GATE: () => $.LA(1).tokenType === T.LParen,
        ALT: () => {
          $.CONSUME(T.LParen);
          const q = $.SUBRULE($.query);
          $.CONSUME(T.RParen);
          return q;
        },
      },
      {
        ALT: () => {
          const n = $.SUBRULE1($.objectName);
          return { kind: 'UnresolvedRelation', name: n.name, identifierClause: n.clause, timeTravel: null, options: null, file: null } as Plan;
        },
      },
    ]);
    const sourceAlias = $.SUBRULE1($.targetAlias);
    $.ACTION(() => {
      if (sourceAlias !== null) source = { kind: 'SubqueryAlias', alias: sourceAlias, columnAliases: null, child: source };
    });
    $.CONSUME(K('ON'));
    const condition = $.SUBRULE($.booleanExpression);
    const clauses: MergeClause[] = [];
    $.MANY(() => clauses.push($.SUBRULE($.mergeClause)));
    return $.ACTION(() => {
      // Spark's grammar orders the clauses: MATCHED, then NOT MATCHED, then NOT MATCHED BY SOURCE.
      const rank = { MATCHED: 0, 'NOT MATCHED': 1, 'NOT MATCHED BY SOURCE': 2 } as const;
      for (let i = 1; i < clauses.length; i++) {
        if (rank[clauses[i]!.type] < rank[clauses[i - 1]!.type]) {
          throw syntaxError(`WHEN ${clauses[i]!.type} clauses must come before WHEN ${clauses[i - 1]!.type}`, $.text, $.LA(0).startOffset);
        }
      }
      return { kind: 'MergeInto', withSchemaEvolution, target, targetAlias, source, condition, clauses } as Plan;
    });
  });

  defineRule($, 'mergeClause', (): MergeClause => {
    $.CONSUME(K('WHEN'));
    let not = false;
    let bySource = false;
    $.OPTION(() => {
      $.OR([{ ALT: () => $.CONSUME(K('NOT')) }, { ALT: () => $.CONSUME(T.Bang) }]);
      not = true;
    });
    $.CONSUME(K('MATCHED'));
    $.OPTION1(() => {
      $.CONSUME(K('BY'));
      $.OR1([
        { ALT: () => $.CONSUME(K('TARGET')) },
        { ALT: () => { $.CONSUME(K('SOURCE')); bySource = true; } },
      ]);
    });
    let condition: Expression | null = null;
    $.OPTION2(() => {
      $.CONSUME(K('AND'));
      condition = $.SUBRULE($.booleanExpression);
    });
    $.CONSUME(K('THEN'));
    return $.OR2([
      {
        ALT: () => {
          $.CONSUME(K('DELETE'));
          return $.ACTION(() => {
            if (not && !bySource) throw syntaxError('WHEN NOT MATCHED cannot DELETE', $.text, $.LA(0).startOffset);
            return { type: not ? 'NOT MATCHED BY SOURCE' : 'MATCHED', condition, action: 'DELETE', assignments: null } as MergeClause;
          });
        },
      },
      {
        ALT: () => {
          const tok = $.CONSUME(K('UPDATE'));
          $.CONSUME(K('SET'));
          const assignments = $.OR3([
            { ALT: () => ($.CONSUME(T.Asterisk), null) },
            { ALT: () => $.SUBRULE($.assignmentList) },
          ]);
          return $.ACTION(() => {
            if (not && !bySource) throw syntaxError('WHEN NOT MATCHED cannot UPDATE', $.text, tok.startOffset);
            if (bySource && assignments === null) throw syntaxError("Syntax error at or near '*'", $.text, tok.endOffset! + 5);
            return { type: not ? 'NOT MATCHED BY SOURCE' : 'MATCHED', condition, action: 'UPDATE', assignments } as MergeClause;
          });
        },
      },
      {
        ALT: () => {
          const tok = $.CONSUME(K('INSERT'));
          let columns: Expression[] | null = null;
          let values: Expression[] = [];
          $.OR4([
            { ALT: () => $.CONSUME1(T.Asterisk) },
            {
              ALT: () => {
                $.CONSUME(T.LParen);
                columns = [];
                $.AT_LEAST_ONE_SEP({
                  SEP: T.Comma,
                  DEF: () => {
                    const parts = $.SUBRULE($.multipartIdentifier);
                    columns!.push({ kind: 'UnresolvedAttribute', nameParts: parts } as Expression);
                  },
                });
                $.CONSUME(T.RParen);
                $.CONSUME(K('VALUES'));
                $.CONSUME1(T.LParen);
                values = [];
                $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => values.push($.SUBRULE($.expression)) });
                $.CONSUME1(T.RParen);
              },
            },
          ]);
          return $.ACTION(() => {
            if (!not || bySource) throw syntaxError('Only WHEN NOT MATCHED can INSERT', $.text, tok.startOffset);
            return { type: 'NOT MATCHED', condition, columns, values } as MergeClause;
          });
        },
      },
    ]);
  });

  defineRule($, 'updateStatement', (): Plan => {
    $.CONSUME(K('UPDATE'));
    const table = $.SUBRULE($.objectName);
    const alias = $.SUBRULE($.targetAlias);
    $.CONSUME(K('SET'));
    const assignments = $.SUBRULE($.assignmentList);
    let condition: Expression | null = null;
    $.OPTION(() => {
      $.CONSUME(K('WHERE'));
      condition = $.SUBRULE($.booleanExpression);
    });
    return { kind: 'UpdateTable', table, alias, assignments, condition } as Plan;
  });

  defineRule($, 'deleteStatement', (): Plan => {
    $.CONSUME(K('DELETE'));
    $.CONSUME(K('FROM'));
    const table = $.SUBRULE($.objectName);
    const alias = $.SUBRULE($.targetAlias);
    let condition: Expression | null = null;
    $.OPTION(() => {
      $.CONSUME(K('WHERE'));
      condition = $.SUBRULE($.booleanExpression);
    });
    return { kind: 'DeleteFromTable', table, alias, condition } as Plan;
  });

  defineRule($, 'loadStatement', (): Plan => {
    $.CONSUME(K('LOAD'));
    $.CONSUME(K('DATA'));
    let local = false;
    let overwrite = false;
    let partition: PartitionSpec | null = null;
    $.OPTION(() => ($.CONSUME(K('LOCAL')), (local = true)));
    $.CONSUME(K('INPATH'));
    const path = $.SUBRULE($.stringConstant);
    $.OPTION1(() => ($.CONSUME(K('OVERWRITE')), (overwrite = true)));
    $.CONSUME(K('INTO'));
    $.CONSUME(K('TABLE'));
    const table = $.SUBRULE($.objectName);
    $.OPTION2(() => (partition = $.SUBRULE($.partitionSpec)));
    return { kind: 'LoadData', local, path, overwrite, table, partition } as Plan;
  });

  /** `ROW FORMAT SERDE 'cls' [WITH SERDEPROPERTIES (…)]` | `ROW FORMAT DELIMITED …`. */
  defineRule($, 'rowFormat', (): RowFormat => {
    $.CONSUME(K('ROW'));
    $.CONSUME(K('FORMAT'));
    return $.OR([
      {
        ALT: () => {
          $.CONSUME(K('SERDE'));
          const serde = $.SUBRULE($.stringConstant);
          let properties: PropertyList | null = null;
          $.OPTION(() => {
            $.CONSUME(K('WITH'));
            $.CONSUME(K('SERDEPROPERTIES'));
            properties = $.SUBRULE($.propertyList);
          });
          return { type: 'SERDE', serde, properties } as RowFormat;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('DELIMITED'));
          const d = {
            fieldsTerminatedBy: null as string | null,
            escapedBy: null as string | null,
            collectionItemsTerminatedBy: null as string | null,
            mapKeysTerminatedBy: null as string | null,
            linesTerminatedBy: null as string | null,
            nullDefinedAs: null as string | null,
          };
          $.OPTION1(() => {
            $.CONSUME(K('FIELDS'));
            $.CONSUME(K('TERMINATED'));
            $.CONSUME(K('BY'));
            d.fieldsTerminatedBy = $.SUBRULE1($.stringConstant);
            $.OPTION2(() => {
              $.CONSUME(K('ESCAPED'));
              $.CONSUME1(K('BY'));
              d.escapedBy = $.SUBRULE2($.stringConstant);
            });
          });
          $.OPTION3(() => {
            $.CONSUME(K('COLLECTION'));
            $.CONSUME(K('ITEMS'));
            $.CONSUME1(K('TERMINATED'));
            $.CONSUME2(K('BY'));
            d.collectionItemsTerminatedBy = $.SUBRULE3($.stringConstant);
          });
          $.OPTION4(() => {
            $.CONSUME(K('MAP'));
            $.CONSUME(K('KEYS'));
            $.CONSUME2(K('TERMINATED'));
            $.CONSUME3(K('BY'));
            d.mapKeysTerminatedBy = $.SUBRULE4($.stringConstant);
          });
          $.OPTION5(() => {
            $.CONSUME(K('LINES'));
            $.CONSUME3(K('TERMINATED'));
            $.CONSUME4(K('BY'));
            d.linesTerminatedBy = $.SUBRULE5($.stringConstant);
          });
          $.OPTION6(() => {
            $.CONSUME(K('NULL'));
            $.CONSUME(K('DEFINED'));
            $.CONSUME(K('AS'));
            d.nullDefinedAs = $.SUBRULE6($.stringConstant);
          });
          return { type: 'DELIMITED', ...d } as RowFormat;
        },
      },
    ]);
  });

  /** `STORED AS fmt` | `STORED AS INPUTFORMAT 'a' OUTPUTFORMAT 'b'`. */
  defineRule($, 'fileFormat', (): FileFormat => {
    $.CONSUME(K('STORED'));
    $.CONSUME(K('AS'));
    return $.OR([
      {
        GATE: () => is($, 1, 'INPUTFORMAT') && $.LA(2).tokenType !== T.Semicolon && $.LA(2).tokenType.name !== 'EOF',
        ALT: () => {
          $.CONSUME(K('INPUTFORMAT'));
          const inputFormat = $.SUBRULE($.stringConstant);
          $.CONSUME(K('OUTPUTFORMAT'));
          const outputFormat = $.SUBRULE1($.stringConstant);
          return { type: 'CLASSES', inputFormat, outputFormat } as FileFormat;
        },
      },
      { ALT: () => ({ type: 'NAMED', format: $.SUBRULE($.identifier) }) as FileFormat },
    ]);
  });
}

function isQueryAt($: Grammar, n: number): boolean {
  return is($, n, 'SELECT', 'VALUES', 'WITH', 'FROM', 'TABLE', 'MAP', 'REDUCE') || $.LA(n).tokenType === T.LParen;
}
