/**
 * Queries: WITH, set operations, SELECT blocks, FROM clauses and joins, query organization.
 *
 * Plan shape of a SELECT block, bottom to top, as Spark's AstBuilder builds it:
 *   relation ← Generate* (LATERAL VIEW) ← Filter (WHERE) ← Project | Aggregate
 *   ← UnresolvedHaving ← WithWindowDefinition ← Qualify ← Distinct ← Hint*
 * and for the query organization on top of a query term:
 *   ← Sort/Repartition (ORDER/SORT/DISTRIBUTE/CLUSTER BY) ← WithWindowDefinition ← Offset ← Limit
 * The printer (print-query.ts) reads these shapes back into SQL.
 */
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import { KW } from '../tokens.js';
import type { Expression, SortOrder } from '../../plan/expression.js';
import type { CteDefinition, JoinType, Plan } from '../../plan/logical.js';
import { CLAUSE_KEYWORDS, isQueryStart } from './expression.js';
import { SqlParseError } from '../errors.js';

const K = (n: string) => KW[n]!;

declare module '../rules.js' {
  interface Rules {
    query: Rule<Plan>;
    ctes: Rule<{ recursive: boolean; ctes: CteDefinition[] }>;
    namedQuery: Rule<CteDefinition>;
    queryTerm: Rule<Plan>;
    queryPrimary: Rule<Plan>;
    querySpecification: Rule<Plan>;
    queryOrganization: Rule<Plan, [Plan]>;
    fromClause: Rule<Plan>;
    relation: Rule<Plan>;
    joinRelation: Rule<Plan, [Plan]>;
    joinType: Rule<JoinType>;
    relationPrimary: Rule<Plan>;
    tableAlias: Rule<{ alias: string | null; columns: string[] | null }>;
    inlineTable: Rule<Plan>;
    namedExpressionSeq: Rule<Expression[]>;
    groupByClause: Rule<{ items: Expression[]; all: boolean; modifier: 'CUBE' | 'ROLLUP' | null }>;
    groupingItem: Rule<Expression>;
    windowClause: Rule<{ name: string; spec: import('../../plan/expression.js').WindowSpec | string }[]>;
  }
}

type SetOp = { op: 'UNION' | 'INTERSECT' | 'EXCEPT'; all: boolean; byName: boolean };

export function defineQueryRules($: Grammar): void {
  const enter = (): void => {
    if (++$.depth > $.options.maxDepth) {
      throw new SqlParseError('NESTING_TOO_DEEP', `Query nesting is deeper than ${$.options.maxDepth}`, $.text, $.LA(1).startOffset);
    }
  };

  defineRule($, 'query', (): Plan => {
    $.ACTION(enter);
    let withClause: { recursive: boolean; ctes: CteDefinition[] } | null = null;
    $.OPTION(() => {
      withClause = $.SUBRULE($.ctes);
    });
    const term = $.SUBRULE($.queryTerm);
    const organized = $.SUBRULE($.queryOrganization, { ARGS: [term] });
    return $.ACTION(() => {
      $.depth--;
      const w = withClause as { recursive: boolean; ctes: CteDefinition[] } | null;
      return w === null ? organized : ({ kind: 'With', recursive: w.recursive, ctes: w.ctes, child: organized } as Plan);
    });
  });

  defineRule($, 'ctes', () => {
    $.CONSUME(K('WITH'));
    let recursive = false;
    $.OPTION(() => {
      $.CONSUME(K('RECURSIVE'));
      recursive = true;
    });
    const ctes: CteDefinition[] = [];
    $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => ctes.push($.SUBRULE($.namedQuery)) });
    return { recursive, ctes };
  });

  defineRule($, 'namedQuery', (): CteDefinition => {
    const name = $.SUBRULE($.identifier);
    let columnAliases: string[] | null = null;
    $.OPTION(() => {
      columnAliases = $.SUBRULE($.identifierList);
    });
    $.OPTION1(() => $.CONSUME(K('AS')));
    $.CONSUME(T.LParen);
    const query = $.SUBRULE($.query);
    $.CONSUME(T.RParen);
    return { name, columnAliases, query };
  });

  /** Query terms joined by set operators; INTERSECT binds tighter than UNION and EXCEPT. */
  defineRule($, 'queryTerm', (): Plan => {
    const terms: Plan[] = [$.SUBRULE($.queryPrimary)];
    const ops: SetOp[] = [];
    $.MANY(() => {
      const op = $.OR([
        { ALT: () => ($.CONSUME(K('UNION')), 'UNION' as const) },
        { ALT: () => ($.CONSUME(K('INTERSECT')), 'INTERSECT' as const) },
        { ALT: () => ($.CONSUME(K('EXCEPT')), 'EXCEPT' as const) },
        { ALT: () => ($.CONSUME(K('SETMINUS')), 'EXCEPT' as const) },
      ]);
      let all = false;
      let byName = false;
      $.OPTION(() =>
        $.OR1([
          { ALT: () => ($.CONSUME(K('ALL')), (all = true)) },
          { ALT: () => ($.CONSUME(K('DISTINCT')), (all = false)) },
        ]),
      );
      $.OPTION1(() => {
        $.CONSUME(K('BY'));
        $.CONSUME(K('NAME'));
        byName = true;
      });
      ops.push({ op, all, byName });
      terms.push($.SUBRULE1($.queryPrimary));
    });
    return $.ACTION(() => foldSetOperations(terms, ops));
  });

  defineRule($, 'queryPrimary', (): Plan =>
    $.OR([
      { ALT: () => $.SUBRULE($.querySpecification) },
      {
        ALT: () => {
          $.CONSUME(K('TABLE'));
          const ref = $.SUBRULE($.identifierReference);
          return relationFrom(ref.name, ref.clause);
        },
      },
      { ALT: () => $.SUBRULE($.inlineTable) },
      {
        ALT: () => {
          $.CONSUME(T.LParen);
          const q = $.SUBRULE($.query);
          $.CONSUME(T.RParen);
          return q;
        },
      },
    ]),
  );

  defineRule($, 'querySpecification', (): Plan => {
    $.CONSUME(K('SELECT'));
    const hints: { name: string; parameters: Expression[] }[] = [];
    $.MANY(() => {
      const h = $.SUBRULE($.hintComment);
      $.ACTION(() => hints.push(...h));
    });
    let distinct = false;
    $.OPTION(() =>
      $.OR([
        { ALT: () => ($.CONSUME(K('DISTINCT')), (distinct = true)) },
        { ALT: () => ($.CONSUME(K('ALL')), (distinct = false)) },
      ]),
    );
    const projectList = $.SUBRULE($.namedExpressionSeq);
    let plan: Plan = { kind: 'OneRowRelation' };
    $.OPTION1(() => {
      plan = $.SUBRULE($.fromClause);
    });
    $.OPTION2(() => {
      $.CONSUME(K('WHERE'));
      const condition = $.SUBRULE($.expression);
      $.ACTION(() => {
        plan = { kind: 'Filter', condition, child: plan };
      });
    });
    let group: { items: Expression[]; all: boolean; modifier: 'CUBE' | 'ROLLUP' | null } | null = null;
    $.OPTION3(() => {
      group = $.SUBRULE($.groupByClause);
    });
    let having: Expression | null = null;
    $.OPTION4(() => {
      $.CONSUME(K('HAVING'));
      having = $.SUBRULE1($.expression);
    });
    let windows: { name: string; spec: import('../../plan/expression.js').WindowSpec | string }[] | null = null;
    $.OPTION5(() => {
      windows = $.SUBRULE($.windowClause);
    });
    let qualify: Expression | null = null;
    $.OPTION6(() => {
      $.CONSUME(K('QUALIFY'));
      qualify = $.SUBRULE2($.expression);
    });
    return $.ACTION(() => {
      const g = group as { items: Expression[]; all: boolean; modifier: 'CUBE' | 'ROLLUP' | null } | null;
      let p: Plan =
        g !== null || having !== null
          ? {
              kind: 'Aggregate',
              groupingExpressions: g?.items ?? [],
              groupByAll: g?.all ?? false,
              groupingModifier: g?.modifier ?? null,
              aggregateExpressions: projectList,
              child: plan,
            }
          : { kind: 'Project', projectList, child: plan };
      if (having !== null) p = { kind: 'UnresolvedHaving', condition: having, child: p };
      if (windows !== null) p = { kind: 'WithWindowDefinition', windows, child: p };
      if (qualify !== null) p = { kind: 'Qualify', condition: qualify, child: p };
      if (distinct) p = { kind: 'Distinct', child: p };
      for (let i = hints.length - 1; i >= 0; i--) p = { kind: 'Hint', name: hints[i]!.name, parameters: hints[i]!.parameters, child: p };
      return p;
    });
  });

  defineRule($, 'namedExpressionSeq', () => {
    const items: Expression[] = [];
    $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => items.push($.SUBRULE($.namedExpression)) });
    return items;
  });

  defineRule($, 'groupByClause', () => {
    $.CONSUME(K('GROUP'));
    $.CONSUME(K('BY'));
    return $.OR<{ items: Expression[]; all: boolean; modifier: 'CUBE' | 'ROLLUP' | null }>([
      {
        GATE: () => $.LA(1).tokenType === K('ALL') && !continuesExpression($.LA(2).tokenType),
        ALT: () => {
          $.CONSUME(K('ALL'));
          return { items: [] as Expression[], all: true, modifier: null };
        },
      },
      {
        ALT: () => {
          const items: Expression[] = [];
          $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => items.push($.SUBRULE($.groupingItem)) });
          let modifier: 'CUBE' | 'ROLLUP' | null = null;
          $.OPTION({
            GATE: () => $.LA(2).tokenType === K('CUBE') || $.LA(2).tokenType === K('ROLLUP'),
            DEF: () => {
              $.CONSUME(K('WITH'));
              modifier = $.OR1([
                { ALT: () => ($.CONSUME1(K('CUBE')), 'CUBE' as const) },
                { ALT: () => ($.CONSUME1(K('ROLLUP')), 'ROLLUP' as const) },
              ]);
            },
          });
          return { items, all: false, modifier };
        },
      },
    ]);
  });

  /** A GROUP BY item: an expression, or CUBE(…) / ROLLUP(…) / GROUPING SETS(…). */
  defineRule($, 'groupingItem', (): Expression =>
    $.OR([
      {
        GATE: () => $.LA(1).tokenType === K('GROUPING') && $.LA(2).tokenType === K('SETS'),
        ALT: () => {
          $.CONSUME(K('GROUPING'));
          $.CONSUME(K('SETS'));
          $.CONSUME(T.LParen);
          const sets: Expression[][] = [];
          $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => sets.push($.SUBRULE($.groupingSet)) });
          $.CONSUME(T.RParen);
          return { kind: 'GroupingAnalytics', type: 'GROUPING SETS', sets } as Expression;
        },
      },
      {
        GATE: () => ($.LA(1).tokenType === K('CUBE') || $.LA(1).tokenType === K('ROLLUP')) && $.LA(2).tokenType === T.LParen,
        ALT: () => {
          const type = $.OR1([
            { ALT: () => ($.CONSUME(K('CUBE')), 'CUBE' as const) },
            { ALT: () => ($.CONSUME(K('ROLLUP')), 'ROLLUP' as const) },
          ]);
          $.CONSUME1(T.LParen);
          const sets: Expression[][] = [];
          $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => sets.push($.SUBRULE1($.groupingSet)) });
          $.CONSUME1(T.RParen);
          return { kind: 'GroupingAnalytics', type, sets } as Expression;
        },
      },
      { ALT: () => $.SUBRULE($.expression) },
    ]),
  );

  /** `(a, b)`, `()` or `a` inside GROUPING SETS / CUBE / ROLLUP. */
  defineRule($, 'groupingSet', (): Expression[] =>
    $.OR([
      {
        GATE: () => $.LA(1).tokenType === T.LParen && isGroupingTuple($),
        ALT: () => {
          $.CONSUME(T.LParen);
          const items: Expression[] = [];
          $.MANY_SEP({ SEP: T.Comma, DEF: () => items.push($.SUBRULE($.expression)) });
          $.CONSUME(T.RParen);
          return items;
        },
      },
      {
        ALT: () => {
          const e = $.SUBRULE1($.groupingItem);
          return [e];
        },
      },
    ]),
  );

  defineRule($, 'windowClause', () => {
    $.CONSUME(K('WINDOW'));
    const defs: { name: string; spec: import('../../plan/expression.js').WindowSpec | string }[] = [];
    $.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const name = $.SUBRULE($.identifier);
        $.CONSUME(K('AS'));
        const spec = $.SUBRULE($.windowSpecOrName);
        defs.push({ name, spec });
      },
    });
    return defs;
  });

  defineRule($, 'queryOrganization', (input: Plan): Plan => {
    let plan = input;
    $.OPTION(() => {
      $.CONSUME(K('ORDER'));
      $.CONSUME(K('BY'));
      const order: SortOrder[] = [];
      $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => order.push($.SUBRULE($.sortItem)) });
      $.ACTION(() => {
        plan = { kind: 'Sort', order, global: true, child: plan };
      });
    });
    $.OPTION1(() => {
      $.CONSUME(K('CLUSTER'));
      $.CONSUME1(K('BY'));
      const expressions: Expression[] = [];
      $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => expressions.push($.SUBRULE($.expression)) });
      $.ACTION(() => {
        plan = { kind: 'Repartition', expressions, clusterBy: true, child: plan };
      });
    });
    $.OPTION2(() => {
      $.CONSUME(K('DISTRIBUTE'));
      $.CONSUME2(K('BY'));
      const expressions: Expression[] = [];
      $.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => expressions.push($.SUBRULE1($.expression)) });
      $.ACTION(() => {
        plan = { kind: 'Repartition', expressions, clusterBy: false, child: plan };
      });
    });
    $.OPTION3(() => {
      $.CONSUME(K('SORT'));
      $.CONSUME3(K('BY'));
      const order: SortOrder[] = [];
      $.AT_LEAST_ONE_SEP3({ SEP: T.Comma, DEF: () => order.push($.SUBRULE1($.sortItem)) });
      $.ACTION(() => {
        plan = { kind: 'Sort', order, global: false, child: plan };
      });
    });
    $.OPTION4(() => {
      const windows = $.SUBRULE($.windowClause);
      $.ACTION(() => {
        plan = { kind: 'WithWindowDefinition', windows, child: plan };
      });
    });
    let limit: Expression | null | undefined;
    $.OPTION5(() => {
      $.CONSUME(K('LIMIT'));
      limit = $.OR([
        { GATE: () => !continuesExpression($.LA(2).tokenType), ALT: () => ($.CONSUME(K('ALL')), null) },
        { ALT: () => $.SUBRULE2($.expression) },
      ]);
    });
    $.OPTION6(() => {
      $.CONSUME(K('OFFSET'));
      const offset = $.SUBRULE3($.expression);
      $.ACTION(() => {
        plan = { kind: 'Offset', offset, child: plan };
      });
    });
    return $.ACTION(() => (limit === undefined ? plan : { kind: 'Limit', limit, child: plan }));
  });

  defineRule($, 'fromClause', (): Plan => {
    $.CONSUME(K('FROM'));
    let plan = $.SUBRULE($.relation);
    $.MANY(() => {
      $.CONSUME(T.Comma);
      let lateral = false;
      $.OPTION(() => {
        $.CONSUME(K('LATERAL'));
        lateral = true;
      });
      const right = $.SUBRULE1($.relation);
      $.ACTION(() => {
        plan = { kind: 'Join', left: plan, right, joinType: 'INNER', condition: null, using: null, natural: false, lateral, comma: true };
      });
    });
    return plan;
  });

  defineRule($, 'relation', (): Plan => {
    let plan = $.SUBRULE($.relationPrimary);
    $.MANY(() => {
      plan = $.SUBRULE($.joinRelation, { ARGS: [plan] });
    });
    return plan;
  });

  defineRule($, 'joinRelation', (left: Plan): Plan => {
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
    let condition: Expression | null = null;
    let using: string[] | null = null;
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
        ]),
    });
    return { kind: 'Join', left, right, joinType, condition, using, natural, lateral, comma: false };
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

  defineRule($, 'relationPrimary', (): Plan =>
    $.OR([
      {
        GATE: () => isQueryStart($, 2),
        ALT: () => {
          $.CONSUME(T.LParen);
          const q = $.SUBRULE($.query);
          $.CONSUME(T.RParen);
          const a = $.SUBRULE($.tableAlias);
          return aliased(q, a);
        },
      },
      {
        ALT: () => {
          $.CONSUME1(T.LParen);
          const r = $.SUBRULE($.relation);
          $.CONSUME1(T.RParen);
          const a = $.SUBRULE1($.tableAlias);
          return aliased(r, a);
        },
      },
      {
        ALT: () => {
          const t = $.SUBRULE($.inlineTable);
          const a = $.SUBRULE2($.tableAlias);
          return aliased(t, a);
        },
      },
      {
        GATE: () => isTableFunctionAhead($),
        ALT: () => {
          const name = $.SUBRULE($.multipartIdentifier);
          $.CONSUME2(T.LParen);
          const args: Expression[] = [];
          $.MANY_SEP({ SEP: T.Comma, DEF: () => args.push($.SUBRULE($.functionArgument)) });
          $.CONSUME2(T.RParen);
          const a = $.SUBRULE3($.tableAlias);
          return aliased({ kind: 'TableValuedFunction', name, args }, a);
        },
      },
      {
        ALT: () => {
          const ref = $.SUBRULE($.identifierReference);
          const a = $.SUBRULE4($.tableAlias);
          return aliased(relationFrom(ref.name, ref.clause), a);
        },
      },
    ]),
  );

  defineRule($, 'tableAlias', () => {
    let alias: string | null = null;
    let columns: string[] | null = null;
    $.OPTION({
      GATE: () => $.LA(1).tokenType === K('AS') || !CLAUSE_KEYWORDS.has($.LA(1).tokenType),
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

  defineRule($, 'inlineTable', (): Plan => {
    $.CONSUME(K('VALUES'));
    const rows: Expression[][] = [];
    $.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const e = $.SUBRULE($.expression);
        $.ACTION(() => rows.push(e.kind === 'Row' ? [...e.items] : [e]));
      },
    });
    return { kind: 'InlineTable', rows };
  });
}

declare module '../rules.js' {
  interface Rules {
    groupingSet: Rule<Expression[]>;
    hintComment: Rule<{ name: string; parameters: Expression[] }[]>;
  }
}

export function relationFrom(name: string[], clause: Expression | null): Plan {
  return { kind: 'UnresolvedRelation', name, identifierClause: clause, timeTravel: null, options: null, file: null };
}

export function aliased(plan: Plan, a: { alias: string | null; columns: string[] | null }): Plan {
  return a.alias === null ? plan : { kind: 'SubqueryAlias', alias: a.alias, columnAliases: a.columns, child: plan };
}

const SET_PRECEDENCE = { INTERSECT: 2, UNION: 1, EXCEPT: 1 } as const;

/** Folds query terms and set operators: INTERSECT first, then UNION/EXCEPT left to right. */
export function foldSetOperations(terms: Plan[], ops: SetOp[]): Plan {
  let i = 0;
  const climb = (minPrec: number): Plan => {
    let left = terms[i++]!;
    while (i - 1 < ops.length && SET_PRECEDENCE[ops[i - 1]!.op] >= minPrec) {
      const o = ops[i - 1]!;
      const right = climb(SET_PRECEDENCE[o.op] + 1);
      left = { kind: 'SetOperation', op: o.op, all: o.all, byName: o.byName, left, right };
    }
    return left;
  };
  return climb(0);
}

import type { TokenType } from 'chevrotain';
import { isIdentToken } from './expression.js';

/** Whether the token after `ALL` continues an expression (`LIMIT ALL` vs `LIMIT all + 1`). */
function continuesExpression(t: TokenType): boolean {
  return t === T.LParen || t === T.Dot || t === T.Plus || t === T.Minus || t === T.Asterisk || t === T.Slash || t === T.LBracket;
}

/** `name(.name)* (` in FROM: a table-valued function. */
function isTableFunctionAhead($: Grammar): boolean {
  if (!isIdentToken($.LA(1).tokenType)) return false;
  if ($.LA(1).tokenType === K('IDENTIFIER_KW')) return false;
  let i = 2;
  while ($.LA(i).tokenType === T.Dot && isIdentToken($.LA(i + 1).tokenType)) i += 2;
  return $.LA(i).tokenType === T.LParen;
}

/**
 * Inside GROUPING SETS / CUBE / ROLLUP a parenthesised item is a set (`(a, b)`, `(a)`, `()`),
 * as in Spark's grammar, unless the parenthesis is followed by an operator (`(a + b) * 2`).
 */
function isGroupingTuple($: Grammar): boolean {
  let depth = 0;
  for (let i = 1; ; i++) {
    const t = $.LA(i).tokenType;
    if (t === T.LParen) depth++;
    else if (t === T.RParen && --depth === 0) {
      const next = $.LA(i + 1).tokenType;
      return next === T.Comma || next === T.RParen;
    } else if (t.name === 'EOF') return false;
  }
}
