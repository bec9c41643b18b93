/**
 * FROM clauses and relations: joins, derived tables, VALUES, table-valued functions, and the
 * relation extensions PIVOT / UNPIVOT / TABLESAMPLE / LATERAL VIEW.
 *
 * Plan shapes follow Spark's AstBuilder (default, non-ANSI relation precedence):
 * - `FROM a, b JOIN c` folds left: each comma item's primary is joined to everything before it,
 *   then that item's extensions (joins, PIVOT, UNPIVOT) apply to the whole: Join(Join(a, b), c).
 * - `t TABLESAMPLE (…) AS s` is Sample(SubqueryAlias(s, t)); `(q) TABLESAMPLE (…) AS s` is
 *   SubqueryAlias(s, Sample(q)) (Spark aliases a table before sampling, a subquery after).
 * - `TABLESAMPLE (n ROWS)` is a Limit, as in Spark.
 * - `PIVOT (…) AS p` / `UNPIVOT (…) AS u` put a SubqueryAlias on top.
 * - LATERAL VIEW items become Generate nodes over the FROM relation.
 */
import { recordPosition, relationNode } from '../positions.js';
import { EOF, type IToken, type TokenType } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { OptArg, OrArg, Rule } from '../dsl.js';
import * as T from '../tokens.js';
import type { Expression, SortOrder } from '../../plan/expression.js';
import type { JoinType, Plan, SampleMethod, TableArgument, TimeTravel } from '../../plan/logical.js';
import { isClauseKeyword, isIdentToken, isQueryStart, namePartsBefore } from './expression.js';
import { identifierText } from './names.js';
import { invalidSyntax, syntaxError } from '../errors.js';

const K = T.keyword;
const AS = K('AS');
// Keywords compared while parsing, looked up once.
const FROM = K('FROM');
const FOR = K('FOR');
const OF = K('OF');
const IDENTIFIER_KW = K('IDENTIFIER_KW');
const JOIN = K('JOIN');
const LATERAL = K('LATERAL');
const ON = K('ON');
/** Tokens after a relation that start no alias (checked against the grammar by test). */
export const NO_TABLE_ALIAS: ReadonlySet<TokenType> = new Set([
  EOF, T.RParen, T.Comma, T.Semicolon,
  ...['WHERE', 'GROUP', 'ORDER', 'LIMIT', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'ON', 'UNION', 'LATERAL', 'HAVING', 'WINDOW', 'SORT', 'CLUSTER', 'DISTRIBUTE'].map(K),
]);
/** The first tokens of what follows the first relation of a FROM clause (checked against the grammar by test). */
export const FROM_TAIL_STARTS: ReadonlySet<TokenType> = new Set([
  T.Comma,
  ...['LATERAL', 'PIVOT', 'UNPIVOT', 'JOIN', 'INNER', 'CROSS', 'LEFT', 'RIGHT', 'FULL', 'SEMI', 'ANTI', 'NATURAL'].map(K),
]);

declare module '../rules.js' {
  interface Rules {
    fromClause: Rule<Plan>;
    relationExtension: Rule<Plan, [Plan]>;
    joinRelation: Rule<Plan, [Plan]>;
    joinType: Rule<JoinType>;
    relationPrimary: Rule<Plan>;
    tableAlias: Rule<{ alias: string | null; columns: string[] | null }>;
    inlineTable: Rule<Plan>;
    pivotClause: Rule<Plan, [Plan]>;
    unpivotClause: Rule<Plan, [Plan]>;
    /** Returns the sampling to apply: Spark applies it at different places per relation form. */
    sampleClause: Rule<(child: Plan) => Plan>;
    lateralView: Rule<Plan, [Plan]>;
    temporalClause: Rule<import('../../plan/logical.js').TimeTravel>;
    nearestByClause: Rule<Plan, [Plan, Plan, JoinType, boolean]>;
    tableArgument: Rule<Omit<TableArgument, 'position'>>;
  }
}

export function defineRelationRules($: Grammar): void {
  const invalid = (reason: string, offset: number): never => {
    throw invalidSyntax(reason, $.text, offset);
  };

  let firstLateral: OptArg<IToken> | undefined; // built once: see OrArg
  defineRule($, 'fromClause', (): Plan => {
    $.CONSUME(FROM);
    // Spark ignores LATERAL on the first relation: there is nothing to its left to correlate with.
    $.OPTION2(firstLateral ??= {
      GATE: () => $.LA(2).tokenType === T.LParen || (isIdentToken($.LA(2).tokenType) && $.LA(3).tokenType === T.LParen),
      DEF: () => $.CONSUME1(K('LATERAL')),
    });
    const first = $.SUBRULE($.relationPrimary);
    // Most FROM clauses name one relation: one test instead of a lookahead per clause below.
    if ($.shortcuts && !FROM_TAIL_STARTS.has($.LA(1).tokenType)) return first;
    return fromClauseTail(first);
  });
  /**
   * What follows fromClause's first relation. Apart from it: the closures here share `plan`, in a
   * context V8 makes when the function is entered, which a FROM clause of one relation would make
   * for nothing.
   */
  const fromClauseTail = (first: Plan): Plan => {
    let plan = first;
    // `JOIN …` as the loop below takes it (relationExtension chooses joinRelation on JOIN), without
    // the choice and its closures.
    if ($.shortcuts) while ($.LA(1).tokenType === JOIN) plan = $.SUBRULE($.joinRelation, { ARGS: [plan] });
    $.MANY(() => plan = $.SUBRULE($.relationExtension, { ARGS: [plan] }));
    $.MANY1(() => {
      $.CONSUME(T.Comma);
      let lateral = false;
      $.OPTION(() => {
        $.CONSUME(K('LATERAL'));
        lateral = true;
      });
      const right = $.SUBRULE1($.relationPrimary);
      $.ACTION(() => {
        plan = { kind: 'Join', left: plan, right, joinType: 'INNER', condition: null, using: null, natural: false, lateral, comma: true };
      });
      $.MANY2(() => plan = $.SUBRULE1($.relationExtension, { ARGS: [plan] }));
    });
    $.MANY3(() => {
      plan = $.SUBRULE($.lateralView, { ARGS: [plan] });
    });
    return plan;
  };

  defineRule($, 'relationExtension', (left: Plan): Plan =>
    $.OR([
      { ALT: () => $.SUBRULE($.pivotClause, { ARGS: [left] }) },
      { ALT: () => $.SUBRULE($.unpivotClause, { ARGS: [left] }) },
      { ALT: () => $.SUBRULE($.joinRelation, { ARGS: [left] }) },
    ]),
  );

  defineRule($, 'joinRelation', (left: Plan): Plan => {
    // `JOIN relation [ON condition]`, as the rules below read it, without their closures.
    if ($.shortcuts && $.LA(1).tokenType === JOIN && $.LA(2).tokenType !== LATERAL) {
      $.currIdx++;
      const right = $.SUBRULE($.relationPrimary);
      if ($.LA(1).tokenType !== ON) return joinCondition(left, right, 'INNER', false, false);
      $.currIdx++;
      const condition = $.SUBRULE($.expression);
      return { kind: 'Join', left, right, joinType: 'INNER', condition, using: null, natural: false, lateral: false, comma: false };
    }
    let natural = false;
    $.OPTION(() => {
      $.CONSUME(K('NATURAL'));
      natural = true;
    });
    let joinType: JoinType = 'INNER';
    $.OPTION3(() => {
      joinType = $.SUBRULE($.joinType);
    });
    $.CONSUME(K('JOIN'));
    let lateral = false;
    $.OPTION1(() => {
      $.CONSUME(K('LATERAL'));
      lateral = true;
    });
    const right = $.SUBRULE($.relationPrimary);
    return joinCondition(left, right, joinType, lateral, natural);
  });

  /** The rest of joinRelation after its right side: ON, USING or NEAREST BY, if any. */
  const joinCondition = (left: Plan, right: Plan, joinType: JoinType, lateral: boolean, natural: boolean): Plan => {
    let condition: Expression | null = null;
    let using: string[] | null = null;
    let nearest: Plan | null = null;
    $.OPTION2({
      GATE: () => !natural,
      DEF: () =>
        $.OR([
          {
            ALT: () => {
              $.CONSUME(K('ON'));
              condition = $.SUBRULE($.expression);
            },
          },
          {
            ALT: () => {
              $.CONSUME(K('USING'));
              using = $.SUBRULE($.identifierList);
            },
          },
          { ALT: () => (nearest = $.SUBRULE($.nearestByClause, { ARGS: [left, right, joinType, lateral] })) },
        ]),
    });
    return nearest ?? { kind: 'Join', left, right, joinType, condition, using, natural, lateral, comma: false };
  };

  /** A table argument of a table function (Spark's functionTableSubqueryArgument). */
  defineRule($, 'tableArgument', (): Omit<TableArgument, 'position'> => {
    let name: string | null = null;
    $.OPTION({
      GATE: () => $.LA(2).tokenType === T.FatArrow,
      DEF: () => {
        name = $.SUBRULE($.identifier);
        $.CONSUME(T.FatArrow);
      },
    });
    $.CONSUME(K('TABLE'));
    const query = $.OR([
      {
        GATE: () => $.LA(1).tokenType === T.LParen && isQueryStart($, 2),
        ALT: () => {
          $.CONSUME(T.LParen);
          const q = $.SUBRULE($.query);
          $.CONSUME(T.RParen);
          return q;
        },
      },
      {
        ALT: () => {
          $.CONSUME1(T.LParen);
          const r = $.SUBRULE($.identifierReference);
          $.CONSUME1(T.RParen);
          return relationFrom(r.name, r.clause);
        },
      },
      {
        ALT: () => {
          const r = $.SUBRULE1($.identifierReference);
          return relationFrom(r.name, r.clause);
        },
      },
    ]);
    let partitionBy: Expression[] | null = null;
    let singlePartition = false;
    const orderBy: SortOrder[] = [];
    $.OPTION1(() =>
      $.OR1([
        {
          ALT: () => {
            $.CONSUME(K('WITH'));
            $.CONSUME(K('SINGLE'));
            $.CONSUME(K('PARTITION'));
            singlePartition = true;
          },
        },
        {
          ALT: () => {
            $.OR2([{ ALT: () => $.CONSUME1(K('PARTITION')) }, { ALT: () => $.CONSUME(K('DISTRIBUTE')) }]);
            $.CONSUME(K('BY'));
            // `(a, b)` lists several expressions; a bare expression is one.
            const e = $.SUBRULE($.expression);
            $.ACTION(() => (partitionBy = e.kind === 'Row' ? [...e.items] : [e]));
          },
        },
      ]),
    );
    $.OPTION2(() => {
      $.OR3([{ ALT: () => $.CONSUME(K('ORDER')) }, { ALT: () => $.CONSUME(K('SORT')) }]);
      $.CONSUME1(K('BY'));
      $.OR4([
        {
          GATE: () => $.LA(1).tokenType === T.LParen && closesArgument($),
          ALT: () => {
            $.CONSUME2(T.LParen);
            $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => orderBy.push($.SUBRULE($.sortItem)) });
            $.CONSUME2(T.RParen);
          },
        },
        { ALT: () => orderBy.push($.SUBRULE1($.sortItem)) },
      ]);
    });
    return { name, query, partitionBy, singlePartition, orderBy };
  });

  /**
   * `APPROX|EXACT NEAREST [n] BY DISTANCE|SIMILARITY expr` after a join (Spark's NearestByJoin):
   * INNER or LEFT OUTER, not LATERAL, 1 to 100000 results (1 when omitted).
   */
  defineRule($, 'nearestByClause', (left: Plan, right: Plan, joinType: JoinType, lateral: boolean): Plan => {
    const start = $.LA(1);
    const approx = $.OR([
      { ALT: () => ($.CONSUME(K('APPROX')), true) },
      { ALT: () => ($.CONSUME(K('EXACT')), false) },
    ]);
    $.CONSUME(K('NEAREST'));
    let num: IToken | null = null;
    $.OPTION(() => (num = $.CONSUME(T.NumberLiteral)));
    $.CONSUME(K('BY'));
    const direction = $.OR1([
      { ALT: () => ($.CONSUME(K('DISTANCE')), 'DISTANCE' as const) },
      { ALT: () => ($.CONSUME(K('SIMILARITY')), 'SIMILARITY' as const) },
    ]);
    const ranking = $.SUBRULE($.expression);
    return $.ACTION(() => {
      if (lateral) invalid('NEAREST BY joins can not be LATERAL', start.startOffset);
      if (joinType !== 'INNER' && joinType !== 'LEFT OUTER') invalid(`NEAREST BY joins are INNER or LEFT OUTER, not ${joinType}`, start.startOffset);
      const n = num as IToken | null;
      if (n !== null && !/^\d+$/.test(n.image)) throw syntaxError(`Syntax error at or near '${n.image}'`, $.text, n.startOffset);
      const numResults = n === null ? 1 : Number(n.image);
      if (numResults < 1 || numResults > 100000) invalid(`The number of NEAREST BY results must be between 1 and 100000, not ${n!.image}`, n!.startOffset);
      return { kind: 'NearestByJoin', left, right, joinType: joinType as 'INNER' | 'LEFT OUTER', approx, numResults, direction, ranking } as Plan;
    });
  });

  defineRule($, 'joinType', (): JoinType =>
    $.OR([
      { ALT: () => ($.CONSUME(K('INNER')), 'INNER' as const) },
      { ALT: () => ($.CONSUME(K('CROSS')), 'CROSS' as const) },
      {
        ALT: () => {
          $.CONSUME(K('LEFT'));
          return $.OR1([
            { ALT: () => ($.CONSUME(K('SEMI')), 'LEFT SEMI' as const) },
            { ALT: () => ($.CONSUME(K('ANTI')), 'LEFT ANTI' as const) },
            { ALT: () => ($.OPTION(() => $.CONSUME(K('OUTER'))), 'LEFT OUTER' as const) },
          ]);
        },
      },
      { ALT: () => ($.CONSUME1(K('SEMI')), 'LEFT SEMI' as const) },
      { ALT: () => ($.CONSUME1(K('ANTI')), 'LEFT ANTI' as const) },
      { ALT: () => ($.CONSUME(K('RIGHT')), $.OPTION1(() => $.CONSUME1(K('OUTER'))), 'RIGHT OUTER' as const) },
      { ALT: () => ($.CONSUME(K('FULL')), $.OPTION2(() => $.CONSUME2(K('OUTER'))), 'FULL OUTER' as const) },
    ]),
  );

  let relationPrimaryAlts: OrArg<Plan> | undefined; // built once: see OrArg
  /** A table by name, with its time travel, sample and alias (the last alternative of relationPrimary). */
  const tableRelation = (): Plan => {
    if ($.shortcuts) {
      const simple = simpleTable($);
      if (simple !== undefined) return simple;
    }
    const start = $.LA(1);
    const ref = $.SUBRULE($.identifierReference);
    let timeTravel: TimeTravel | null = null;
    $.OPTION2({
      GATE: () => isTemporalClauseAhead($),
      DEF: () => {
        timeTravel = $.SUBRULE($.temporalClause);
      },
    });
    // Spark samples a table after aliasing it: `t TABLESAMPLE (…) s` is Sample(s AS t).
    let sample: ((p: Plan) => Plan) | null = null;
    $.OPTION3(() => {
      sample = $.SUBRULE2($.sampleClause);
    });
    const a = $.SUBRULE4($.tableAlias);
    return $.ACTION(() => {
      const rel = relationFrom(ref.name, ref.clause, timeTravel);
      recordPosition(rel, start.startOffset);
      const p = aliased(rel, a);
      const s = sample as ((p: Plan) => Plan) | null;
      return s === null ? p : s(p);
    });
  };

  defineRule($, 'relationPrimary', (): Plan =>
    // A plain or backquoted word that does not call a table function names a table (the choice
    // below would gate it in turn).
    $.shortcuts && ($.LA(1).tokenType === T.UnquotedIdentifier || $.LA(1).tokenType === T.BackquotedIdentifier) && !isTableFunctionAhead($)
      ? tableRelation()
      : $.OR(relationPrimaryAlts ??= [
      {
        GATE: () => isParenthesizedQuery($),
        ALT: () => {
          $.CONSUME(T.LParen);
          let q = $.SUBRULE($.query);
          $.CONSUME(T.RParen);
          $.OPTION(() => {
            const s = $.SUBRULE($.sampleClause);
            $.ACTION(() => (q = s(q)));
          });
          const a = $.SUBRULE($.tableAlias);
          return aliased(q, a);
        },
      },
      {
        ALT: () => {
          $.CONSUME1(T.LParen);
          let r = $.SUBRULE($.relationInParens);
          $.CONSUME1(T.RParen);
          $.OPTION1(() => {
            const s = $.SUBRULE1($.sampleClause);
            $.ACTION(() => (r = s(r)));
          });
          const a = $.SUBRULE1($.tableAlias);
          return aliased(r, a);
        },
      },
      { ALT: () => $.SUBRULE($.inlineTable) },
      {
        GATE: () => isTableFunctionAhead($),
        ALT: () => {
          const name = $.SUBRULE($.multipartIdentifier);
          $.CONSUME2(T.LParen);
          const args: Expression[] = [];
          const tableArgs: TableArgument[] = [];
          $.MANY_SEP({
            SEP: T.Comma,
            DEF: () =>
              $.OR9([
                {
                  GATE: () => $.LA(1).tokenType === K('TABLE') || ($.LA(2).tokenType === T.FatArrow && $.LA(3).tokenType === K('TABLE')),
                  ALT: () => {
                    const t = $.SUBRULE($.tableArgument);
                    $.ACTION(() => tableArgs.push({ ...t, position: args.length + tableArgs.length }));
                  },
                },
                { ALT: () => args.push($.SUBRULE($.functionArgument)) },
              ]),
          });
          $.CONSUME2(T.RParen);
          const a = $.SUBRULE3($.tableAlias);
          return aliased({ kind: 'TableValuedFunction', name, args, tableArgs }, a);
        },
      },
      { ALT: tableRelation },
    ]),
  );

  /** The relation inside `( … )` in FROM: a primary with its extensions (joins, PIVOT, …). */
  defineRule($, 'relationInParens', (): Plan => {
    let plan = $.SUBRULE($.relationPrimary);
    // Most FROM clauses name one relation: one test instead of a lookahead per clause below.
    if ($.shortcuts && !FROM_TAIL_STARTS.has($.LA(1).tokenType)) return plan;
    $.MANY(() => plan = $.SUBRULE($.relationExtension, { ARGS: [plan] }));
    return plan;
  });

  defineRule($, 'temporalClause', () => {
    $.OPTION(() => $.CONSUME(K('FOR')));
    const isVersion = $.OR([
      { ALT: () => ($.CONSUME(K('SYSTEM_VERSION')), true) },
      { ALT: () => ($.CONSUME(K('VERSION')), true) },
      { ALT: () => ($.CONSUME(K('SYSTEM_TIME')), false) },
      { ALT: () => ($.CONSUME(K('TIMESTAMP')), false) },
    ]);
    $.CONSUME(K('AS'));
    $.CONSUME(K('OF'));
    const value = $.SUBRULE($.valueExpression);
    return $.ACTION(() => {
      if (isVersion && !(value.kind === 'Literal' && (value.type === 'string' || value.type === 'int' || value.type === 'bigint'))) {
        invalid('The version of a time travel must be an integer or a string literal', $.LA(0).startOffset);
      }
      return isVersion ? { type: 'VERSION' as const, version: value } : { type: 'TIMESTAMP' as const, timestamp: value };
    });
  });

  defineRule($, 'tableAlias', () => {
    // Most relations have no alias: one test instead of the option's gate and lookahead.
    if ($.shortcuts && NO_TABLE_ALIAS.has($.LA(1).tokenType)) return { alias: null, columns: null };
    let alias: string | null = null;
    let columns: string[] | null = null;
    $.OPTION({
      GATE: () => $.LA(1).tokenType === AS || !isClauseKeyword($.LA(1).tokenType, $.LA(2).tokenType),
      DEF: () => {
        $.OPTION1(() => $.CONSUME(K('AS')));
        alias = $.SUBRULE($.strictIdentifier);
        $.OPTION2({
          GATE: () => $.LA(1).tokenType === T.LParen,
          DEF: () => {
            columns = $.SUBRULE($.identifierList);
          },
        });
      },
    });
    return { alias, columns };
  });

  /** `VALUES row, … [AS] alias(cols)`; Spark's inlineTable carries its own alias. */
  defineRule($, 'inlineTable', (): Plan => {
    const start = $.CONSUME(K('VALUES'));
    const rows: Expression[][] = [];
    $.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const e = $.SUBRULE($.expression);
        $.ACTION(() => rows.push(e.kind === 'Row' ? [...e.items] : [e]));
      },
    });
    const a = $.SUBRULE($.tableAlias);
    $.ACTION(() => {
      // Spark evaluates a table of literals while parsing (EvaluateUnresolvedInlineTable): every
      // row must have as many values as there are columns (INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH).
      if (!rows.every((r) => r.every((e) => e.kind === 'Literal'))) return;
      const columns = a.columns?.length ?? rows[0]!.length;
      const bad = rows.findIndex((r) => r.length !== columns);
      if (bad >= 0) {
        throw invalidSyntax(`Inline table row ${bad} has ${rows[bad]!.length} values, expected ${columns}`, $.text, start.startOffset);
      }
    });
    return aliased({ kind: 'InlineTable', rows }, a);
  });

  defineRule($, 'pivotClause', (child: Plan): Plan => {
    $.CONSUME(K('PIVOT'));
    $.CONSUME(T.LParen);
    const aggregates = $.SUBRULE($.namedExpressionSeq);
    $.CONSUME(K('FOR'));
    const column = $.OR([
      {
        ALT: () => {
          $.CONSUME1(T.LParen);
          const items: Expression[] = [];
          $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => items.push({ kind: 'UnresolvedAttribute', nameParts: [$.SUBRULE($.identifier)] }) });
          $.CONSUME1(T.RParen);
          return { kind: 'Row', items } as Expression;
        },
      },
      { ALT: () => ({ kind: 'UnresolvedAttribute', nameParts: [$.SUBRULE1($.identifier)] }) as Expression },
    ]);
    $.CONSUME(K('IN'));
    $.CONSUME2(T.LParen);
    const values: Expression[] = [];
    $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => values.push($.SUBRULE($.namedExpression)) });
    $.CONSUME2(T.RParen);
    $.CONSUME(T.RParen);
    const alias = $.SUBRULE($.extensionAlias);
    const p: Plan = { kind: 'Pivot', aggregates, column, values, child };
    return alias === null ? p : { kind: 'SubqueryAlias', alias, columnAliases: null, child: p };
  });

  defineRule($, 'unpivotClause', (child: Plan): Plan => {
    $.CONSUME(K('UNPIVOT'));
    let includeNulls: boolean | null = null;
    $.OPTION(() => {
      includeNulls = $.OR([
        { ALT: () => ($.CONSUME(K('INCLUDE')), true) },
        { ALT: () => ($.CONSUME(K('EXCLUDE')), false) },
      ]);
      $.CONSUME(K('NULLS'));
    });
    $.CONSUME(T.LParen);
    const valueColumns: string[] = [];
    const columns: { columns: Expression[]; alias: string | null }[] = [];
    const attr = (): Expression => ({ kind: 'UnresolvedAttribute', nameParts: $.SUBRULE($.multipartIdentifier) });
    let nameColumn = '';
    $.OR1([
      {
        // ( v1, v2 ) FOR name IN ( (c1, c2) [AS] a, … )
        ALT: () => {
          $.CONSUME1(T.LParen);
          $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => valueColumns.push($.SUBRULE($.identifier)) });
          $.CONSUME1(T.RParen);
          $.CONSUME(K('FOR'));
          nameColumn = $.SUBRULE1($.identifier);
          $.CONSUME(K('IN'));
          $.CONSUME2(T.LParen);
          $.AT_LEAST_ONE_SEP1({
            SEP: T.Comma,
            DEF: () => {
              $.CONSUME3(T.LParen);
              const set: Expression[] = [];
              $.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => set.push({ kind: 'UnresolvedAttribute', nameParts: $.SUBRULE1($.multipartIdentifier) }) });
              $.CONSUME3(T.RParen);
              const alias = $.SUBRULE($.extensionAlias);
              columns.push({ columns: set, alias });
            },
          });
          $.CONSUME2(T.RParen);
        },
      },
      {
        // v FOR name IN ( c [AS] a, … )
        ALT: () => {
          valueColumns.push($.SUBRULE2($.identifier));
          $.CONSUME1(K('FOR'));
          nameColumn = $.SUBRULE3($.identifier);
          $.CONSUME1(K('IN'));
          $.CONSUME4(T.LParen);
          $.AT_LEAST_ONE_SEP3({
            SEP: T.Comma,
            DEF: () => {
              const c = attr();
              const alias = $.SUBRULE1($.extensionAlias);
              columns.push({ columns: [c], alias });
            },
          });
          $.CONSUME4(T.RParen);
        },
      },
    ]);
    $.CONSUME(T.RParen);
    const alias = $.SUBRULE2($.extensionAlias);
    const p: Plan = { kind: 'Unpivot', includeNulls, valueColumns, nameColumn, columns, child };
    return alias === null ? p : { kind: 'SubqueryAlias', alias, columnAliases: null, child: p };
  });

  /** `[AS] alias` after PIVOT / UNPIVOT and their values (no column list). */
  defineRule($, 'extensionAlias', (): string | null => {
    let alias: string | null = null;
    $.OPTION({
      GATE: () => $.LA(1).tokenType === K('AS') || (isIdentToken($.LA(1).tokenType) && !isClauseKeyword($.LA(1).tokenType, $.LA(2).tokenType)),
      DEF: () => {
        $.OPTION1(() => $.CONSUME(K('AS')));
        alias = $.SUBRULE($.identifier);
      },
    });
    return alias;
  });

  defineRule($, 'sampleClause', (): ((child: Plan) => Plan) => {
    const start = $.CONSUME(K('TABLESAMPLE'));
    let sampleType: 'SYSTEM' | 'BERNOULLI' | null = null;
    $.OPTION(() => {
      sampleType = $.OR([
        { ALT: () => ($.CONSUME(K('SYSTEM')), 'SYSTEM' as const) },
        { ALT: () => ($.CONSUME(K('BERNOULLI')), 'BERNOULLI' as const) },
      ]);
    });
    $.CONSUME(T.LParen);
    let method: SampleMethod | { type: 'LIMIT'; rows: Expression } | null = null;
    $.OPTION1(() => {
      method = $.OR1<SampleMethod | { type: 'LIMIT'; rows: Expression }>([
        {
          GATE: () => $.LA(1).tokenType === K('BUCKET') && $.LA(2).tokenType === T.NumberLiteral,
          ALT: () => {
            $.CONSUME(K('BUCKET'));
            const n = $.CONSUME(T.NumberLiteral);
            $.CONSUME(K('OUT'));
            $.CONSUME(K('OF'));
            const d = $.CONSUME1(T.NumberLiteral);
            const numerator = n.image;
            const denominator = d.image;
            $.ACTION(() => {
              const fraction = Number(numerator) / Number(denominator);
              if (!(fraction >= 0 && fraction <= 1)) invalid(`Sampling fraction (${fraction}) must be on interval [0, 1]`, n.startOffset);
            });
            $.OPTION2(() => {
              const on = $.CONSUME(K('ON'));
              $.ACTION(() => invalid('TABLESAMPLE BUCKET x OUT OF y ON … is not supported', on.startOffset));
              $.SUBRULE($.expression);
            });
            return { type: 'BUCKET' as const, numerator, denominator, on: null };
          },
        },
        {
          GATE: () =>
            ($.LA(1).tokenType === T.NumberLiteral && $.LA(2).tokenType === K('PERCENTLIT')) ||
            ($.LA(1).tokenType === T.Minus && $.LA(2).tokenType === T.NumberLiteral && $.LA(3).tokenType === K('PERCENTLIT')),
          ALT: () => {
            let sign = '';
            $.OPTION3(() => {
              $.CONSUME(T.Minus);
              sign = '-';
            });
            const n = $.CONSUME2(T.NumberLiteral);
            $.CONSUME(K('PERCENTLIT'));
            return $.ACTION(() => {
              if (!/^(\d+|\d*\.\d+|\d+\.\d*)$/.test(n.image)) invalid(`Invalid TABLESAMPLE percentage: ${n.image}`, n.startOffset);
              const v = Number(sign + n.image);
              if (v < 0 || v > 100) invalid(`Sampling fraction (${v / 100}) must be on interval [0, 1]`, n.startOffset);
              const percent: Expression = { kind: 'Literal', type: n.image.includes('.') ? 'decimal' : 'int', value: sign + n.image };
              return { type: 'PERCENT' as const, percent };
            });
          },
        },
        {
          ALT: () => {
            const e = $.SUBRULE1($.expression);
            let rows = false;
            $.OPTION4(() => {
              $.CONSUME(K('ROWS'));
              rows = true;
            });
            return $.ACTION(() => {
              if (!rows) invalid('TABLESAMPLE by byte length is not supported', start.startOffset);
              return { type: 'LIMIT' as const, rows: e };
            });
          },
        },
      ]);
    });
    $.CONSUME(T.RParen);
    let seed: string | null = null;
    $.OPTION5(() => {
      $.CONSUME(K('REPEATABLE'));
      $.CONSUME1(T.LParen);
      seed = $.CONSUME3(T.NumberLiteral).image;
      $.CONSUME1(T.RParen);
    });
    return $.ACTION(() => {
      const m = method as SampleMethod | { type: 'LIMIT'; rows: Expression } | null;
      if (m === null) return invalid('TABLESAMPLE requires a sampling method', start.startOffset);
      if (sampleType === 'SYSTEM' && seed !== null) invalid('TABLESAMPLE SYSTEM cannot be REPEATABLE', start.startOffset);
      if (sampleType === 'SYSTEM' && m.type !== 'PERCENT') invalid('TABLESAMPLE SYSTEM only samples by PERCENT', start.startOffset);
      // Spark plans `TABLESAMPLE (n ROWS)` as a LIMIT.
      if (m.type === 'LIMIT') return (child: Plan): Plan => ({ kind: 'Limit', limit: m.rows, child });
      return (child: Plan): Plan => ({ kind: 'Sample', method: m, sampleType, seed, child });
    });
  });

  defineRule($, 'lateralView', (child: Plan): Plan => {
    $.CONSUME(K('LATERAL'));
    $.CONSUME(K('VIEW'));
    let outer = false;
    $.OPTION(() => {
      $.CONSUME(K('OUTER'));
      outer = true;
    });
    const name = $.SUBRULE($.multipartIdentifier);
    $.CONSUME(T.LParen);
    const args: Expression[] = [];
    $.MANY_SEP({ SEP: T.Comma, DEF: () => args.push($.SUBRULE($.expression)) });
    $.CONSUME(T.RParen);
    const tableAlias = $.SUBRULE($.identifier);
    const columnAliases: string[] = [];
    $.OPTION1({
      GATE: () => $.LA(1).tokenType === K('AS') || (isIdentToken($.LA(1).tokenType) && !isClauseKeyword($.LA(1).tokenType, $.LA(2).tokenType)),
      DEF: () => {
        $.OPTION2(() => $.CONSUME(K('AS')));
        $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => columnAliases.push($.SUBRULE1($.identifier)) });
      },
    });
    const generator: Expression = { kind: 'UnresolvedFunction', name, args, distinct: false, filter: null, ignoreNulls: null, withinGroup: null };
    return { kind: 'Generate', generator, outer, tableAlias, columnAliases, child };
  });
}

declare module '../rules.js' {
  interface Rules {
    relationInParens: Rule<Plan>;
    extensionAlias: Rule<string | null>;
  }
}

/**
 * A table by name. (Built by one literal: a spread copy `{ ...rel, … }` has a map of its own,
 * without transitions, so a position recorded on it would make a new map at every relation.)
 */
export function relationFrom(name: readonly string[], clause: Expression | null, timeTravel: TimeTravel | null = null): Plan & { kind: 'UnresolvedRelation' } {
  return relationNode(name, clause, timeTravel);
}

export function aliased(plan: Plan, a: { alias: string | null; columns: string[] | null }): Plan {
  return a.alias === null ? plan : { kind: 'SubqueryAlias', alias: a.alias, columnAliases: a.columns, child: plan };
}

/** `name(.name)* (` in FROM: a table-valued function. */
/** Whether the parenthesised group at LA(1) is followed by the end of a table argument. */
function closesArgument($: Grammar): boolean {
  let depth = 0;
  for (let i = 1; ; i++) {
    const t = $.LA(i).tokenType;
    if (t === T.LParen) depth++;
    else if (t === T.RParen && --depth === 0) return $.LA(i + 1).tokenType === T.RParen || $.LA(i + 1).tokenType === T.Comma;
    else if (t.name === 'EOF') return false;
  }
}

function isTableFunctionAhead($: Grammar): boolean {
  if (!isIdentToken($.LA(1).tokenType)) return false;
  if ($.LA(1).tokenType === IDENTIFIER_KW) return false;
  let i = 2;
  while ($.LA(i).tokenType === T.Dot && isIdentToken($.LA(i + 1).tokenType)) i += 2;
  return $.LA(i).tokenType === T.LParen;
}

const AFTER_QUERY: ReadonlySet<TokenType> = new Set([
  T.RParen, T.OperatorPipe, T.Pipe,
  ...['UNION', 'INTERSECT', 'EXCEPT', 'SETMINUS', 'ORDER', 'SORT', 'CLUSTER', 'DISTRIBUTE', 'WINDOW', 'LIMIT', 'OFFSET'].map(K),
]);

/**
 * Whether `(` in FROM opens a derived query rather than a parenthesised relation. `((SELECT …) x
 * JOIN y)` is a relation: for nested parentheses, look past the inner group's closing parenthesis.
 */
function isParenthesizedQuery($: Grammar): boolean {
  if ($.LA(2).tokenType !== T.LParen) return isQueryStart($, 2);
  let depth = 0;
  for (let i = 2; ; i++) {
    const t = $.LA(i).tokenType;
    if (t === T.LParen) depth++;
    else if (t === T.RParen && --depth === 0) return AFTER_QUERY.has($.LA(i + 1).tokenType) && isQueryStart($, 2);
    else if (t.name === 'EOF') return false;
  }
}

const TEMPORAL: ReadonlySet<TokenType> = new Set(['SYSTEM_VERSION', 'VERSION', 'SYSTEM_TIME', 'TIMESTAMP'].map(K));
const TABLESAMPLE = K('TABLESAMPLE');

/** Whether `t` may stand as a table alias (the `StrictIdent` category, as CONSUME(StrictIdent) matches). */
function isStrictIdentToken(t: TokenType): boolean {
  const strict = T.StrictIdent as TokenType & { categoryMatchesMap?: Record<number, boolean> };
  return t === T.UnquotedIdentifier || t === T.BackquotedIdentifier || strict.categoryMatchesMap?.[t.tokenTypeIdx!] === true;
}

/**
 * A table by name with at most an alias (`db.t`, `t AS x`, `t x`), read as `tableRelation` reads
 * it (identifierReference, the time travel and sample options, tableAlias), without going through
 * those rules; undefined, with nothing consumed, for anything else.
 */
function simpleTable($: Grammar): Plan | undefined {
  const start = $.LA(1);
  // identifierReference takes a plain or backquoted word as a name (a keyword may start
  // IDENTIFIER(…)); reserved words need the rules' errors.
  if ((start.tokenType !== T.UnquotedIdentifier && start.tokenType !== T.BackquotedIdentifier) || $.options.keywords === 'ansi') return undefined;
  let k = 2; // LA index after the name
  while ($.LA(k).tokenType === T.Dot) {
    if (!isIdentToken($.LA(k + 1).tokenType)) return undefined;
    k += 2;
  }
  const name = namePartsBefore($, k);
  if (isTemporalClauseAheadAt($, k) || $.LA(k).tokenType === TABLESAMPLE) return undefined;
  // tableAlias: `AS name`, or a name that is no clause keyword; no column list.
  let alias: string | null = null;
  const next = $.LA(k).tokenType;
  const aliasAt = next === AS ? k + 1 : isStrictIdentToken(next) && !isClauseKeyword(next, $.LA(k + 1).tokenType) ? k : -1;
  if (aliasAt > 0) {
    const a = $.LA(aliasAt);
    if (!isStrictIdentToken(a.tokenType) || $.LA(aliasAt + 1).tokenType === T.LParen) return undefined;
    alias = identifierText(a);
    k = aliasAt + 1;
  }
  $.currIdx += k - 1;
  const rel = relationFrom(name, null);
  recordPosition(rel, start.startOffset);
  return alias === null ? rel : { kind: 'SubqueryAlias', alias, columnAliases: null, child: rel };
}

/** `[FOR] VERSION|TIMESTAMP|SYSTEM_… AS OF` (and not an alias named `version`). */
function isTemporalClauseAhead($: Grammar): boolean {
  return isTemporalClauseAheadAt($, 1);
}
function isTemporalClauseAheadAt($: Grammar, at: number): boolean {
  const i = $.LA(at).tokenType === FOR ? at + 1 : at;
  return TEMPORAL.has($.LA(i).tokenType) && $.LA(i + 1).tokenType === AS && $.LA(i + 2).tokenType === OF;
}
