/**
 * Queries: WITH, set operations, pipe operators, SELECT blocks, FROM-first queries, query
 * organization. FROM clauses and relations are in relation.ts, pipe operators in pipe.ts.
 *
 * Plan shape of a SELECT block, bottom to top, as Spark's AstBuilder builds it:
 *   relation ← Generate* (LATERAL VIEW) ← Filter (WHERE) ← Project | Aggregate
 *   ← UnresolvedHaving ← Qualify ← Distinct ← WithWindowDefinition ← Hint*
 * and for the query organization on top of a query term:
 *   ← Sort/Repartition (ORDER/SORT/DISTRIBUTE/CLUSTER BY) ← WithWindowDefinition ← Offset ← Limit
 * The printer (plan/print/query.ts) reads these shapes back into SQL.
 */
import type { TokenType } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { OrArg, Rule, SepArg } from '../dsl.js';
import * as T from '../tokens.js';
import type { Expression, SortOrder, WindowSpec } from '../../plan/expression.js';
import type { CteDefinition, Plan } from '../../plan/logical.js';
import { SqlParseError, invalidSyntax, syntaxError } from '../errors.js';
import { relationFrom } from './relation.js';
import { PIPE_OPERATOR_STARTS } from './pipe.js';
import { isTransformAhead, type TransformClause } from './transform.js';

const K = T.keyword;
const SELECT = K('SELECT');
const WITH = K('WITH');
const FROM = K('FROM');
const TRANSFORM = K('TRANSFORM');
const ALL = K('ALL');
const DISTINCT = K('DISTINCT');
const BY = K('BY');
/** The set operator each keyword starts (setOperator's choice). */
const SET_OPERATOR_OF: ReadonlyMap<TokenType, SetOp['op']> = new Map([
  [K('UNION'), 'UNION'], [K('INTERSECT'), 'INTERSECT'], [K('EXCEPT'), 'EXCEPT'], [K('SETMINUS'), 'EXCEPT'],
] as const);
/** The tokens after a query term that go on to a set or pipe operator (checked against the grammar by test). */
export const QUERY_TERM_GOES_ON: ReadonlySet<TokenType> = new Set([T.OperatorPipe, T.Pipe, ...['UNION', 'INTERSECT', 'EXCEPT', 'SETMINUS'].map(K)]);

export type WindowDefs = { name: string; spec: WindowSpec | string }[];
export type GroupingModifier = 'CUBE' | 'ROLLUP' | 'GROUPING SETS' | null;
export type GroupBy = { items: Expression[]; all: boolean; modifier: GroupingModifier };
export interface SelectClause {
  hints: { name: string; parameters: Expression[] }[];
  distinct: boolean;
  projectList: Expression[];
}
export interface SelectTail {
  relation: Plan;
  where: Expression | null;
  group: GroupBy | null;
  having: Expression | null;
  windows: WindowDefs | null;
  qualify: Expression | null;
}

declare module '../rules.js' {
  interface Rules {
    query: Rule<Plan>;
    ctes: Rule<{ recursive: boolean; ctes: CteDefinition[] }>;
    namedQuery: Rule<CteDefinition>;
    queryTerm: Rule<Plan>;
    setOperator: Rule<SetOp>;
    queryPrimary: Rule<Plan>;
    selectClause: Rule<SelectClause>;
    querySpecification: Rule<Plan>;
    selectTail: Rule<SelectTail, [Plan]>;
    fromStatement: Rule<Plan>;
    queryOrganization: Rule<Plan, [Plan]>;
    namedExpressionSeq: Rule<Expression[]>;
    groupByClause: Rule<GroupBy>;
    groupingItem: Rule<Expression>;
    windowClause: Rule<WindowDefs>;
  }
}

/**
 * The first tokens of the clauses of `selectTail` and of `queryOrganization`, all optional
 * (test/parser/fast-paths.test.ts checks them against the grammar).
 */
export const SELECT_TAIL_STARTS: ReadonlySet<TokenType> = new Set(['LATERAL', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'QUALIFY'].map(K));
export const SELECT_MODIFIERS: ReadonlySet<TokenType> = new Set([T.HintStart, K('DISTINCT'), K('ALL')]);
export const ORGANIZATION_STARTS: ReadonlySet<TokenType> = new Set(['ORDER', 'CLUSTER', 'DISTRIBUTE', 'SORT', 'WINDOW', 'LIMIT', 'OFFSET'].map(K));

export type SetOp = { op: 'UNION' | 'INTERSECT' | 'EXCEPT'; all: boolean; byName: boolean };
/** The set operators without BY NAME, shared (they are read, never written): a chain of them allocates none. */
const PLAIN_SET_OPS = new Map(
  (['UNION', 'INTERSECT', 'EXCEPT'] as const).map((op) => [op, [{ op, all: false, byName: false }, { op, all: true, byName: false }] as const]),
);
/** The hints of a SELECT without any, shared: read, never written. */
const NO_HINTS: SelectClause['hints'] = [];

export function defineQueryRules($: Grammar): void {
  const enter = (): void => {
    if (++$.depth > $.options.maxDepth) {
      throw new SqlParseError('NESTING_TOO_DEEP', `Query nesting is deeper than ${$.options.maxDepth}`, $.text, $.LA(1).startOffset);
    }
  };

  defineRule($, 'query', (): Plan => {
    $.ACTION(enter);
    let withClause: { recursive: boolean; ctes: CteDefinition[] } | null = null;
    // Only WITH starts the option (test/parser/fast-paths.test.ts): one test instead of its lookahead.
    if (!$.shortcuts || $.LA(1).tokenType === WITH) {
      $.OPTION(() => {
        withClause = $.SUBRULE($.ctes);
      });
    }
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
    const starts: number[] = [];
    $.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        starts.push($.LA(1).startOffset);
        ctes.push($.SUBRULE($.namedQuery));
      },
    });
    $.ACTION(() => {
      // Spark's DUPLICATED_CTE_NAMES: names compare case-insensitively.
      const seen = new Set<string>();
      ctes.forEach((c, i) => {
        if (c.maxRecursionLevel !== null && !recursive) {
          throw invalidSyntax(`MAX RECURSION LEVEL needs WITH RECURSIVE (CTE ${c.name})`, $.text, starts[i]!);
        }
        const key = c.name.toLowerCase();
        if (seen.has(key)) throw invalidSyntax(`CTE definition can't have duplicate names: ${c.name}`, $.text, starts[i]!);
        seen.add(key);
      });
    });
    return { recursive, ctes };
  });

  defineRule($, 'namedQuery', (): CteDefinition => {
    const name = $.SUBRULE($.identifier);
    let columnAliases: string[] | null = null;
    $.OPTION(() => {
      columnAliases = $.SUBRULE($.identifierList);
    });
    let maxRecursionLevel: number | null = null;
    $.OPTION2(() => {
      $.CONSUME(K('MAX'));
      $.CONSUME(K('RECURSION'));
      $.CONSUME(K('LEVEL'));
      const n = $.CONSUME(T.NumberLiteral);
      $.ACTION(() => {
        if (!/^\d+$/.test(n.image)) throw syntaxError(`Syntax error at or near '${n.image}'`, $.text, n.startOffset);
        maxRecursionLevel = Number(n.image);
      });
    });
    $.OPTION1(() => $.CONSUME(K('AS')));
    $.CONSUME(T.LParen);
    const query = $.SUBRULE($.query);
    $.CONSUME(T.RParen);
    return { name, columnAliases, maxRecursionLevel, query };
  });

  /**
   * Query terms joined by set operators (INTERSECT binds tighter than UNION and EXCEPT) and pipe
   * operators. A pipe operator applies to everything before it (Spark gives it the lowest
   * precedence, left-associative), so the terms so far are folded before it.
   */
  defineRule($, 'queryTerm', (): Plan => {
    const first = $.SUBRULE($.queryPrimary);
    // Most queries are one term: one test instead of the loop's lookahead.
    if ($.shortcuts && !QUERY_TERM_GOES_ON.has($.LA(1).tokenType)) return first;
    // The chain is folded as it is read, INTERSECT first, then UNION and EXCEPT left to right
    // (`a UNION b INTERSECT c UNION d` is `(a UNION (b INTERSECT c)) UNION d`), instead of folding
    // lists of terms and operators at its end (a UNION of 1,000 queries grew two lists to 1,000):
    // `loose` is the UNION/EXCEPT chain before `tight`, the INTERSECT chain last read, and
    // `looseOp` the operator still to join the two.
    let loose: Plan | null = null;
    let looseOp: SetOp | null = null;
    let tight = first;
    let count = 1;
    const fold = (): Plan => (loose === null ? tight : setOperation(looseOp!, loose, tight));
    const more = (op: SetOp, right: Plan): void => {
      if (op.op === 'INTERSECT') tight = setOperation(op, tight, right);
      else {
        loose = fold();
        looseOp = op;
        tight = right;
      }
      // A chain of set operations is a plan as deep as it is long: bounded like nesting.
      if (++count > SET_OPERANDS_PER_DEPTH * $.options.maxDepth) {
        throw new SqlParseError('NESTING_TOO_DEEP', `More than ${SET_OPERANDS_PER_DEPTH * $.options.maxDepth} queries joined by set operators`, $.text, $.LA(0).startOffset);
      }
    };
    if ($.shortcuts) {
      // `UNION [ALL|DISTINCT] term`, as the loop below reads it (setOperator, then the term), without
      // its closures; `BY NAME` and pipes go through the loop.
      for (let op = SET_OPERATOR_OF.get($.LA(1).tokenType); op !== undefined; op = SET_OPERATOR_OF.get($.LA(1).tokenType)) {
        const second = $.LA(2).tokenType;
        const quantified = second === ALL || second === DISTINCT;
        if ($.LA(quantified ? 3 : 2).tokenType === BY) break;
        $.currIdx += quantified ? 2 : 1;
        more(PLAIN_SET_OPS.get(op)![second === ALL ? 1 : 0], $.SUBRULE1($.queryPrimary));
      }
    }
    $.MANY({
      GATE: () => $.LA(1).tokenType !== T.Pipe || PIPE_OPERATOR_STARTS.has($.LA(2).tokenType),
      DEF: () =>
        $.OR([
          {
            ALT: () => {
              const op = $.SUBRULE($.setOperator);
              const right = $.SUBRULE1($.queryPrimary);
              $.ACTION(() => more(op, right));
            },
          },
          {
            ALT: () => {
              $.OR1([{ ALT: () => $.CONSUME(T.OperatorPipe) }, { ALT: () => $.CONSUME(T.Pipe) }]);
              const left = $.ACTION(fold);
              const piped = $.SUBRULE($.pipeOperator, { ARGS: [left] });
              $.ACTION(() => {
                loose = null;
                tight = piped;
                count = 1;
              });
            },
          },
        ]),
    });
    return $.ACTION(fold);
  });

  defineRule($, 'setOperator', (): SetOp => {
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
    return { op, all, byName };
  });

  let queryPrimaryAlts: OrArg<Plan> | undefined; // built once: see OrArg
  defineRule($, 'queryPrimary', (): Plan =>
    $.shortcuts && $.LA(1).tokenType === SELECT ? $.SUBRULE($.querySpecification) :
    $.OR(queryPrimaryAlts ??= [
      { ALT: () => $.SUBRULE($.querySpecification) },
      { ALT: () => $.SUBRULE($.fromStatement) },
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

  defineRule($, 'selectClause', (): SelectClause => {
    $.CONSUME(SELECT);
    // Most SELECTs have neither hints nor DISTINCT/ALL: one test instead of two lookaheads.
    if ($.shortcuts && !SELECT_MODIFIERS.has($.LA(1).tokenType)) return { hints: NO_HINTS, distinct: false, projectList: $.SUBRULE1($.namedExpressionSeq) };
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
    return { hints, distinct, projectList };
  });

  let querySpecificationAlts: OrArg<Plan> | undefined; // built once: see OrArg
  defineRule($, 'querySpecification', (): Plan => {
    // A SELECT block (not `SELECT TRANSFORM`), as the second alternative below reads it, without
    // the choice, and with one test for FROM (the only start of its OPTION1).
    if ($.shortcuts && $.LA(1).tokenType === SELECT && $.LA(2).tokenType !== TRANSFORM) {
      if (!SELECT_MODIFIERS.has($.LA(2).tokenType)) {
        // No hints, DISTINCT or ALL (most blocks): the select list as selectClause reads it, and,
        // with nothing after FROM, buildSelect's Project, without the records of either rule.
        $.currIdx++;
        const projectList = $.SUBRULE2($.namedExpressionSeq);
        const child: Plan = $.LA(1).tokenType === FROM ? $.SUBRULE($.fromClause) : { kind: 'OneRowRelation' };
        if (!SELECT_TAIL_STARTS.has($.LA(1).tokenType)) return { kind: 'Project', projectList, child };
        return buildSelect({ hints: NO_HINTS, distinct: false, projectList }, $.SUBRULE($.selectTail, { ARGS: [child] }));
      }
      const select = $.SUBRULE($.selectClause);
      const plan: Plan = $.LA(1).tokenType === FROM ? $.SUBRULE($.fromClause) : { kind: 'OneRowRelation' };
      return buildSelect(select, $.SUBRULE($.selectTail, { ARGS: [plan] }));
    }
    return $.OR(querySpecificationAlts ??= {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => isTransformAhead($),
          ALT: () => {
            const transform = $.SUBRULE($.transformClause);
            let plan: Plan = { kind: 'OneRowRelation' };
            $.OPTION2(() => {
              plan = $.SUBRULE1($.fromClause);
            });
            const tail = $.SUBRULE1($.selectTail, { ARGS: [plan] });
            return $.ACTION(() => buildTransform($, transform, tail));
          },
        },
        {
          ALT: () => {
            const select = $.SUBRULE($.selectClause);
            let plan: Plan = { kind: 'OneRowRelation' };
            $.OPTION1(() => {
              plan = $.SUBRULE($.fromClause);
            });
            const tail = $.SUBRULE($.selectTail, { ARGS: [plan] });
            return $.ACTION(() => buildSelect(select, tail));
          },
        },
      ],
    });
  });

  /** The clauses of a SELECT block after FROM: LATERAL VIEW … WHERE … GROUP BY … QUALIFY. */
  defineRule($, 'selectTail', (input: Plan): SelectTail => {
    // Most SELECT blocks end at FROM or WHERE: one test instead of a lookahead per clause.
    if ($.shortcuts && !SELECT_TAIL_STARTS.has($.LA(1).tokenType)) {
      return { relation: input, where: null, group: null, having: null, windows: null, qualify: null };
    }
    let relation = input;
    $.MANY(() => {
      relation = $.SUBRULE($.lateralView, { ARGS: [relation] });
    });
    let where: Expression | null = null;
    $.OPTION2(() => {
      $.CONSUME(K('WHERE'));
      where = $.SUBRULE($.expression);
    });
    let group: GroupBy | null = null;
    $.OPTION3(() => {
      group = $.SUBRULE($.groupByClause);
    });
    let having: Expression | null = null;
    $.OPTION4(() => {
      $.CONSUME(K('HAVING'));
      having = $.SUBRULE1($.expression);
    });
    let windows: WindowDefs | null = null;
    $.OPTION5(() => {
      windows = $.SUBRULE($.windowClause);
    });
    let qualify: Expression | null = null;
    $.OPTION6(() => {
      $.CONSUME(K('QUALIFY'));
      qualify = $.SUBRULE2($.expression);
    });
    return { relation, where, group, having, windows, qualify };
  });

  /**
   * Hive's FROM-first form: `FROM rel SELECT … [SELECT …]`. No body: the relation itself; several
   * bodies: a UNION ALL of them, as Spark builds it.
   */
  defineRule($, 'fromStatement', (): Plan => {
    const from = $.SUBRULE($.fromClause);
    const bodies: Plan[] = [];
    $.MANY(() => {
      const block = $.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            GATE: () => isTransformAhead($),
            ALT: () => {
              const transform = $.SUBRULE($.transformClause);
              const tail = $.SUBRULE1($.selectTail, { ARGS: [from] });
              return $.ACTION(() => buildTransform($, transform, tail));
            },
          },
          {
            ALT: () => {
              const select = $.SUBRULE($.selectClause);
              const tail = $.SUBRULE($.selectTail, { ARGS: [from] });
              return $.ACTION(() => buildSelect(select, tail));
            },
          },
        ],
      });
      const organized = $.SUBRULE($.queryOrganization, { ARGS: [block] });
      $.ACTION(() => bodies.push(organized));
    });
    return $.ACTION(() => {
      if (bodies.length === 0) return from;
      return bodies.reduce((left, right): Plan => ({ kind: 'SetOperation', op: 'UNION', all: true, byName: false, left, right }));
    });
  });

  // The items go on the scratch stack and come off at their exact length (see Dsl.scratch); the
  // loop's argument is then built once (see OrArg).
  let namedExpressionSeqLoop: SepArg | undefined;
  defineRule($, 'namedExpressionSeq', (): Expression[] => {
    const base = $.scratch.length;
    $.AT_LEAST_ONE_SEP(namedExpressionSeqLoop ??= { SEP: T.Comma, DEF: () => $.scratch.push($.SUBRULE($.namedExpression)) });
    return $.scratch.splice(base) as Expression[];
  });

  defineRule($, 'groupByClause', () => {
    $.CONSUME(K('GROUP'));
    $.CONSUME(K('BY'));
    return $.OR<{ items: Expression[]; all: boolean; modifier: GroupingModifier }>([
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
          let modifier: GroupingModifier = null;
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
          // Hive's `GROUP BY a, b GROUPING SETS ((a), (b))`: the sets follow the columns.
          $.OPTION1({
            GATE: () => $.LA(1).tokenType === K('GROUPING') && $.LA(2).tokenType === K('SETS'),
            DEF: () => {
              $.CONSUME(K('GROUPING'));
              $.CONSUME(K('SETS'));
              $.CONSUME(T.LParen);
              const sets: Expression[][] = [];
              $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => sets.push($.SUBRULE($.groupingSet)) });
              $.CONSUME(T.RParen);
              $.ACTION(() => {
                items.push({ kind: 'GroupingAnalytics', type: 'GROUPING SETS', sets });
                modifier = 'GROUPING SETS';
              });
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
          const open = $.CONSUME1(T.LParen);
          const sets: Expression[][] = [];
          $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => sets.push($.SUBRULE1($.groupingSet)) });
          $.CONSUME1(T.RParen);
          $.ACTION(() => {
            // Only GROUPING SETS may hold the empty set `()` (Spark: _LEGACY_ERROR_TEMP_0051).
            if (sets.some((g) => g.length === 0)) {
              throw invalidSyntax(`Empty set in ${type} grouping sets is not supported`, $.text, open.startOffset);
            }
          });
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

  /**
   * WINDOW definitions. As Spark's withWindowClause, a definition naming another (`w2 AS w1`) takes
   * that window's spec; duplicate names and references to unknown or to referencing windows fail.
   */
  defineRule($, 'windowClause', () => {
    const start = $.CONSUME(K('WINDOW'));
    const defs: WindowDefs = [];
    $.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const name = $.SUBRULE($.identifier);
        $.CONSUME(K('AS'));
        const spec = $.SUBRULE($.windowSpecOrName);
        defs.push({ name, spec });
      },
    });
    return $.ACTION(() => resolveWindowDefinitions(defs, (reason) => {
      throw invalidSyntax(reason, $.text, start.startOffset);
    }));
  });

  defineRule($, 'queryOrganization', (input: Plan): Plan => {
    // Most queries have none of these clauses: one test instead of a lookahead per clause.
    if ($.shortcuts && !ORGANIZATION_STARTS.has($.LA(1).tokenType)) return input;
    let plan = input;
    const start = $.LA(1).startOffset;
    let orderClauses = 0;
    let distributeBy = false;
    let sortBy = false;
    $.OPTION(() => {
      $.CONSUME(K('ORDER'));
      $.CONSUME(K('BY'));
      const order: SortOrder[] = [];
      $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => order.push($.SUBRULE($.sortItem)) });
      $.ACTION(() => {
        plan = { kind: 'Sort', order, global: true, child: plan };
        orderClauses++;
      });
    });
    $.OPTION1(() => {
      $.CONSUME(K('CLUSTER'));
      $.CONSUME1(K('BY'));
      const expressions: Expression[] = [];
      $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => expressions.push($.SUBRULE($.expression)) });
      $.ACTION(() => {
        plan = { kind: 'Repartition', expressions, clusterBy: true, child: plan };
        orderClauses++;
      });
    });
    $.OPTION2(() => {
      $.CONSUME(K('DISTRIBUTE'));
      $.CONSUME2(K('BY'));
      const expressions: Expression[] = [];
      $.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => expressions.push($.SUBRULE1($.expression)) });
      $.ACTION(() => {
        plan = { kind: 'Repartition', expressions, clusterBy: false, child: plan };
        orderClauses++;
        distributeBy = true;
      });
    });
    $.OPTION3(() => {
      $.CONSUME(K('SORT'));
      $.CONSUME3(K('BY'));
      const order: SortOrder[] = [];
      $.AT_LEAST_ONE_SEP3({ SEP: T.Comma, DEF: () => order.push($.SUBRULE1($.sortItem)) });
      $.ACTION(() => {
        plan = { kind: 'Sort', order, global: false, child: plan };
        orderClauses++;
        sortBy = true;
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
    return $.ACTION(() => {
      if (orderClauses > 1 && !(orderClauses === 2 && distributeBy && sortBy)) {
        throw invalidSyntax('Combination of ORDER BY/SORT BY/DISTRIBUTE BY/CLUSTER BY is not supported', $.text, start);
      }
      return limit === undefined ? plan : { kind: 'Limit', limit, child: plan };
    });
  });

}

declare module '../rules.js' {
  interface Rules {
    groupingSet: Rule<Expression[]>;
    hintComment: Rule<{ name: string; parameters: Expression[] }[]>;
  }
}


/** Queries one chain of set operators may join, per level of `maxDepth` (1,000 by default). */
const SET_OPERANDS_PER_DEPTH = 5;

function setOperation(o: SetOp, left: Plan, right: Plan): Plan {
  return { kind: 'SetOperation', op: o.op, all: o.all, byName: o.byName, left, right };
}

/** Whether the token after `ALL` continues an expression (`LIMIT ALL` vs `LIMIT all + 1`). */
function continuesExpression(t: TokenType): boolean {
  return t === T.LParen || t === T.Dot || t === T.Plus || t === T.Minus || t === T.Asterisk || t === T.Slash || t === T.LBracket;
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

/** Builds a SELECT block over its relation, in Spark's order (see the header). */
export function buildSelect(select: SelectClause, tail: SelectTail): Plan {
  let plan: Plan = tail.relation;
  if (tail.where !== null) plan = { kind: 'Filter', condition: tail.where, child: plan };
  const g = tail.group;
  plan =
    g !== null || tail.having !== null
      ? {
          kind: 'Aggregate',
          groupingExpressions: g?.items ?? [],
          groupByAll: g?.all ?? false,
          groupingModifier: g?.modifier ?? null,
          pipe: false,
          aggregateExpressions: select.projectList,
          child: plan,
        }
      : { kind: 'Project', projectList: select.projectList, child: plan };
  if (tail.having !== null) plan = { kind: 'UnresolvedHaving', condition: tail.having, child: plan };
  if (tail.qualify !== null) plan = { kind: 'Qualify', condition: tail.qualify, child: plan };
  if (select.distinct) plan = { kind: 'Distinct', child: plan };
  if (tail.windows !== null) plan = { kind: 'WithWindowDefinition', windows: tail.windows, child: plan };
  for (let i = select.hints.length - 1; i >= 0; i--) {
    plan = { kind: 'Hint', name: select.hints[i]!.name, parameters: select.hints[i]!.parameters, child: plan };
  }
  return plan;
}

/**
 * A script transform over its SELECT block (Spark's withTransformQuerySpecification): the block
 * selects the script's input; it has no QUALIFY.
 */
function buildTransform($: Grammar, t: TransformClause, tail: SelectTail): Plan {
  if (tail.qualify !== null) {
    throw syntaxError("Syntax error at or near 'QUALIFY'", $.text, $.LA(1).startOffset);
  }
  const child = buildSelect({ hints: [], distinct: false, projectList: t.input }, tail);
  return { kind: 'ScriptTransform', script: t.script, output: t.output, inRowFormat: t.inRowFormat, outRowFormat: t.outRowFormat, child };
}

function resolveWindowDefinitions(defs: WindowDefs, fail: (reason: string) => never): WindowDefs {
  const byName = new Map<string, WindowSpec | string>();
  for (const d of defs) {
    const key = d.name.toLowerCase();
    if (byName.has(key)) fail(`The definition of window '${d.name}' is repetitive`);
    byName.set(key, d.spec);
  }
  return defs.map((d) => {
    if (typeof d.spec !== 'string') return d;
    const target = byName.get(d.spec.toLowerCase());
    if (target === undefined) fail(`Window reference '${d.spec}' is not a window specification`);
    if (typeof target === 'string') fail(`Window reference '${d.spec}' is itself a reference`);
    return { name: d.name, spec: target };
  });
}
