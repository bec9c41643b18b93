/**
 * SQL scripting (Spark's compoundOrSingleStatement): a `BEGIN … END` block of statements, each
 * followed by `;` — any single statement, SET of variables, DECLARE of variables, conditions and
 * handlers, IF / CASE / WHILE / REPEAT / LOOP / FOR, LEAVE / ITERATE, nested labelled blocks.
 *
 * Checks Spark's builder makes (AstBuilder with SqlScriptingLabelContext and
 * CompoundBodyParsingContext), as INVALID_SQL_SYNTAX:
 * - an end label must repeat the begin label, and needs one (LABELS_MISMATCH,
 *   END_LABEL_WITHOUT_BEGIN_LABEL); a label may not repeat an enclosing one (LABEL_ALREADY_EXISTS);
 * - LEAVE / ITERATE name an enclosing label; ITERATE a loop, not a block (INVALID_LABEL_USAGE);
 * - in a body, variables and conditions come first, then handlers, then other statements; and
 *   variables and conditions are declared only directly in a BEGIN … END block.
 */
import type { IToken } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import { invalidSyntax, syntaxError } from '../errors.js';
import type { Expression } from '../../plan/expression.js';
import type { Plan } from '../../plan/logical.js';
import type { ConditionalBody, HandlerCondition } from '../../plan/statement.js';
import { is } from './statement.js';
import { scriptForQuery } from './expression.js';

const K = T.keyword;

type Label = { name: string; token: IToken } | null;

declare module '../rules.js' {
  interface Rules {
    compoundStatement: Rule<Plan>;
    scriptStatement: Rule<Plan>;
    compoundBody: Rule<Plan[], [boolean]>;
    beginEndBlock: Rule<Plan, [Label]>;
    whileStatement: Rule<Plan, [Label]>;
    repeatStatement: Rule<Plan, [Label]>;
    loopStatement: Rule<Plan, [Label]>;
    forStatement: Rule<Plan, [Label]>;
    ifStatement: Rule<Plan>;
    caseStatement: Rule<Plan>;
    declareHandler: Rule<Plan>;
    declareCondition: Rule<Plan>;
    scriptSetStatement: Rule<Plan>;
    endLabel: Rule<Label, [Label]>;
  }
}

/** Tokens that end a compound body (no statement starts with them). */
const BODY_END = new Set(['END', 'ELSE', 'ELSEIF', 'WHEN', 'UNTIL'].map(K));
/** Statements that may carry a `label:`. */
const LABELLED = new Set(['BEGIN', 'WHILE', 'REPEAT', 'LOOP', 'FOR'].map(K));

/** Where a statement may sit in a body: declarations first, then handlers, then the rest. */
const RANK = { VARIABLE: 0, CONDITION: 0, HANDLER: 1, STATEMENT: 2 } as const;

export function defineScriptingRules($: Grammar): void {
  /** The labelled blocks and loops around the statement being parsed, innermost last. */
  let scopes: { name: string; loop: boolean }[] = [];
  const fail: (reason: string, at: IToken) => never = (reason, at) => {
    throw invalidSyntax(reason, $.text, at.startOffset);
  };
  const enter = (label: Label, loop: boolean): void => {
    if (label === null) return;
    const key = label.name.toLowerCase();
    if (scopes.some((s) => s.name === key)) fail(`The label ${label.name} already exists; choose another name or rename the existing label`, label.token);
    scopes.push({ name: key, loop });
  };
  const exit = (label: Label): void => {
    if (label !== null) scopes.pop();
  };
  /** The optional end label after `END WHILE` etc.: it must repeat the begin label. */
  defineRule($, 'endLabel', (begin: Label): Label => {
    let end: Label = null;
    $.OPTION({
      GATE: () => $.LA(1).tokenType !== T.Semicolon && $.LA(1).tokenType.name !== 'EOF' && !BODY_END.has($.LA(1).tokenType),
      DEF: () => {
        const token = $.LA(1);
        const name = $.SUBRULE($.identifier);
        end = { name, token };
      },
    });
    $.ACTION(() => {
      const e = end as Label;
      if (e === null) return;
      if (begin === null) fail(`End label ${e.name} can not exist without begin label`, e.token);
      else if (begin.name.toLowerCase() !== e.name.toLowerCase()) fail(`Begin label ${begin.name} does not match the end label ${e.name}`, e.token);
    });
    return end;
  });

  /** A whole script: `BEGIN [NOT ATOMIC] statement; … END`. */
  defineRule($, 'compoundStatement', (): Plan => {
    $.ACTION(() => (scopes = []));
    return $.SUBRULE($.beginEndBlock, { ARGS: [null] });
  });

  defineRule($, 'beginEndBlock', (label: Label): Plan => {
    $.CONSUME(K('BEGIN'));
    $.OPTION(() => {
      $.CONSUME(K('NOT'));
      $.CONSUME(K('ATOMIC'));
    });
    $.ACTION(() => enter(label, false));
    const body = $.SUBRULE($.compoundBody, { ARGS: [true] });
    $.CONSUME(K('END'));
    $.SUBRULE($.endLabel, { ARGS: [label] });
    $.ACTION(() => exit(label));
    return { kind: 'CompoundBlock', label: label?.name ?? null, body } as Plan;
  });

  /** `statement; …`; `scope` is true directly in a BEGIN … END block (declarations allowed). */
  defineRule($, 'compoundBody', (scope: boolean): Plan[] => {
    const body: Plan[] = [];
    let rank = 0;
    $.MANY({
      GATE: () => !BODY_END.has($.LA(1).tokenType),
      DEF: () => {
        const first = $.LA(1);
        const s = $.SUBRULE($.scriptStatement);
        $.CONSUME(T.Semicolon);
        $.ACTION(() => {
          const role = s.kind === 'DeclareVariable' ? 'VARIABLE' : s.kind === 'DeclareCondition' ? 'CONDITION' : s.kind === 'DeclareHandler' ? 'HANDLER' : 'STATEMENT';
          if ((role === 'VARIABLE' || role === 'CONDITION') && !scope) fail(`A ${role.toLowerCase()} can only be declared directly in a BEGIN … END block`, first);
          if (RANK[role] < rank) {
            fail(role === 'HANDLER' ? 'Handlers must be declared after variables and conditions, before other statements' : `A ${role.toLowerCase()} can only be declared at the beginning of a block`, first);
          }
          rank = RANK[role];
          body.push(s);
        });
      },
    });
    return body;
  });

  /** One statement of a body. */
  defineRule($, 'scriptStatement', (): Plan =>
    $.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => $.LA(2).tokenType === T.Colon && LABELLED.has($.LA(3).tokenType),
          ALT: () => {
            const token = $.LA(1);
            const name = $.SUBRULE($.identifier);
            $.CONSUME(T.Colon);
            const label: Label = { name, token };
            return $.OR1([
              { ALT: () => $.SUBRULE1($.beginEndBlock, { ARGS: [label] }) },
              { ALT: () => $.SUBRULE1($.whileStatement, { ARGS: [label] }) },
              { ALT: () => $.SUBRULE1($.repeatStatement, { ARGS: [label] }) },
              { ALT: () => $.SUBRULE1($.loopStatement, { ARGS: [label] }) },
              { ALT: () => $.SUBRULE1($.forStatement, { ARGS: [label] }) },
            ]);
          },
        },
        { GATE: () => is($, 1, 'BEGIN'), ALT: () => $.SUBRULE2($.beginEndBlock, { ARGS: [null] }) },
        { GATE: () => is($, 1, 'WHILE'), ALT: () => $.SUBRULE2($.whileStatement, { ARGS: [null] }) },
        { GATE: () => is($, 1, 'REPEAT'), ALT: () => $.SUBRULE2($.repeatStatement, { ARGS: [null] }) },
        { GATE: () => is($, 1, 'LOOP'), ALT: () => $.SUBRULE2($.loopStatement, { ARGS: [null] }) },
        { GATE: () => is($, 1, 'FOR'), ALT: () => $.SUBRULE2($.forStatement, { ARGS: [null] }) },
        { GATE: () => is($, 1, 'IF'), ALT: () => $.SUBRULE($.ifStatement) },
        { GATE: () => is($, 1, 'CASE'), ALT: () => $.SUBRULE($.caseStatement) },
        {
          GATE: () => is($, 1, 'LEAVE', 'ITERATE'),
          ALT: () => {
            const kw = $.OR2([{ ALT: () => $.CONSUME(K('LEAVE')) }, { ALT: () => $.CONSUME(K('ITERATE')) }]);
            const token = $.LA(1);
            const label = $.SUBRULE1($.identifier);
            return $.ACTION(() => {
              const leave = kw.tokenType === K('LEAVE');
              const target = scopes.find((s) => s.name === label.toLowerCase());
              if (target === undefined) fail(`${leave ? 'LEAVE' : 'ITERATE'} names the label ${label}, which does not exist`, token);
              if (!leave && !target.loop) fail(`ITERATE can not name the label ${label} of a BEGIN … END block`, token);
              return { kind: leave ? 'LeaveStatement' : 'IterateStatement', label } as Plan;
            });
          },
        },
        { GATE: () => is($, 1, 'DECLARE') && is($, 2, 'CONTINUE', 'EXIT') && is($, 3, 'HANDLER'), ALT: () => $.SUBRULE($.declareHandler) },
        { GATE: () => is($, 1, 'DECLARE') && is($, 3, 'CONDITION'), ALT: () => $.SUBRULE($.declareCondition) },
        { GATE: () => is($, 1, 'SET') && !(is($, 2, 'VAR', 'VARIABLE') && $.LA(3).tokenType !== T.Eq), ALT: () => $.SUBRULE($.scriptSetStatement) },
        { ALT: () => $.SUBRULE($.statement) },
      ],
    }),
  );

  /** Inside a script SET sets variables: `SET a = 1, b = 2` or `SET (a, b) = (query)`. */
  defineRule($, 'scriptSetStatement', (): Plan => {
    $.CONSUME(K('SET'));
    return $.OR([
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
          return { kind: 'SetVariable', keyword: null, assignments: [], targets, query } as Plan;
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
          return { kind: 'SetVariable', keyword: null, assignments, targets: null, query: null } as Plan;
        },
      },
    ]);
  });

  /** A body that must not be empty (IF, CASE and loop bodies). */
  const nonEmpty = (body: Plan[], at: IToken): Plan[] => {
    if (body.length === 0) throw syntaxError(`Syntax error at or near '${at.image}'`, $.text, at.startOffset);
    return body;
  };

  defineRule($, 'whileStatement', (label: Label): Plan => {
    $.CONSUME(K('WHILE'));
    const condition = $.SUBRULE($.booleanExpression);
    $.CONSUME(K('DO'));
    $.ACTION(() => enter(label, true));
    const body = $.SUBRULE($.compoundBody, { ARGS: [false] });
    const end = $.CONSUME(K('END'));
    $.CONSUME1(K('WHILE'));
    $.SUBRULE($.endLabel, { ARGS: [label] });
    return $.ACTION(() => {
      exit(label);
      return { kind: 'WhileStatement', label: label?.name ?? null, condition, body: nonEmpty(body, end) } as Plan;
    });
  });

  defineRule($, 'repeatStatement', (label: Label): Plan => {
    $.CONSUME(K('REPEAT'));
    $.ACTION(() => enter(label, true));
    const body = $.SUBRULE($.compoundBody, { ARGS: [false] });
    const until = $.CONSUME(K('UNTIL'));
    const condition = $.SUBRULE($.booleanExpression);
    $.CONSUME(K('END'));
    $.CONSUME1(K('REPEAT'));
    $.SUBRULE($.endLabel, { ARGS: [label] });
    return $.ACTION(() => {
      exit(label);
      return { kind: 'RepeatStatement', label: label?.name ?? null, body: nonEmpty(body, until), until: condition } as Plan;
    });
  });

  defineRule($, 'loopStatement', (label: Label): Plan => {
    $.CONSUME(K('LOOP'));
    $.ACTION(() => enter(label, true));
    const body = $.SUBRULE($.compoundBody, { ARGS: [false] });
    const end = $.CONSUME(K('END'));
    $.CONSUME1(K('LOOP'));
    $.SUBRULE($.endLabel, { ARGS: [label] });
    return $.ACTION(() => {
      exit(label);
      return { kind: 'LoopStatement', label: label?.name ?? null, body: nonEmpty(body, end) } as Plan;
    });
  });

  defineRule($, 'forStatement', (label: Label): Plan => {
    $.CONSUME(K('FOR'));
    let variable: string | null = null;
    $.OPTION({
      GATE: () => $.LA(2).tokenType === K('AS'),
      DEF: () => {
        variable = $.SUBRULE($.identifier);
        $.CONSUME(K('AS'));
      },
    });
    let query: Plan;
    scriptForQuery.depth++;
    try {
      query = $.SUBRULE($.query);
    } finally {
      scriptForQuery.depth--;
    }
    $.CONSUME(K('DO'));
    $.ACTION(() => enter(label, true));
    const body = $.SUBRULE($.compoundBody, { ARGS: [false] });
    const end = $.CONSUME(K('END'));
    $.CONSUME1(K('FOR'));
    $.SUBRULE($.endLabel, { ARGS: [label] });
    return $.ACTION(() => {
      exit(label);
      return { kind: 'ForStatement', label: label?.name ?? null, variable, query, body: nonEmpty(body, end) } as Plan;
    });
  });

  defineRule($, 'ifStatement', (): Plan => {
    const branches: ConditionalBody[] = [];
    $.CONSUME(K('IF'));
    const c0 = $.SUBRULE($.booleanExpression);
    const then0 = $.CONSUME(K('THEN'));
    const b0 = $.SUBRULE($.compoundBody, { ARGS: [false] });
    $.ACTION(() => branches.push({ condition: c0, body: nonEmpty(b0, then0) }));
    $.MANY(() => {
      $.CONSUME(K('ELSEIF'));
      const c = $.SUBRULE1($.booleanExpression);
      const then = $.CONSUME1(K('THEN'));
      const b = $.SUBRULE1($.compoundBody, { ARGS: [false] });
      $.ACTION(() => branches.push({ condition: c, body: nonEmpty(b, then) }));
    });
    let elseBody: Plan[] | null = null;
    $.OPTION(() => {
      const e = $.CONSUME(K('ELSE'));
      const b = $.SUBRULE2($.compoundBody, { ARGS: [false] });
      $.ACTION(() => (elseBody = nonEmpty(b, e)));
    });
    $.CONSUME(K('END'));
    $.CONSUME1(K('IF'));
    return { kind: 'IfElseStatement', branches, elseBody } as Plan;
  });

  defineRule($, 'caseStatement', (): Plan => {
    $.CONSUME(K('CASE'));
    let operand: Expression | null = null;
    $.OPTION({ GATE: () => !is($, 1, 'WHEN'), DEF: () => (operand = $.SUBRULE($.expression)) });
    const branches: ConditionalBody[] = [];
    $.AT_LEAST_ONE(() => {
      $.CONSUME(K('WHEN'));
      const c = $.SUBRULE1($.expression);
      const then = $.CONSUME(K('THEN'));
      const b = $.SUBRULE($.compoundBody, { ARGS: [false] });
      $.ACTION(() => branches.push({ condition: c, body: nonEmpty(b, then) }));
    });
    let elseBody: Plan[] | null = null;
    $.OPTION1(() => {
      const e = $.CONSUME(K('ELSE'));
      const b = $.SUBRULE1($.compoundBody, { ARGS: [false] });
      $.ACTION(() => (elseBody = nonEmpty(b, e)));
    });
    $.CONSUME(K('END'));
    $.CONSUME1(K('CASE'));
    return { kind: 'CaseStatement', operand, branches, elseBody } as Plan;
  });

  /** `DECLARE name CONDITION [FOR SQLSTATE [VALUE] '…']`. */
  defineRule($, 'declareCondition', (): Plan => {
    $.CONSUME(K('DECLARE'));
    const name = $.SUBRULE($.identifier);
    $.CONSUME(K('CONDITION'));
    let sqlState: string | null = null;
    $.OPTION(() => {
      $.CONSUME(K('FOR'));
      $.CONSUME(K('SQLSTATE'));
      $.OPTION1(() => $.CONSUME(K('VALUE')));
      sqlState = $.SUBRULE($.stringConstant);
    });
    return { kind: 'DeclareCondition', name, sqlState } as Plan;
  });

  /** `DECLARE CONTINUE|EXIT HANDLER FOR condition, … body`. */
  defineRule($, 'declareHandler', (): Plan => {
    $.CONSUME(K('DECLARE'));
    const type = $.OR([
      { ALT: () => ($.CONSUME(K('CONTINUE')), 'CONTINUE' as const) },
      { ALT: () => ($.CONSUME(K('EXIT')), 'EXIT' as const) },
    ]);
    $.CONSUME(K('HANDLER'));
    $.CONSUME(K('FOR'));
    const conditions: HandlerCondition[] = [];
    $.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const c = $.OR1<HandlerCondition>([
          {
            GATE: () => is($, 1, 'SQLSTATE') && $.LA(2).tokenType !== T.Dot && $.LA(2).tokenType !== T.Comma,
            ALT: () => {
              $.CONSUME(K('SQLSTATE'));
              $.OPTION(() => $.CONSUME(K('VALUE')));
              return { type: 'SQLSTATE', sqlState: $.SUBRULE($.stringConstant) };
            },
          },
          { GATE: () => is($, 1, 'NOT') && is($, 2, 'FOUND'), ALT: () => ($.CONSUME(K('NOT')), $.CONSUME(K('FOUND')), { type: 'NOT FOUND' }) },
          {
            GATE: () => is($, 1, 'SQLEXCEPTION') && $.LA(2).tokenType !== T.Dot,
            ALT: () => ($.CONSUME(K('SQLEXCEPTION')), { type: 'SQLEXCEPTION' }),
          },
          { ALT: () => ({ type: 'CONDITION', name: $.SUBRULE($.multipartIdentifier) }) },
        ]);
        conditions.push(c);
      },
    });
    // A block, a SET of variables, or one statement.
    const body = $.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => is($, 1, 'BEGIN') || (is($, 3, 'BEGIN') && $.LA(2).tokenType === T.Colon), ALT: () => $.SUBRULE($.scriptStatement) },
        { GATE: () => is($, 1, 'SET'), ALT: () => $.SUBRULE($.scriptSetStatement) },
        { ALT: () => $.SUBRULE($.statement) },
      ],
    });
    return { kind: 'DeclareHandler', type, conditions, body } as Plan;
  });
}
