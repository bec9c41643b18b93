/**
 * SQL pipe syntax: `query |> operator`, one operator at a time, each applied to everything before
 * it. Plans follow Spark's AstBuilder (visitOperatorPipeRightSide):
 *   |> SELECT list [GROUP BY …] [WINDOW …]  → Project / Aggregate over the input, like a SELECT
 *   |> EXTEND list                          → Project(*, list…)
 *   |> SET c = e, …                         → PipeSet per assignment (Spark: Project(* REPLACE))
 *   |> DROP a, b                            → Project(* EXCEPT (a, b))
 *   |> AS x                                 → SubqueryAlias(x)
 *   |> WHERE cond                           → Filter(cond, PipeOperator(input))
 *   |> PIVOT / UNPIVOT / TABLESAMPLE / JOIN → as the relation extensions in FROM
 *   |> UNION [ALL|DISTINCT] (query) …       → SetOperation
 *   |> ORDER BY … | LIMIT … [OFFSET …] …    → Sort/Limit/… over PipeOperator(input)
 *   |> AGGREGATE aggs [GROUP BY keys]       → Aggregate(keys, keys ++ aggs), marked `pipe`
 * Spark also wraps pipe SELECT/EXTEND/SET/AGGREGATE expressions in PipeExpression, only to check
 * aggregate-function use during analysis; we leave that check to the analyzer.
 */
import { EOF, type TokenType } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import type { Expression } from '../../plan/expression.js';
import type { Plan } from '../../plan/logical.js';
import { exprChildren, transformExpressions } from '../../plan/traverse.js';
import { invalidSyntax } from '../errors.js';
import { buildSelect, type GroupBy, type WindowDefs } from './query.js';

const K = T.keyword;

declare module '../rules.js' {
  interface Rules {
    pipeOperator: Rule<Plan, [Plan]>;
    pipeAggregate: Rule<Plan, [Plan]>;
  }
}

/** Words that may follow a single `|` used as the pipe operator (Spark's isOperatorPipeStart). */
export const PIPE_OPERATOR_STARTS: ReadonlySet<TokenType> = new Set(
  [
    'SELECT', 'EXTEND', 'SET', 'DROP', 'AS', 'WHERE', 'PIVOT', 'UNPIVOT', 'TABLESAMPLE', 'INNER', 'CROSS', 'LEFT',
    'RIGHT', 'FULL', 'NATURAL', 'SEMI', 'ANTI', 'ASOF', 'JOIN', 'UNION', 'EXCEPT', 'SETMINUS', 'INTERSECT', 'ORDER',
    'CLUSTER', 'DISTRIBUTE', 'SORT', 'LIMIT', 'OFFSET', 'AGGREGATE', 'WINDOW', 'LATERAL', 'BIN',
  ].map(K),
);

const ENDS_PIPE_OPERATOR: ReadonlySet<TokenType> = new Set([T.OperatorPipe, T.RParen, T.Semicolon, EOF]);

const ORGANIZATION_STARTS: ReadonlySet<TokenType> = new Set(['ORDER', 'CLUSTER', 'DISTRIBUTE', 'SORT', 'WINDOW', 'LIMIT', 'OFFSET'].map(K));

export function definePipeRules($: Grammar): void {
  const invalid = (reason: string, offset: number): never => {
    throw invalidSyntax(reason, $.text, offset);
  };
  const star: Expression = { kind: 'UnresolvedStar', target: null, except: null };

  defineRule($, 'pipeOperator', (left: Plan): Plan =>
    $.OR([
      {
        ALT: () => {
          const select = $.SUBRULE($.selectClause);
          let group: GroupBy | null = null;
          $.OPTION(() => {
            group = $.SUBRULE($.groupByClause);
          });
          let windows: WindowDefs | null = null;
          $.OPTION1(() => {
            windows = $.SUBRULE($.windowClause);
          });
          return $.ACTION(() => {
            const plan = buildSelect(select, { relation: left, where: null, group, having: null, windows: null, qualify: null });
            const w = windows as WindowDefs | null;
            return w === null ? plan : substituteWindows(plan, w, (reason) => invalid(reason, $.LA(0).startOffset));
          });
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('EXTEND'));
          const list = $.SUBRULE($.namedExpressionSeq);
          return $.ACTION((): Plan => ({ kind: 'Project', projectList: [star, ...list], child: left }));
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('SET'));
          let plan = left;
          $.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => {
              const column = $.SUBRULE($.identifier);
              $.MANY(() => {
                const dot = $.CONSUME(T.Dot);
                $.ACTION(() => invalid('SQL pipe syntax |> SET operator with multi-part assignment key (only single-part keys are allowed)', dot.startOffset));
                $.SUBRULE1($.identifier);
              });
              $.CONSUME(T.Eq);
              const value = $.SUBRULE($.expression);
              $.ACTION(() => {
                plan = { kind: 'PipeSet', column, value, child: plan };
              });
            },
          });
          return plan;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('DROP'));
          const except: string[][] = [];
          $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => except.push($.SUBRULE($.multipartIdentifier)) });
          return { kind: 'Project', projectList: [{ kind: 'UnresolvedStar', target: null, except }], child: left } as Plan;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('AS'));
          const alias = $.SUBRULE2($.identifier);
          return { kind: 'SubqueryAlias', alias, columnAliases: null, child: left } as Plan;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('WHERE'));
          const condition = $.SUBRULE1($.expression);
          $.OPTION2(() => {
            const w = $.LA(1);
            $.SUBRULE1($.windowClause);
            $.ACTION(() => invalid('The WINDOW clause is not allowed in the pipe operator WHERE clause', w.startOffset));
          });
          return { kind: 'Filter', condition, child: { kind: 'PipeOperator', child: left } } as Plan;
        },
      },
      {
        ALT: () => {
          const p = $.SUBRULE($.pivotClause, { ARGS: [left] });
          $.OPTION3(() => {
            const u = $.LA(1);
            $.SUBRULE($.unpivotClause, { ARGS: [p] });
            $.ACTION(() => invalid('UNPIVOT cannot be used together with PIVOT', u.startOffset));
          });
          return p;
        },
      },
      {
        ALT: () => {
          const p = $.SUBRULE1($.unpivotClause, { ARGS: [left] });
          $.OPTION4(() => {
            const u = $.LA(1);
            $.SUBRULE1($.pivotClause, { ARGS: [p] });
            $.ACTION(() => invalid('UNPIVOT cannot be used together with PIVOT', u.startOffset));
          });
          return p;
        },
      },
      {
        ALT: () => {
          const sample = $.SUBRULE($.sampleClause);
          return $.ACTION(() => sample(left));
        },
      },
      { ALT: () => $.SUBRULE($.joinRelation, { ARGS: [left] }) },
      {
        ALT: () => {
          const at = $.LA(1);
          const o = $.SUBRULE($.setOperator);
          const right = $.SUBRULE($.queryPrimary);
          return $.ACTION((): Plan => {
            if (o.byName) invalid('BY NAME is not allowed after a pipe set operator', at.startOffset);
            return { kind: 'SetOperation', op: o.op, all: o.all, byName: false, left, right };
          });
        },
      },
      { ALT: () => $.SUBRULE($.pipeAggregate, { ARGS: [left] }) },
      {
        GATE: () => ORGANIZATION_STARTS.has($.LA(1).tokenType),
        ALT: () => {
          const at = $.LA(1);
          const organized = $.SUBRULE($.queryOrganization, { ARGS: [{ kind: 'PipeOperator', child: left }] });
          $.ACTION(() => checkPipeOrganization(organized, (reason) => invalid(reason, at.startOffset)));
          return organized;
        },
      },
    ]),
  );

  defineRule($, 'pipeAggregate', (left: Plan): Plan => {
    const at = $.CONSUME(K('AGGREGATE'));
    let aggregates: Expression[] = [];
    $.OPTION({
      // `AGGREGATE GROUP BY k` groups; a bare `AGGREGATE group by` is the column `group` aliased `by`.
      GATE: () => !($.LA(1).tokenType === K('GROUP') && $.LA(2).tokenType === K('BY') && !ENDS_PIPE_OPERATOR.has($.LA(3).tokenType)),
      DEF: () => {
        aggregates = $.SUBRULE($.namedExpressionSeq);
      },
    });
    let keys: Expression[] | null = null;
    $.OPTION1(() => {
      $.CONSUME(K('GROUP'));
      $.CONSUME(K('BY'));
      const items: Expression[] = [];
      // Unlike GROUP BY in SELECT, pipe AGGREGATE keys may carry aliases (`GROUP BY a + 1 AS k`).
      $.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () =>
          items.push(
            $.OR([
              {
                GATE: () =>
                  ($.LA(1).tokenType === K('GROUPING') && $.LA(2).tokenType === K('SETS')) ||
                  (($.LA(1).tokenType === K('CUBE') || $.LA(1).tokenType === K('ROLLUP')) && $.LA(2).tokenType === T.LParen),
                ALT: () => $.SUBRULE($.groupingItem),
              },
              { ALT: () => $.SUBRULE($.namedExpression) },
            ]),
          ),
      });
      keys = items;
    });
    return $.ACTION((): Plan => {
      const groupKeys = keys as Expression[] | null;
      if (aggregates.length === 0 && groupKeys === null) {
        invalid('The AGGREGATE clause requires a list of aggregate expressions or a list of grouping expressions, or both', at.startOffset);
      }
      const unsupported = (what: string): never => invalid(`The pipe operator AGGREGATE does not support ${what}`, at.startOffset);
      for (const k of groupKeys ?? []) {
        if (k.kind === 'UnresolvedAttribute' && k.nameParts.length === 1 && k.nameParts[0]!.toUpperCase() === 'ALL') unsupported('GROUP BY ALL');
      }
      const visit = (e: Expression): void => {
        if (e.kind === 'GroupingAnalytics') unsupported(e.type === 'GROUPING SETS' ? 'GROUPING SETS' : `GROUP BY ${e.type}`);
        if (e.kind === 'WindowExpression') unsupported('window functions; move them to a subsequent |> SELECT operator');
        if (e.kind === 'UnresolvedFunction' && e.name.length === 1 && e.args.length === 1 && /^grouping(_id)?$/i.test(e.name[0]!)) unsupported(e.name[0]!.toUpperCase());
        exprChildren(e).forEach(visit);
      };
      [...(groupKeys ?? []), ...aggregates].forEach(visit);
      const g = groupKeys ?? [];
      return {
        kind: 'Aggregate',
        groupingExpressions: g,
        groupByAll: false,
        groupingModifier: null,
        pipe: true,
        aggregateExpressions: [...g, ...aggregates],
        child: left,
      };
    });
  });
}

/**
 * A pipe operator takes one result clause (ORDER BY, SORT BY, DISTRIBUTE BY [SORT BY], CLUSTER BY)
 * or LIMIT/OFFSET, never WINDOW, as Spark's withQueryResultClauses(forPipeOperators = true).
 */
function checkPipeOrganization(p: Plan, fail: (reason: string) => never): void {
  let node = p;
  let limitOrOffset = false;
  if (node.kind === 'Limit') {
    limitOrOffset = true;
    node = node.child;
  }
  if (node.kind === 'Offset') {
    limitOrOffset = true;
    node = node.child;
  }
  if (node.kind === 'WithWindowDefinition') fail('The WINDOW clause is not supported with pipe operators');
  if (limitOrOffset && node.kind !== 'PipeOperator') fail('A pipe operator takes one result clause: ORDER BY/SORT BY/DISTRIBUTE BY/CLUSTER BY, or LIMIT/OFFSET');
}

/**
 * A pipe SELECT's WINDOW clause is scoped to that operator: Spark substitutes the named windows
 * into the select list at parse time instead of keeping a WithWindowDefinition.
 */
function substituteWindows(p: Plan, defs: WindowDefs, fail: (reason: string) => never): Plan {
  if (p.kind === 'Hint') return { ...p, child: substituteWindows(p.child, defs, fail) };
  const specs = new Map(defs.map((d) => [d.name.toLowerCase(), d.spec]));
  return transformExpressions(p, (e) => {
    if (e.kind !== 'WindowExpression' || typeof e.window !== 'string') return e;
    const spec = specs.get(e.window.toLowerCase());
    if (spec === undefined) fail(`Window specification ${e.window} is not defined in the WINDOW clause`);
    return { ...e, window: spec };
  });
}
