/**
 * Hive's script transform (Spark's `transformClause`): `SELECT TRANSFORM(a, b)`, `MAP a, b` or
 * `REDUCE a, b`, then `[ROW FORMAT …] [RECORDWRITER 'w'] USING 'script' [AS (out)] [ROW FORMAT …]
 * [RECORDREADER 'r']`. The rest of the block (FROM, WHERE, GROUP BY, HAVING, WINDOW) is a SELECT
 * block's (grammar/query.ts), whose select list is the script's input.
 *
 * Checks Spark makes while building the tree (AstBuilder / SparkSqlAstBuilder):
 * - `TRANSFORM(DISTINCT …)` / `(ALL …)` fail (UNSUPPORTED_FEATURE.TRANSFORM_DISTINCT_ALL);
 * - RECORDWRITER / RECORDREADER classes fail (user-defined record reader/writer);
 * - `LINES TERMINATED BY` other than '\n' fails.
 */
import type { IToken } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import { SqlParseError, invalidSyntax, syntaxError } from '../errors.js';
import type { Expression } from '../../plan/expression.js';
import type { DataType, StructField } from '../../plan/data-type.js';
import type { RowFormat } from '../../plan/statement.js';

const K = T.keyword;

export interface TransformClause {
  readonly input: Expression[];
  readonly inRowFormat: RowFormat | null;
  readonly script: string;
  readonly output: StructField[] | null;
  readonly outRowFormat: RowFormat | null;
}

declare module '../rules.js' {
  interface Rules {
    transformClause: Rule<TransformClause>;
    transformQuantifier: Rule<void>;
    transformOutput: Rule<StructField[]>;
    transformColumn: Rule<{ field: StructField; typed: boolean }>;
  }
}

/**
 * Whether a SELECT block ahead is a script transform: `MAP`/`REDUCE`, or `SELECT TRANSFORM (…)`
 * followed by ROW FORMAT, RECORDWRITER or USING (otherwise `transform(…)` is the function).
 */
const MAP = K('MAP');
const REDUCE = K('REDUCE');
const SELECT = K('SELECT');
export function isTransformAhead($: Grammar): boolean {
  const t = $.LA(1).tokenType;
  if (t === MAP || t === REDUCE) return true;
  if (t !== SELECT || $.LA(2).tokenType !== K('TRANSFORM') || $.LA(3).tokenType !== T.LParen) return false;
  let depth = 0;
  for (let i = 3; ; i++) {
    const k = $.LA(i).tokenType;
    if (k === T.LParen) depth++;
    else if (k === T.RParen && --depth === 0) {
      const next = $.LA(i + 1).tokenType;
      return next === K('USING') || next === K('ROW') || next === K('RECORDWRITER');
    } else if (k.name === 'EOF') return false;
  }
}

/** A string column as `AS (a, b)` declares it (Spark: AttributeReference(name, StringType)). */
const untyped = (name: string): StructField => ({ name, type: { kind: 'string', collation: null }, nullable: true, comment: null });

/** Spark reads CHAR/VARCHAR output columns of a transform as STRING (replaceCharVarcharWithString). */
function charVarcharAsString(t: DataType): DataType {
  switch (t.kind) {
    case 'char':
    case 'varchar':
      return { kind: 'string', collation: t.collation };
    case 'array':
      return { kind: 'array', element: charVarcharAsString(t.element) };
    case 'map':
      return { kind: 'map', key: charVarcharAsString(t.key), value: charVarcharAsString(t.value) };
    case 'struct':
      return { kind: 'struct', fields: t.fields.map((f) => ({ ...f, type: charVarcharAsString(f.type) })) };
    default:
      return t;
  }
}

export function defineTransformRules($: Grammar): void {
  const refuseQuantifier = (tok: IToken): never => {
    throw new SqlParseError('UNSUPPORTED_FEATURE', 'TRANSFORM does not support DISTINCT/ALL in inputs', $.text, tok.startOffset);
  };
  const refuseRecordClass = (tok: IToken): never => {
    throw new SqlParseError('UNSUPPORTED_FEATURE', 'User-defined record reader/writer classes are not supported', $.text, tok.startOffset);
  };
  const checkRowFormat = (r: RowFormat | null, at: IToken): void => {
    if (r !== null && r.type === 'DELIMITED' && r.linesTerminatedBy !== null && r.linesTerminatedBy !== '\n') {
      throw invalidSyntax(`LINES TERMINATED BY only supports newline '\\n' right now: ${r.linesTerminatedBy}`, $.text, at.startOffset);
    }
  };

  defineRule($, 'transformClause', (): TransformClause => {
    const input: Expression[] = [];
    $.OR([
      {
        ALT: () => {
          $.CONSUME(K('SELECT'));
          $.CONSUME(K('TRANSFORM'));
          $.CONSUME(T.LParen);
          $.OPTION(() => $.SUBRULE($.transformQuantifier));
          $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => input.push($.SUBRULE($.expression)) });
          $.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          $.OR1([{ ALT: () => $.CONSUME(K('MAP')) }, { ALT: () => $.CONSUME(K('REDUCE')) }]);
          $.OPTION6(() => $.SUBRULE1($.transformQuantifier));
          $.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => input.push($.SUBRULE1($.expression)) });
        },
      },
    ]);
    let inRowFormat: RowFormat | null = null;
    const inAt = $.LA(1);
    $.OPTION1(() => (inRowFormat = $.SUBRULE($.rowFormat)));
    $.OPTION2(() => {
      const w = $.CONSUME(K('RECORDWRITER'));
      $.SUBRULE($.stringConstant);
      $.ACTION(() => refuseRecordClass(w));
    });
    $.CONSUME(K('USING'));
    const script = $.SUBRULE1($.stringConstant);
    let output: StructField[] | null = null;
    $.OPTION3(() => {
      $.CONSUME(K('AS'));
      output = $.OR3([
        {
          ALT: () => {
            $.CONSUME1(T.LParen);
            const cols = $.SUBRULE($.transformOutput);
            $.CONSUME1(T.RParen);
            return cols;
          },
        },
        { ALT: () => $.SUBRULE1($.transformOutput) },
      ]);
    });
    let outRowFormat: RowFormat | null = null;
    const outAt = $.LA(1);
    $.OPTION4(() => (outRowFormat = $.SUBRULE1($.rowFormat)));
    $.OPTION5(() => {
      const r = $.CONSUME(K('RECORDREADER'));
      $.SUBRULE2($.stringConstant);
      $.ACTION(() => refuseRecordClass(r));
    });
    $.ACTION(() => {
      checkRowFormat(inRowFormat, inAt);
      checkRowFormat(outRowFormat, outAt);
    });
    return { input, inRowFormat, script, output, outRowFormat };
  });

  /** DISTINCT / ALL before the input: Spark's grammar has them, its builder refuses them. */
  defineRule($, 'transformQuantifier', (): void => {
    const q = $.OR([{ ALT: () => $.CONSUME(K('DISTINCT')) }, { ALT: () => $.CONSUME(K('ALL')) }]);
    $.ACTION(() => refuseQuantifier(q));
  });

  /** `a, b` (string columns) or `a INT, b STRING` (Spark's identifierSeq | colTypeList). */
  defineRule($, 'transformOutput', (): StructField[] => {
    const cols: { field: StructField; typed: boolean }[] = [];
    const first = $.LA(1);
    $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => cols.push($.SUBRULE($.transformColumn)) });
    return $.ACTION(() => {
      const typed = cols.filter((c) => c.typed).length;
      if (typed !== 0 && typed !== cols.length) {
        throw syntaxError('Syntax error: the output columns of a transform are all typed or all untyped', $.text, first.startOffset);
      }
      return cols.map((c) => c.field);
    });
  });

  defineRule($, 'transformColumn', (): { field: StructField; typed: boolean } => {
    const name = $.SUBRULE($.identifier);
    return $.OR<{ field: StructField; typed: boolean }>([
      {
        GATE: () => startsType($),
        ALT: () => {
          const type = $.SUBRULE($.dataType);
          let nullable = true;
          let comment: string | null = null;
          $.OPTION(() => {
            $.CONSUME(K('NOT'));
            $.CONSUME(K('NULL'));
            nullable = false;
          });
          $.OPTION1(() => {
            $.CONSUME(K('COMMENT'));
            comment = $.SUBRULE($.stringConstant);
          });
          return $.ACTION(() => ({ field: { name, type: charVarcharAsString(type), nullable, comment }, typed: true }));
        },
      },
      // A bare name: what follows ends the column (`,`, `)` or the next clause).
      { ALT: () => ({ field: untyped(name), typed: false }) },
    ]);
  });
}

/** Words after an output column name that end the clause instead of giving its type. */
const CLAUSE_AFTER_OUTPUT = new Set(
  ['ROW', 'RECORDREADER', 'FROM', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'LATERAL', 'ORDER', 'SORT', 'CLUSTER', 'DISTRIBUTE', 'LIMIT', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT', 'SETMINUS', 'INSERT', 'SELECT', 'MAP', 'REDUCE'].map(K),
);

function startsType($: Grammar): boolean {
  const t = $.LA(1).tokenType;
  if (t === T.Comma || t === T.RParen || t === T.Semicolon || t.name === 'EOF') return false;
  return !CLAUSE_AFTER_OUTPUT.has(t);
}
