/** Data types: `int`, `decimal(10,2)`, `array<int>`, `map<string,int>`, `struct<a:int NOT NULL COMMENT 'x'>`, intervals. */
import type { IToken, TokenType } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { OrArg, Rule } from '../dsl.js';
import * as T from '../tokens.js';
import { invalidSyntax, syntaxError } from '../errors.js';
import { isIdentToken } from './expression.js';
import type { DataType, IntervalUnit, PrimitiveTypeName, StructField } from '../../plan/data-type.js';

const K = T.keyword;

/** The first tokens of the clauses after a type's name and parameters (checked against the grammar by test). */
export const TYPE_CLAUSE_STARTS: ReadonlySet<TokenType> = new Set(['WITH', 'WITHOUT', 'COLLATE'].map(K));

declare module '../rules.js' {
  interface Rules {
    dataType: Rule<DataType>;
    structField: Rule<StructField>;
    intervalUnit: Rule<IntervalUnit>;
  }
}

const PRIMITIVES: Readonly<Record<string, PrimitiveTypeName>> = {
  BOOLEAN: 'boolean',
  TINYINT: 'tinyint',
  BYTE: 'tinyint',
  SMALLINT: 'smallint',
  SHORT: 'smallint',
  INT: 'int',
  INTEGER: 'int',
  BIGINT: 'bigint',
  LONG: 'bigint',
  FLOAT: 'float',
  REAL: 'float',
  DOUBLE: 'double',
  DATE: 'date',
  BINARY: 'binary',
  VOID: 'void',
  VARIANT: 'variant',
};

/** Interval type fields: singular only (`INTERVAL DAYS` is no type). */
const UNIT: Readonly<Record<string, IntervalUnit>> = {
  YEAR: 'YEAR', MONTH: 'MONTH', DAY: 'DAY', HOUR: 'HOUR', MINUTE: 'MINUTE', SECOND: 'SECOND',
};
const UNIT_ORDER: readonly IntervalUnit[] = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];

/** `YEAR|MONTH TO MONTH`, `DAY|HOUR|MINUTE|SECOND TO HOUR|MINUTE|SECOND`, the end after the start. */
function checkIntervalType($: Grammar, from: IntervalUnit, to: IntervalUnit, at: IToken): void {
  const ym = (u: IntervalUnit): boolean => u === 'YEAR' || u === 'MONTH';
  const ok = ym(from) ? to === 'MONTH' : !ym(to) && to !== 'DAY';
  if (!ok) throw syntaxError(`Syntax error at or near '${at.image}'`, $.text, at.startOffset);
  if (UNIT_ORDER.indexOf(to) <= UNIT_ORDER.indexOf(from)) {
    throw invalidSyntax(`Intervals FROM ${from} TO ${to} are not supported`, $.text, at.startOffset);
  }
}

function integerParam($: Grammar, n: IToken): number {
  if (!/^\d+$/.test(n.image)) throw syntaxError(`Syntax error at or near '${n.image}'`, $.text, n.startOffset);
  return Number(n.image);
}

export function defineDataTypeRules($: Grammar): void {
  let dataTypeAlts: OrArg<DataType> | undefined; // built once: see OrArg
  defineRule($, 'dataType', (): DataType =>
    ($.shortcuts && simpleType($)) ||
    $.OR(dataTypeAlts ??= [
      {
        ALT: () => {
          $.CONSUME(K('ARRAY'));
          $.CONSUME(T.Lt);
          const element = $.SUBRULE($.dataType);
          $.CONSUME(T.Gt);
          return { kind: 'array', element } as DataType;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('MAP'));
          $.CONSUME1(T.Lt);
          const key = $.SUBRULE1($.dataType);
          $.CONSUME(T.Comma);
          const value = $.SUBRULE2($.dataType);
          $.CONSUME1(T.Gt);
          return { kind: 'map', key, value } as DataType;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('STRUCT'));
          const fields: StructField[] = [];
          $.OR1([
            { ALT: () => $.CONSUME(T.Neq) },
            {
              ALT: () => {
                $.CONSUME2(T.Lt);
                $.MANY_SEP({ SEP: T.Comma, DEF: () => fields.push($.SUBRULE($.structField)) });
                $.CONSUME2(T.Gt);
              },
            },
          ]);
          return { kind: 'struct', fields } as DataType;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('INTERVAL'));
          let from: IntervalUnit | null = null;
          let to: IntervalUnit | null = null;
          $.OPTION({
            GATE: () => UNIT[$.LA(1).image.toUpperCase()] !== undefined,
            DEF: () => {
              from = $.SUBRULE($.intervalUnit);
              $.OPTION1(() => {
                const toTok = $.CONSUME(K('TO'));
                to = $.SUBRULE1($.intervalUnit);
                $.ACTION(() => checkIntervalType($, from!, to!, toTok));
              });
            },
          });
          return { kind: 'interval', from, to } as DataType;
        },
      },
      {
        ALT: () => {
          const name = $.CONSUME(T.Ident);
          const params: (number | 'ANY')[] = [];
          $.OPTION2(() => {
            $.CONSUME(T.LParen);
            $.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () =>
                $.OR2([
                  {
                    ALT: () => {
                      const n = $.CONSUME(T.NumberLiteral);
                      $.ACTION(() => params.push(integerParam($, n)));
                    },
                  },
                  { ALT: () => ($.CONSUME(K('ANY')), params.push('ANY')) },
                ]),
            });
            $.CONSUME(T.RParen);
          });
          // Most types end here: one test instead of a lookahead per clause below.
          if ($.shortcuts && !TYPE_CLAUSE_STARTS.has($.LA(1).tokenType)) return primitiveType($, name, params, null, null);
          let zone: 'ltz' | 'ntz' | null = null;
          $.OPTION4({
            GATE: () => $.LA(2).tokenType === K('LOCAL'),
            DEF: () => {
              $.CONSUME(K('WITH'));
              $.CONSUME(K('LOCAL'));
              $.CONSUME(K('TIME'));
              $.CONSUME(K('ZONE'));
              zone = 'ltz';
            },
          });
          $.OPTION5({
            GATE: () => $.LA(2).tokenType === K('TIME'),
            DEF: () => {
              $.CONSUME(K('WITHOUT'));
              $.CONSUME1(K('TIME'));
              $.CONSUME1(K('ZONE'));
              zone = 'ntz';
            },
          });
          let collation: string | null = null;
          $.OPTION3(() => {
            $.CONSUME(K('COLLATE'));
            const parts = $.SUBRULE($.multipartIdentifier);
            $.ACTION(() => {
              collation = parts.join('.');
            });
          });
          return $.ACTION(() => primitiveType($, name, params, zone, collation));
        },
      },
    ]),
  );

  defineRule($, 'structField', (): StructField => {
    const name = $.SUBRULE($.identifier);
    $.OPTION(() => $.CONSUME(T.Colon));
    const type = $.SUBRULE($.dataType);
    let nullable = true;
    let comment: string | null = null;
    $.OPTION1(() => {
      $.CONSUME(K('NOT'));
      $.CONSUME(K('NULL'));
      nullable = false;
    });
    $.OPTION2(() => {
      $.CONSUME(K('COMMENT'));
      comment = $.SUBRULE($.stringConstant);
    });
    return { name, type, nullable, comment };
  });

  defineRule($, 'intervalUnit', (): IntervalUnit => {
    const t = $.CONSUME(T.Ident);
    return $.ACTION(() => {
      const u = UNIT[t.image.toUpperCase()];
      if (u === undefined) throw syntaxError(`'${t.image}' is not an interval unit`, $.text, t.startOffset);
      return u;
    });
  });
}

const ARRAY = K('ARRAY');
const MAP = K('MAP');
const STRUCT = K('STRUCT');
const INTERVAL = K('INTERVAL');

/**
 * A type by name, with integer parameters and no clause after it (`int`, `decimal(10, 2)`), read
 * as the last alternative of `dataType` reads it, without going through it; undefined, with
 * nothing consumed, for anything else.
 */
function simpleType($: Grammar): DataType | undefined {
  const name = $.LA(1);
  const type = name.tokenType;
  if (!isIdentToken(type) || type === ARRAY || type === MAP || type === STRUCT || type === INTERVAL) return undefined;
  let end = 2; // LA index after the type
  if ($.LA(2).tokenType === T.LParen) {
    for (end = 3; ; end += 2) {
      if ($.LA(end).tokenType !== T.NumberLiteral) return undefined;
      const after = $.LA(end + 1).tokenType;
      if (after === T.RParen) break;
      if (after !== T.Comma) return undefined;
    }
    end += 2;
  }
  if (TYPE_CLAUSE_STARTS.has($.LA(end).tokenType)) return undefined;
  // The rule checks each parameter as it reads it, then the type.
  const params: number[] = [];
  for (let i = 3; i < end; i += 2) params.push(integerParam($, $.LA(i)));
  $.currIdx += end - 1;
  return primitiveType($, name, params, null, null);
}

function primitiveType(
  $: Grammar,
  tok: IToken,
  params: readonly (number | 'ANY')[],
  zone: 'ltz' | 'ntz' | null,
  collation: string | null,
): DataType {
  const name = tok.image.toUpperCase();
  // The commonest case, a type without parameters or clauses.
  if (params.length === 0 && zone === null && collation === null) {
    const prim = PRIMITIVES[name];
    if (prim !== undefined) return { kind: 'primitive', name: prim };
    if (name === 'STRING') return { kind: 'string', collation };
  }
  const bad = (why: string): never => {
    throw syntaxError(why, $.text, tok.startOffset);
  };
  const nums = params.filter((p): p is number => p !== 'ANY');
  const spatial = name === 'GEOMETRY' || name === 'GEOGRAPHY';
  if (params.includes('ANY') && !spatial) bad(`Syntax error at or near 'ANY'`);
  if (collation !== null && !['STRING', 'CHAR', 'CHARACTER', 'VARCHAR'].includes(name)) bad(`COLLATE applies to STRING, CHAR and VARCHAR, not ${name}`);
  if (zone !== null && name !== 'TIMESTAMP' && !(name === 'TIME' && zone === 'ntz')) bad(`Syntax error at or near '${zone === 'ltz' ? 'WITH' : 'WITHOUT'}'`);
  const prim = PRIMITIVES[name];
  if (prim !== undefined) {
    if (params.length > 0) bad(`The data type ${name} takes no parameters`);
    return { kind: 'primitive', name: prim };
  }
  switch (name) {
    case 'STRING':
      if (params.length > 0) bad('The data type STRING takes no parameters');
      return { kind: 'string', collation };
    case 'DECIMAL':
    case 'DEC':
    case 'NUMERIC':
      if (params.length > 2) bad(`The data type ${name} takes at most two parameters`);
      return { kind: 'decimal', precision: nums[0] ?? 10, scale: nums[1] ?? 0 };
    case 'CHAR':
    case 'CHARACTER':
    case 'VARCHAR':
      if (params.length !== 1) {
        throw invalidSyntax(`The data type ${name} needs a length`, $.text, tok.startOffset);
      }
      return { kind: name === 'VARCHAR' ? 'varchar' : 'char', length: nums[0]!, collation };
    case 'TIMESTAMP':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ': {
      if (params.length > 1) bad(`The data type ${name} takes at most one parameter`);
      const variant = zone === 'ltz' ? 'timestamp_ltz' : zone === 'ntz' ? 'timestamp_ntz' : (name.toLowerCase() as 'timestamp');
      const p = nums[0];
      // 6 (microseconds) is the plain type; 7-9 are the nanosecond types.
      if (p !== undefined && p !== 6 && (p < 7 || p > 9)) {
        throw invalidSyntax(`Invalid precision ${p} for ${variant.toUpperCase()}: use 6 to 9`, $.text, tok.startOffset);
      }
      return { kind: 'timestamp', variant, precision: p === undefined || p === 6 ? null : p };
    }
    case 'TIME': {
      if (params.length > 1) bad('The data type TIME takes at most one parameter');
      const p = nums[0];
      if (p !== undefined && p > 9) {
        throw invalidSyntax(`Invalid precision ${p} for TIME: use 0 to 9`, $.text, tok.startOffset);
      }
      // TIME is TIME(6).
      return { kind: 'time', precision: p === undefined || p === 6 ? null : p };
    }
    case 'GEOMETRY':
    case 'GEOGRAPHY':
      if (params.length !== 1) bad(`Unsupported data type ${tok.image}`);
      return { kind: name === 'GEOMETRY' ? 'geometry' : 'geography', srid: params[0]! };
    default:
      return bad(`Unsupported data type ${tok.image}`);
  }
}
