/**
 * DDL: CREATE/REPLACE TABLE (incl. CTAS and LIKE), CREATE VIEW, CREATE FUNCTION (class-based and
 * SQL), CREATE DATABASE, ALTER TABLE/VIEW, DROP, TRUNCATE, COMMENT ON and REPAIR TABLE.
 * Spark rejects some well-formed clauses while building the plan (`CREATE TEMPORARY TABLE`,
 * `SKEWED BY`, duplicate clauses); those are `SqlParseError`s with the clause's position.
 */
import type { IToken } from 'chevrotain';
import { tokenMatcher } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import type { Plan } from '../../plan/logical.js';
import type { Expression } from '../../plan/expression.js';
import type {
  AlterTableAction, ColumnDefinition, FileFormat, ObjectName, PartitionSpec, PropertyList, RowFormat, Statement, TableClauses,
} from '../../plan/statement.js';
import { SqlParseError, invalidSyntax } from '../errors.js';
import { isQueryStart } from './expression.js';
import { is } from './statement.js';

const K = T.keyword;

declare module '../rules.js' {
  interface Rules {
    columnDefinition: Rule<ColumnDefinition, [boolean]>;
    columnPosition: Rule<'FIRST' | { after: string }>;
    tableClauses: Rule<TableClauses>;
    partitionField: Rule<Expression | ColumnDefinition>;
    createTableBody: Rule<Plan, [CreateHead]>;
    createViewBody: Rule<Plan, [CreateHead]>;
    createFunctionBody: Rule<Plan, [CreateHead]>;
    createNamespaceBody: Rule<Plan, [CreateHead, 'DATABASE' | 'SCHEMA' | 'NAMESPACE']>;
    alterTableAction: Rule<AlterTableAction>;
    ifNotExists: Rule<boolean>;
    ifExists: Rule<boolean>;
    alterColumnChange: Rule<AlterColumnChange>;
  }
}

type AlterColumnChange = Extract<AlterTableAction, { type: 'ALTER COLUMN' }>['change'];

interface CreateHead {
  readonly mode: 'CREATE' | 'CREATE OR REPLACE' | 'REPLACE';
  readonly global: boolean;
  readonly temporary: boolean;
  readonly external: boolean;
  readonly start: IToken;
}

const EMPTY_CLAUSES: TableClauses = {
  provider: null, options: null, partitionedBy: null, clusteredBy: null, clusterBy: null, rowFormat: null,
  storedAs: null, location: null, comment: null, collation: null, tblProperties: null,
};

export function defineDdlRules($: Grammar): void {
  const fail = (reason: string, t: IToken): never => {
    throw invalidSyntax(reason, $.text, t.startOffset);
  };

  defineRule($, 'ifNotExists', (): boolean => {
    let r = false;
    $.OPTION({
      GATE: () => is($, 1, 'IF') && is($, 2, 'NOT'),
      DEF: () => {
        $.CONSUME(K('IF'));
        $.CONSUME(K('NOT'));
        $.CONSUME(K('EXISTS'));
        r = true;
      },
    });
    return r;
  });

  defineRule($, 'ifExists', (): boolean => {
    let r = false;
    $.OPTION({
      GATE: () => is($, 1, 'IF') && is($, 2, 'EXISTS'),
      DEF: () => {
        $.CONSUME(K('IF'));
        $.CONSUME(K('EXISTS'));
        r = true;
      },
    });
    return r;
  });

  defineRule($, 'createStatement', (): Plan => {
    let mode: CreateHead['mode'] = 'CREATE';
    let global = false;
    let temporary = false;
    let external = false;
    const start = $.OR([
      { ALT: () => $.CONSUME(K('CREATE')) },
      { ALT: () => ((mode = 'REPLACE'), $.CONSUME(K('REPLACE'))) },
    ]);
    $.OPTION(() => {
      $.CONSUME(K('OR'));
      $.CONSUME1(K('REPLACE'));
      mode = 'CREATE OR REPLACE';
    });
    $.OPTION1(() => ($.CONSUME(K('GLOBAL')), (global = true)));
    $.OPTION2(() => ($.CONSUME(K('TEMPORARY')), (temporary = true)));
    $.OPTION3(() => ($.CONSUME(K('EXTERNAL')), (external = true)));
    const head = (): CreateHead => ({ mode, global, temporary, external, start });
    return $.OR1([
      {
        ALT: () => {
          $.CONSUME(K('TABLE'));
          return $.SUBRULE($.createTableBody, { ARGS: [head()] });
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('VIEW'));
          return $.SUBRULE($.createViewBody, { ARGS: [head()] });
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('FUNCTION'));
          return $.SUBRULE($.createFunctionBody, { ARGS: [head()] });
        },
      },
      { ALT: () => ($.CONSUME(K('DATABASE')), $.SUBRULE($.createNamespaceBody, { ARGS: [head(), 'DATABASE'] })) },
      { ALT: () => ($.CONSUME(K('SCHEMA')), $.SUBRULE1($.createNamespaceBody, { ARGS: [head(), 'SCHEMA'] })) },
      { ALT: () => ($.CONSUME(K('NAMESPACE')), $.SUBRULE2($.createNamespaceBody, { ARGS: [head(), 'NAMESPACE'] })) },
    ]);
  });

  defineRule($, 'createTableBody', (h: CreateHead): Plan => {
    const ifNotExists = $.SUBRULE($.ifNotExists);
    const name = $.SUBRULE($.objectName);
    let columns: ColumnDefinition[] | null = null;
    let like: ObjectName | null = null;
    let query: Plan | null = null;
    $.OPTION({
      GATE: () => $.LA(1).tokenType === T.LParen && !isQueryStart($, 1),
      DEF: () => {
        $.CONSUME(T.LParen);
        columns = [];
        $.MANY_SEP({ SEP: T.Comma, DEF: () => columns!.push($.SUBRULE($.columnDefinition, { ARGS: [false] })) });
        $.CONSUME(T.RParen);
      },
    });
    $.OPTION1(() => {
      $.CONSUME(K('LIKE'));
      like = $.SUBRULE1($.objectName);
    });
    const clauses = $.SUBRULE($.tableClauses);
    $.OPTION2({
      GATE: () => is($, 1, 'AS') || isQueryStart($, 1),
      DEF: () => {
        $.OPTION3(() => $.CONSUME(K('AS')));
        query = $.SUBRULE($.query);
      },
    });
    return $.ACTION(() => {
      if (h.global) fail('GLOBAL applies to temporary views only', h.start);
      if (h.temporary) fail('CREATE TEMPORARY TABLE is not supported; use CREATE TEMPORARY VIEW', h.start);
      if (ifNotExists && h.mode !== 'CREATE') fail('REPLACE TABLE cannot have IF NOT EXISTS', h.start);
      if (like !== null && (h.mode !== 'CREATE' || query !== null || columns !== null)) fail('CREATE TABLE LIKE takes no columns, query or REPLACE', h.start);
      if (h.external && query !== null) fail('CREATE EXTERNAL TABLE ... AS SELECT is not supported', h.start);
      const c = clauses as TableClauses;
      if (query !== null && columns !== null && (columns as ColumnDefinition[]).length > 0 && c.provider !== null) {
        fail('Schema may not be specified in a CREATE TABLE AS SELECT statement', h.start);
      }
      return {
        kind: 'CreateTable', mode: h.mode, temporaryView: null, external: h.external, ifNotExists, name, columns, like,
        clauses, query,
      } as Plan;
    });
  });

  /** Spark's createTableClauses: in any order, each at most once. */
  defineRule($, 'tableClauses', (): TableClauses => {
    const c: { -readonly [K in keyof TableClauses]: TableClauses[K] } = { ...EMPTY_CLAUSES };
    const once = (key: keyof TableClauses, t: IToken): void => {
      if (c[key] !== null) fail(`Found duplicate clauses: ${t.image.toUpperCase()}`, t);
    };
    $.MANY(() =>
      $.OR([
        {
          ALT: () => {
            const t = $.CONSUME(K('USING'));
            const p = $.SUBRULE($.multipartIdentifier);
            $.ACTION(() => (once('provider', t), (c.provider = p.join('.'))));
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(K('OPTIONS'));
            const p = $.SUBRULE($.expressionPropertyList);
            $.ACTION(() => (once('options', t), (c.options = p)));
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(K('PARTITIONED'));
            $.CONSUME(K('BY'));
            $.CONSUME(T.LParen);
            const items: (Expression | ColumnDefinition)[] = [];
            $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => items.push($.SUBRULE($.partitionField)) });
            $.CONSUME(T.RParen);
            $.ACTION(() => (once('partitionedBy', t), (c.partitionedBy = items)));
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(K('CLUSTERED'));
            $.CONSUME1(K('BY'));
            const columns = $.SUBRULE($.identifierList);
            let sortedBy: { column: string; descending: boolean }[] | null = null;
            $.OPTION(() => {
              $.CONSUME(K('SORTED'));
              $.CONSUME2(K('BY'));
              $.CONSUME1(T.LParen);
              sortedBy = [];
              $.AT_LEAST_ONE_SEP1({
                SEP: T.Comma,
                DEF: () => {
                  const column = $.SUBRULE($.identifier);
                  let descending = false;
                  $.OPTION1(() =>
                    $.OR1([
                      { ALT: () => $.CONSUME(K('ASC')) },
                      { ALT: () => { $.CONSUME(K('DESC')); descending = true; } },
                    ]),
                  );
                  sortedBy!.push({ column, descending });
                },
              });
              $.CONSUME1(T.RParen);
            });
            $.CONSUME(K('INTO'));
            const n = $.CONSUME(T.NumberLiteral);
            $.CONSUME(K('BUCKETS'));
            $.ACTION(() => {
              once('clusteredBy', t);
              c.clusteredBy = { columns, sortedBy, buckets: Number(n.image) };
            });
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(K('CLUSTER'));
            $.CONSUME3(K('BY'));
            $.CONSUME2(T.LParen);
            const cols: string[][] = [];
            $.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => cols.push($.SUBRULE1($.multipartIdentifier)) });
            $.CONSUME2(T.RParen);
            $.ACTION(() => (once('clusterBy', t), (c.clusterBy = cols)));
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(K('SKEWED'));
            $.ACTION(() => fail('Operation not allowed: CREATE TABLE ... SKEWED BY', t));
          },
        },
        {
          ALT: () => {
            const t = $.LA(1);
            const r: RowFormat = $.SUBRULE($.rowFormat);
            $.ACTION(() => (once('rowFormat', t), (c.rowFormat = r)));
          },
        },
        {
          ALT: () => {
            const t = $.LA(1);
            const f: FileFormat = $.SUBRULE($.fileFormat);
            $.ACTION(() => (once('storedAs', t), (c.storedAs = f)));
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(K('LOCATION'));
            const s = $.SUBRULE($.stringConstant);
            $.ACTION(() => (once('location', t), (c.location = s)));
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(K('COMMENT'));
            const s = $.SUBRULE1($.stringConstant);
            $.ACTION(() => (once('comment', t), (c.comment = s)));
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(K('DEFAULT'));
            $.CONSUME(K('COLLATION'));
            const s = $.SUBRULE1($.identifier);
            $.ACTION(() => (once('collation', t), (c.collation = s)));
          },
        },
        {
          ALT: () => {
            const t = $.CONSUME(K('TBLPROPERTIES'));
            const p = $.SUBRULE($.propertyList);
            $.ACTION(() => (once('tblProperties', t), (c.tblProperties = p)));
          },
        },
      ]),
    );
    return $.ACTION(() => {
      if (c.storedAs !== null && c.provider !== null) fail('CREATE TABLE cannot have both USING and STORED AS', $.LA(0));
      return c;
    });
  });

  /** A PARTITIONED BY item: a column definition (`c INT`), a transform (`years(ts)`) or a column. */
  defineRule($, 'partitionField', (): Expression | ColumnDefinition =>
    $.OR<Expression | ColumnDefinition>([
      {
        GATE: () => tokenMatcher($.LA(2), T.Ident),
        ALT: () => $.SUBRULE($.columnDefinition, { ARGS: [false] }),
      },
      { ALT: () => $.SUBRULE($.valueExpression) },
    ]),
  );

  /** `name type [NOT NULL] [DEFAULT e] [GENERATED ALWAYS AS (e)] [COMMENT 'x'] [FIRST|AFTER c]`. */
  defineRule($, 'columnDefinition', (nested: boolean): ColumnDefinition => {
    let name: string[] = [];
    $.OR([
      { GATE: () => nested, ALT: () => (name = $.SUBRULE($.multipartIdentifier)) },
      { ALT: () => (name = [$.SUBRULE($.identifier)]) },
    ]);
    const dataType = $.SUBRULE($.dataType);
    let notNull = false;
    let comment: string | null = null;
    let defaultValue: Expression | null = null;
    let generatedAs: Expression | null = null;
    let position: ColumnDefinition['position'] = null;
    $.MANY(() =>
      $.OR1([
        { ALT: () => ($.CONSUME(K('NOT')), $.CONSUME(K('NULL')), (notNull = true)) },
        { ALT: () => ($.CONSUME(K('COMMENT')), (comment = $.SUBRULE($.stringConstant))) },
        { ALT: () => ($.CONSUME(K('DEFAULT')), (defaultValue = $.SUBRULE($.expression))) },
        {
          ALT: () => {
            $.CONSUME(K('GENERATED'));
            $.CONSUME(K('ALWAYS'));
            $.CONSUME(K('AS'));
            $.CONSUME(T.LParen);
            generatedAs = $.SUBRULE1($.expression);
            $.CONSUME(T.RParen);
          },
        },
        { GATE: () => nested, ALT: () => (position = $.SUBRULE($.columnPosition)) },
      ]),
    );
    return { name, dataType, notNull, comment, defaultValue, generatedAs, position };
  });

  defineRule($, 'columnPosition', (): 'FIRST' | { after: string } =>
    $.OR<'FIRST' | { after: string }>([
      { ALT: () => ($.CONSUME(K('FIRST')), 'FIRST' as const) },
      { ALT: () => ($.CONSUME(K('AFTER')), { after: $.SUBRULE($.identifier) }) },
    ]),
  );

  defineRule($, 'createViewBody', (h: CreateHead): Plan => {
    const ifNotExists = $.SUBRULE($.ifNotExists);
    const name = $.SUBRULE($.objectName);
    let columns: { name: string; comment: string | null }[] | null = null;
    let typed: ColumnDefinition[] = [];
    let comment: string | null = null;
    let schemaBinding: string | null = null;
    let tblProperties: PropertyList | null = null;
    let collation: string | null = null;
    $.OPTION(() => {
      $.CONSUME(T.LParen);
      columns = [];
      $.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () => {
          $.OR2([
            {
              // A typed column: only in the `USING` form (a temporary view over a data source).
              GATE: () => tokenMatcher($.LA(2), T.Ident) && !is($, 2, 'COMMENT'),
              ALT: () => {
                const c = $.SUBRULE($.columnDefinition, { ARGS: [false] });
                $.ACTION(() => typed.push(c));
              },
            },
            {
              ALT: () => {
                const n = $.SUBRULE($.identifier);
                let c: string | null = null;
                $.OPTION1(() => ($.CONSUME(K('COMMENT')), (c = $.SUBRULE($.stringConstant))));
                columns!.push({ name: n, comment: c });
              },
            },
          ]);
        },
      });
      $.CONSUME(T.RParen);
    });
    return $.OR9([
      {
        ALT: (): Plan => {
          const t = $.CONSUME(K('USING'));
          const p = $.SUBRULE1($.multipartIdentifier);
          let options: (readonly [string, Expression])[] | null = null;
          $.OPTION5(() => ($.CONSUME(K('OPTIONS')), (options = $.SUBRULE($.expressionPropertyList))));
          return $.ACTION((): Plan => {
            if (!h.temporary || ifNotExists || h.mode === 'REPLACE' || h.external) fail('CREATE VIEW ... USING needs TEMPORARY', t);
            if (columns !== null && (columns as unknown[]).length > 0) fail('CREATE TEMPORARY VIEW ... USING needs column types', t);
            return {
              kind: 'CreateTable', mode: h.mode, temporaryView: h.global ? 'GLOBAL TEMPORARY' : 'TEMPORARY', external: false, ifNotExists: false,
              name, columns: columns === null ? null : typed, like: null, clauses: { ...EMPTY_CLAUSES, provider: p.join('.'), options }, query: null,
            };
          });
        },
      },
      {
        ALT: (): Plan => {
          $.ACTION(() => {
            if (typed.length > 0) fail('A view column list takes names (and comments), not types', h.start);
          });
          $.MANY(() =>
            $.OR([
              { ALT: () => ($.CONSUME1(K('COMMENT')), (comment = $.SUBRULE1($.stringConstant))) },
              {
                ALT: () => {
                  const t = $.CONSUME(K('PARTITIONED'));
                  $.ACTION(() => fail('Operation not allowed: CREATE VIEW ... PARTITIONED ON', t));
                },
              },
              { ALT: () => ($.CONSUME(K('TBLPROPERTIES')), (tblProperties = $.SUBRULE($.propertyList))) },
              { ALT: () => ($.CONSUME(K('DEFAULT')), $.CONSUME(K('COLLATION')), (collation = $.SUBRULE1($.identifier))) },
              {
                ALT: () => {
                  $.CONSUME(K('WITH'));
                  $.CONSUME(K('SCHEMA'));
                  schemaBinding = $.OR1([
                    { ALT: () => ($.CONSUME(K('BINDING')), 'BINDING') },
                    { ALT: () => ($.CONSUME(K('COMPENSATION')), 'COMPENSATION') },
                    { ALT: () => ($.CONSUME(K('EVOLUTION')), 'EVOLUTION') },
                    { ALT: () => ($.CONSUME(K('TYPE')), $.CONSUME1(K('EVOLUTION')), 'TYPE EVOLUTION') },
                  ]);
                },
              },
            ]),
          );
          $.CONSUME(K('AS'));
          const query = $.SUBRULE($.query);
          return $.ACTION(() => {
            if (h.mode === 'REPLACE' || h.external) fail('Syntax error in CREATE VIEW', h.start);
            if (h.global && !h.temporary) fail('GLOBAL applies to temporary views only', h.start);
            if (ifNotExists && h.mode === 'CREATE OR REPLACE') fail('CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed', h.start);
            if (ifNotExists && h.temporary) fail('It is not allowed to define a TEMPORARY view with IF NOT EXISTS', h.start);
            const scope = h.global ? 'GLOBAL TEMPORARY' : h.temporary ? 'TEMPORARY' : 'PERSISTED';
            return {
              kind: 'CreateView', orReplace: h.mode === 'CREATE OR REPLACE', scope, ifNotExists, name, columns, comment, collation, schemaBinding,
              tblProperties, query,
            } as Plan;
          });
        },
      },
    ]);
  });

  defineRule($, 'createFunctionBody', (h: CreateHead): Plan => {
    const ifNotExists = $.SUBRULE($.ifNotExists);
    const name = $.SUBRULE($.objectName);
    return $.OR([
      {
        ALT: () => {
          $.CONSUME(K('AS'));
          const className = $.SUBRULE($.stringConstant);
          const resources: { type: string; uri: string }[] = [];
          $.OPTION(() => {
            $.CONSUME(K('USING'));
            $.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => {
                const t = $.CONSUME(T.Ident);
                const uri = $.SUBRULE1($.stringConstant);
                $.ACTION(() => resources.push({ type: t.image.toUpperCase(), uri }));
              },
            });
          });
          return $.ACTION(() => {
            if (h.global || h.external || h.mode === 'REPLACE') fail('Syntax error in CREATE FUNCTION', h.start);
            if (ifNotExists && h.mode === 'CREATE OR REPLACE') fail('CREATE FUNCTION with both IF NOT EXISTS and REPLACE is not allowed', h.start);
            for (const r of resources) {
              if (!['JAR', 'FILE', 'ARCHIVE'].includes(r.type)) fail(`CREATE FUNCTION with resource type '${r.type}'`, h.start);
            }
            return {
              kind: 'CreateFunction', orReplace: h.mode === 'CREATE OR REPLACE', temporary: h.temporary, ifNotExists, name, className, resources,
            } as Plan;
          });
        },
      },
      {
        ALT: () => {
          $.CONSUME(T.LParen);
          const parameters: ColumnDefinition[] = [];
          $.MANY_SEP({ SEP: T.Comma, DEF: () => parameters.push($.SUBRULE($.columnDefinition, { ARGS: [false] })) });
          $.CONSUME(T.RParen);
          // RETURNS and characteristics of a SQL function, kept as text up to RETURN.
          const signature = $.SUBRULE($.restOfStatement, { ARGS: ['RETURN'] });
          $.CONSUME(K('RETURN'));
          let bodyQuery: Plan | null = null;
          let bodyExpression: Expression | null = null;
          $.OR1([
            { GATE: () => isQueryStart($, 1), ALT: () => { bodyQuery = $.SUBRULE($.query); } },
            { ALT: () => { bodyExpression = $.SUBRULE($.expression); } },
          ]);
          return $.ACTION(() => {
            if (h.global || h.external || h.mode === 'REPLACE') fail('Syntax error in CREATE FUNCTION', h.start);
            return {
              kind: 'CreateSqlFunction', orReplace: h.mode === 'CREATE OR REPLACE', temporary: h.temporary, ifNotExists, name, signature,
              parameters, bodyQuery, bodyExpression,
            } as Plan;
          });
        },
      },
    ]);
  });


  defineRule($, 'createNamespaceBody', (h: CreateHead, keyword: 'DATABASE' | 'SCHEMA' | 'NAMESPACE'): Plan => {
    const ifNotExists = $.SUBRULE($.ifNotExists);
    const name = $.SUBRULE($.objectName);
    let comment: string | null = null;
    let location: string | null = null;
    let collation: string | null = null;
    let properties: PropertyList | null = null;
    $.MANY(() =>
      $.OR([
        { ALT: () => ($.CONSUME(K('COMMENT')), (comment = $.SUBRULE($.stringConstant))) },
        { ALT: () => ($.CONSUME(K('LOCATION')), (location = $.SUBRULE1($.stringConstant))) },
        { ALT: () => ($.CONSUME(K('DEFAULT')), $.CONSUME(K('COLLATION')), (collation = $.SUBRULE($.identifier))) },
        {
          ALT: () => {
            $.CONSUME(K('WITH'));
            $.OR1([{ ALT: () => $.CONSUME(K('DBPROPERTIES')) }, { ALT: () => $.CONSUME(K('PROPERTIES')) }]);
            properties = $.SUBRULE($.propertyList);
          },
        },
      ]),
    );
    return $.ACTION(() => {
      if (h.mode !== 'CREATE' || h.global || h.temporary || h.external) fail(`Syntax error in CREATE ${keyword}`, h.start);
      return { kind: 'CreateNamespace', keyword, ifNotExists, name, comment, location, collation, properties } as Plan;
    });
  });

  defineRule($, 'alterStatement', (): Plan => {
    $.CONSUME(K('ALTER'));
    return $.OR([
      {
        GATE: () => is($, 1, 'VIEW') && viewAsAhead($),
        ALT: () => {
          $.CONSUME(K('VIEW'));
          const name = $.SUBRULE($.objectName);
          $.OPTION(() => $.CONSUME(K('AS')));
          const query = $.SUBRULE($.query);
          return { kind: 'AlterViewAs', name, query } as Plan;
        },
      },
      {
        ALT: () => {
          const objectType = $.OR1([
            { ALT: () => ($.CONSUME1(K('VIEW')), 'VIEW' as const) },
            { ALT: () => ($.CONSUME(K('TABLE')), 'TABLE' as const) },
          ]);
          const name = $.SUBRULE1($.objectName);
          const action = $.SUBRULE($.alterTableAction);
          return { kind: 'AlterTable', objectType, name, action } as Plan;
        },
      },
    ]);
  });

  defineRule($, 'alterTableAction', (): AlterTableAction =>
    $.OR([
      {
        GATE: () => is($, 1, 'ADD') && is($, 2, 'COLUMN', 'COLUMNS'),
        ALT: () => {
          $.CONSUME(K('ADD'));
          $.OR1([{ ALT: () => $.CONSUME(K('COLUMN')) }, { ALT: () => $.CONSUME(K('COLUMNS')) }]);
          const columns: ColumnDefinition[] = [];
          $.OR2([
            {
              ALT: () => {
                $.CONSUME(T.LParen);
                $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => columns.push($.SUBRULE($.columnDefinition, { ARGS: [true] })) });
                $.CONSUME(T.RParen);
              },
            },
            { ALT: () => $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => columns.push($.SUBRULE1($.columnDefinition, { ARGS: [true] })) }) },
          ]);
          return { type: 'ADD COLUMNS', columns } as AlterTableAction;
        },
      },
      {
        GATE: () => is($, 1, 'ADD'),
        ALT: () => {
          $.CONSUME1(K('ADD'));
          const ifNotExists = $.SUBRULE($.ifNotExists);
          const partitions: { spec: PartitionSpec; location: string | null }[] = [];
          $.AT_LEAST_ONE(() => {
            const spec = $.SUBRULE($.partitionSpec);
            let location: string | null = null;
            $.OPTION(() => ($.CONSUME(K('LOCATION')), (location = $.SUBRULE($.stringConstant))));
            partitions.push({ spec, location });
          });
          return { type: 'ADD PARTITION', ifNotExists, partitions } as AlterTableAction;
        },
      },
      {
        GATE: () => is($, 1, 'DROP') && is($, 2, 'COLUMN', 'COLUMNS'),
        ALT: () => {
          $.CONSUME(K('DROP'));
          $.OR3([{ ALT: () => $.CONSUME1(K('COLUMN')) }, { ALT: () => $.CONSUME1(K('COLUMNS')) }]);
          const ifExists = $.SUBRULE($.ifExists);
          const columns: string[][] = [];
          $.OR4([
            {
              ALT: () => {
                $.CONSUME1(T.LParen);
                $.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => columns.push($.SUBRULE($.multipartIdentifier)) });
                $.CONSUME1(T.RParen);
              },
            },
            { ALT: () => $.AT_LEAST_ONE_SEP3({ SEP: T.Comma, DEF: () => columns.push($.SUBRULE1($.multipartIdentifier)) }) },
          ]);
          return { type: 'DROP COLUMNS', ifExists, columns } as AlterTableAction;
        },
      },
      {
        GATE: () => is($, 1, 'DROP'),
        ALT: () => {
          $.CONSUME1(K('DROP'));
          const ifExists = $.SUBRULE1($.ifExists);
          const partitions: PartitionSpec[] = [];
          $.AT_LEAST_ONE_SEP4({ SEP: T.Comma, DEF: () => partitions.push($.SUBRULE1($.partitionSpec)) });
          let purge = false;
          $.OPTION1(() => ($.CONSUME(K('PURGE')), (purge = true)));
          return { type: 'DROP PARTITION', ifExists, partitions, purge } as AlterTableAction;
        },
      },
      {
        GATE: () => is($, 1, 'RENAME') && is($, 2, 'COLUMN'),
        ALT: () => {
          $.CONSUME(K('RENAME'));
          $.CONSUME2(K('COLUMN'));
          const from = $.SUBRULE2($.multipartIdentifier);
          $.CONSUME(K('TO'));
          const to = $.SUBRULE($.identifier);
          return { type: 'RENAME COLUMN', from, to } as AlterTableAction;
        },
      },
      {
        GATE: () => is($, 1, 'RENAME'),
        ALT: () => {
          $.CONSUME1(K('RENAME'));
          $.CONSUME1(K('TO'));
          const to = $.SUBRULE3($.multipartIdentifier);
          return { type: 'RENAME TO', to } as AlterTableAction;
        },
      },
      {
        GATE: () => is($, 1, 'SET') && is($, 2, 'TBLPROPERTIES'),
        ALT: () => {
          $.CONSUME(K('SET'));
          $.CONSUME(K('TBLPROPERTIES'));
          return { type: 'SET TBLPROPERTIES', properties: $.SUBRULE($.propertyList) } as AlterTableAction;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('UNSET'));
          $.CONSUME1(K('TBLPROPERTIES'));
          const ifExists = $.SUBRULE2($.ifExists);
          return { type: 'UNSET TBLPROPERTIES', ifExists, properties: $.SUBRULE1($.propertyList) } as AlterTableAction;
        },
      },
      {
        // `[PARTITION (…)] SET LOCATION 'x'`, `[PARTITION (…)] SET SERDE …`, `PARTITION (…) RENAME TO PARTITION (…)`.
        ALT: () => {
          let partition: PartitionSpec | null = null;
          $.OPTION2(() => (partition = $.SUBRULE2($.partitionSpec)));
          return $.OR5([
            {
              ALT: () => {
                const t = $.CONSUME2(K('RENAME'));
                $.CONSUME2(K('TO'));
                const to = $.SUBRULE3($.partitionSpec);
                return $.ACTION(() => {
                  if (partition === null) fail('RENAME TO PARTITION needs a source partition', t);
                  return { type: 'RENAME PARTITION', from: partition!, to } as AlterTableAction;
                });
              },
            },
            {
              ALT: () => {
                $.CONSUME1(K('SET'));
                return $.OR6([
                  {
                    ALT: () => {
                      $.CONSUME1(K('LOCATION'));
                      return { type: 'SET LOCATION', partition, location: $.SUBRULE1($.stringConstant) } as AlterTableAction;
                    },
                  },
                  {
                    ALT: () => {
                      $.CONSUME(K('SERDE'));
                      const serde = $.SUBRULE2($.stringConstant);
                      let properties: PropertyList | null = null;
                      $.OPTION3(() => {
                        $.CONSUME(K('WITH'));
                        $.CONSUME(K('SERDEPROPERTIES'));
                        properties = $.SUBRULE2($.propertyList);
                      });
                      return { type: 'SET SERDE', partition, serde, properties } as AlterTableAction;
                    },
                  },
                  {
                    ALT: () => {
                      $.CONSUME1(K('SERDEPROPERTIES'));
                      return { type: 'SET SERDE', partition, serde: null, properties: $.SUBRULE3($.propertyList) } as AlterTableAction;
                    },
                  },
                ]);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('RECOVER'));
          $.CONSUME(K('PARTITIONS'));
          return { type: 'RECOVER PARTITIONS' } as AlterTableAction;
        },
      },
      {
        // `ALTER|CHANGE [COLUMN] c <change>` or Hive's `CHANGE [COLUMN] c newName type …`.
        ALT: () => {
          const verb = $.OR7([{ ALT: () => $.CONSUME(K('ALTER')) }, { ALT: () => $.CONSUME(K('CHANGE')) }]);
          $.OPTION4({ GATE: () => tokenMatcher($.LA(2), T.Ident) || $.LA(2).tokenType === T.Dot, DEF: () => $.CONSUME3(K('COLUMN')) });
          const column = $.SUBRULE4($.multipartIdentifier);
          return $.OR8([
            {
              GATE: () => verb.tokenType === K('CHANGE') && !is($, 1, 'TYPE', 'SET', 'DROP', 'COMMENT', 'FIRST', 'AFTER'),
              ALT: () => {
                const newName = $.SUBRULE1($.identifier);
                const dataType = $.SUBRULE($.dataType);
                let comment: string | null = null;
                let position: 'FIRST' | { after: string } | null = null;
                $.OPTION5(() => ($.CONSUME(K('COMMENT')), (comment = $.SUBRULE3($.stringConstant))));
                $.OPTION6(() => (position = $.SUBRULE($.columnPosition)));
                return { type: 'CHANGE COLUMN', column, newName, dataType, comment, position } as AlterTableAction;
              },
            },
            {
              ALT: () => {
                const change = $.SUBRULE($.alterColumnChange);
                return { type: 'ALTER COLUMN', column, change } as AlterTableAction;
              },
            },
          ]);
        },
      },
    ]),
  );

  defineRule($, 'alterColumnChange', (): AlterColumnChange =>
    $.OR<AlterColumnChange>([
                  { ALT: () => ($.CONSUME(K('TYPE')), { op: 'TYPE', dataType: $.SUBRULE1($.dataType) }) },
                  { ALT: () => ($.CONSUME1(K('COMMENT')), { op: 'COMMENT', comment: $.SUBRULE4($.stringConstant) }) },
                  { ALT: () => ({ op: 'POSITION', position: $.SUBRULE1($.columnPosition) }) },
                  {
                    ALT: () => {
                      $.CONSUME2(K('SET'));
                      return $.OR1<AlterColumnChange>({
                        DEF: [
                          { ALT: () => ($.CONSUME(K('NOT')), $.CONSUME(K('NULL')), { op: 'SET NOT NULL' }) },
                          { ALT: () => ($.CONSUME(K('DEFAULT')), { op: 'SET DEFAULT', value: $.SUBRULE($.expression) }) },
                        ],
                      });
                    },
                  },
                  {
                    ALT: () => {
                      $.CONSUME2(K('DROP'));
                      return $.OR2<AlterColumnChange>({
                        DEF: [
                          { ALT: () => ($.CONSUME1(K('NOT')), $.CONSUME1(K('NULL')), { op: 'DROP NOT NULL' }) },
                          { ALT: () => ($.CONSUME1(K('DEFAULT')), { op: 'DROP DEFAULT' }) },
                        ],
                      });
                    },
                  },
                ]),
  );

  defineRule($, 'dropStatement', (): Plan => {
    const start = $.CONSUME(K('DROP'));
    let objectType: Statement & { kind: 'DropObject' } extends { objectType: infer O } ? O : never = 'TABLE';
    $.OR([
      { ALT: () => ($.CONSUME(K('TABLE')), (objectType = 'TABLE')) },
      { ALT: () => ($.CONSUME(K('VIEW')), (objectType = 'VIEW')) },
      { ALT: () => ($.CONSUME(K('DATABASE')), (objectType = 'DATABASE')) },
      { ALT: () => ($.CONSUME(K('SCHEMA')), (objectType = 'SCHEMA')) },
      { ALT: () => ($.CONSUME(K('NAMESPACE')), (objectType = 'NAMESPACE')) },
      { ALT: () => ($.CONSUME(K('FUNCTION')), (objectType = 'FUNCTION')) },
      {
        ALT: () => {
          $.CONSUME(K('TEMPORARY'));
          $.OR1([
            { ALT: () => ($.CONSUME1(K('FUNCTION')), (objectType = 'TEMPORARY FUNCTION')) },
            { ALT: () => ($.CONSUME(K('VARIABLE')), (objectType = 'TEMPORARY VARIABLE')) },
            { ALT: () => ($.CONSUME(K('VAR')), (objectType = 'TEMPORARY VARIABLE')) },
          ]);
        },
      },
    ]);
    const ifExists = $.SUBRULE($.ifExists);
    const name = $.SUBRULE($.objectName);
    let purge = false;
    let cascade: 'RESTRICT' | 'CASCADE' | null = null;
    $.OPTION({ GATE: () => objectType === 'TABLE', DEF: () => ($.CONSUME(K('PURGE')), (purge = true)) });
    $.OPTION1({
      GATE: () => objectType === 'DATABASE' || objectType === 'SCHEMA' || objectType === 'NAMESPACE',
      DEF: () =>
        $.OR2([
          { ALT: () => ($.CONSUME(K('RESTRICT')), (cascade = 'RESTRICT')) },
          { ALT: () => ($.CONSUME(K('CASCADE')), (cascade = 'CASCADE')) },
        ]),
    });
    return $.ACTION(() => {
      if (start === undefined) fail('unreachable', start);
      return { kind: 'DropObject', objectType, ifExists, name, purge, cascade } as Plan;
    });
  });

  defineRule($, 'truncateStatement', (): Plan => {
    $.CONSUME(K('TRUNCATE'));
    $.CONSUME(K('TABLE'));
    const name = $.SUBRULE($.objectName);
    let partition: PartitionSpec | null = null;
    $.OPTION(() => (partition = $.SUBRULE($.partitionSpec)));
    return { kind: 'TruncateTable', name, partition } as Plan;
  });

  defineRule($, 'commentStatement', (): Plan => {
    $.CONSUME(K('COMMENT'));
    $.CONSUME(K('ON'));
    const objectType = $.OR([
      { ALT: () => ($.CONSUME(K('TABLE')), 'TABLE' as const) },
      { ALT: () => ($.CONSUME(K('DATABASE')), 'DATABASE' as const) },
      { ALT: () => ($.CONSUME(K('SCHEMA')), 'SCHEMA' as const) },
      { ALT: () => ($.CONSUME(K('NAMESPACE')), 'NAMESPACE' as const) },
    ]);
    const name = $.SUBRULE($.objectName);
    $.CONSUME(K('IS'));
    const comment = $.OR1([
      { ALT: () => ($.CONSUME(K('NULL')), null) },
      { ALT: () => $.SUBRULE($.stringConstant) },
    ]);
    return { kind: 'CommentOn', objectType, name, comment } as Plan;
  });

  defineRule($, 'repairStatement', (): Plan => {
    let msck = false;
    $.OPTION(() => ($.CONSUME(K('MSCK')), (msck = true)));
    $.CONSUME(K('REPAIR'));
    $.CONSUME(K('TABLE'));
    const name = $.SUBRULE($.objectName);
    let option: 'ADD' | 'DROP' | 'SYNC' | null = null;
    $.OPTION1(() => {
      option = $.OR([
        { ALT: () => ($.CONSUME(K('ADD')), 'ADD' as const) },
        { ALT: () => ($.CONSUME(K('DROP')), 'DROP' as const) },
        { ALT: () => ($.CONSUME(K('SYNC')), 'SYNC' as const) },
      ]);
      $.CONSUME(K('PARTITIONS'));
    });
    return { kind: 'RepairTable', msck, name, option } as Plan;
  });
}

/** `ALTER VIEW v [AS] query` (vs. ALTER VIEW v SET TBLPROPERTIES …): a query follows the name. */
function viewAsAhead($: Grammar): boolean {
  let i = 2;
  if (is($, 2, 'IDENTIFIER_KW') && $.LA(3).tokenType === T.LParen) {
    // Skip `IDENTIFIER( … )` to its closing parenthesis.
    let depth = 0;
    i = 3;
    do {
      const t = $.LA(i).tokenType;
      if (t === T.LParen) depth++;
      else if (t === T.RParen) depth--;
      else if (t.name === 'EOF') return false;
      i++;
    } while (depth > 0);
    return is($, i, 'AS') || isQueryStart($, i);
  }
  while (tokenMatcher($.LA(i), T.Ident) && !is($, i, 'AS', 'SELECT', 'WITH', 'VALUES', 'FROM', 'TABLE')) {
    i++;
    if ($.LA(i).tokenType !== T.Dot) break;
    i++;
  }
  return is($, i, 'AS') || isQueryStart($, i);
}
